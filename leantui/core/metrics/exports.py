"""The metric tables `leantui export` writes (registered through the shared spec's
`exports`): throughput per ISO week, each completed card's lead and cycle time, the
cumulative flow per column and day, and the aging of open cards. They cover the scope's
whole history, up to today; the report is computed once, when the first table's rows
are read."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

from leantui.core.db.engine import Database
from leantui.core.hooks import ExportColumn, ExportTable, Scope
from leantui.core.metrics.report import FlowReport, flow_report, history_period


def _columns(*keys: str) -> list[ExportColumn]:
    return [ExportColumn(key, f"metrics.col_{key}") for key in keys]


def _rows(
    report: Callable[[], FlowReport], make: Callable[[FlowReport], Iterator[Sequence[Any]]]
) -> Iterator[Sequence[Any]]:
    yield from make(report())


def _throughput(r: FlowReport) -> Iterator[Sequence[Any]]:
    yield from r.throughput


def _times(r: FlowReport) -> Iterator[Sequence[Any]]:
    names = dict(r.boards)
    for c in r.done:
        cycle = round(c.cycle_days, 3) if c.cycle_days is not None else None
        yield (
            c.card_id,
            names.get(c.board_id, ""),
            c.title,
            c.created,
            c.started,
            c.done,
            round(c.lead_days, 3),
            cycle,
            round(c.blocked_days, 3),
        )


def _cfd(r: FlowReport) -> Iterator[Sequence[Any]]:
    names = dict(r.boards)
    ordered = sorted(r.columns.values(), key=lambda c: (names.get(c.board_id, ""), c.position))
    for i, day in enumerate(r.days):
        for column in ordered:
            counts = r.column_counts.get(column.id)
            if counts is None and not column.live:
                continue
            yield (
                day,
                names.get(column.board_id, ""),
                column.name,
                column.kind,
                counts[i] if counts else 0,
            )


def _aging(r: FlowReport) -> Iterator[Sequence[Any]]:
    names = dict(r.boards)
    for a in r.aging:
        yield (
            a.card_id,
            names.get(a.board_id, ""),
            a.title,
            a.column,
            a.since,
            round(a.age_days, 3),
            a.over_p85,
            a.blocked,
        )


def tables(db: Database, scope: Scope) -> list[ExportTable]:
    @cache
    def report() -> FlowReport:
        return flow_report(db, scope, history_period(db, scope))

    def table(name: str, columns: list[ExportColumn], make: Any) -> ExportTable:
        return ExportTable(name, f"metrics.table_{name}", columns, _rows(report, make))

    return [
        table("metric_throughput", _columns("week", "completed"), _throughput),
        table(
            "metric_lead_cycle",
            _columns(
                "card",
                "board",
                "title",
                "created",
                "started",
                "done",
                "lead_days",
                "cycle_days",
                "blocked_days",
            ),
            _times,
        ),
        table("metric_cfd", _columns("day", "board", "column", "kind", "cards"), _cfd),
        table(
            "metric_aging",
            _columns(
                "card", "board", "title", "column", "since", "age_days", "over_p85", "blocked"
            ),
            _aging,
        ),
    ]
