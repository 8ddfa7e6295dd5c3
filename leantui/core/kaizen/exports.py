"""The tables the kaizen module can export: suggestions with every field, every status
change with who and when, and the monthly metrics per team. Rows are streamed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from leantui.core.db.engine import Database
from leantui.core.db.models import Event, Team
from leantui.core.hooks import ExportColumn, ExportTable, Scope
from leantui.core.kaizen import metrics, rules, suggestions

BATCH = 1000
SUGGESTION_COLUMNS = (
    "id",
    "title",
    "submitter",
    "team",
    "area",
    "category",
    "problem",
    "proposal",
    "benefit",
    "estimated_saving",
    "actual_saving",
    "currency",
    "status",
    "reviewer",
    "reason",
    "submitted_at",
    "decided_at",
    "implement_by",
    "implemented_on",
    "card_id",
    "follow_up_cycle_id",
)
CHANGE_COLUMNS = ("at", "actor", "suggestion_id", "action", "from_status", "to_status", "reason")
METRIC_COLUMNS = (
    "team",
    "month",
    "submitted",
    "submitters",
    "headcount",
    "participation",
    "decided",
    "adopted",
    "rejected",
    "implemented",
    "adoption_rate",
    "implementation_rate",
    "median_days",
    "estimated_saving",
    "actual_saving",
    "currency",
)


def _columns(keys: Sequence[str]) -> list[ExportColumn]:
    return [ExportColumn(key, f"fields.{key}") for key in keys]


def _suggestion_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    found = suggestions.list_suggestions(
        db, team_id=scope.team_id, area_id=scope.area_id, sort="id", descending=False
    )
    for row in found:
        yield tuple(getattr(row, name) for name in SUGGESTION_COLUMNS)


def _change_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    e = Event.__table__.c  # type: ignore[attr-defined]
    query = (
        select(e.at, e.actor, e.entity_id, e.action, e.payload)
        .where(e.entity_type == suggestions.ENTITY, e.action.in_(suggestions.STATUS_ACTIONS))
        .order_by(e.id)
    )
    if scope.team_id is not None:
        query = query.where(e.team_id == scope.team_id)
    if scope.since is not None:
        query = query.where(e.at >= scope.since)
    if scope.until is not None:
        query = query.where(e.at < scope.until)
    if scope.area_id is not None:
        query = query.where(e.area_id == scope.area_id)
    with db.read() as session:
        for at, actor, entity_id, action, payload in session.execute(
            query.execution_options(yield_per=BATCH)
        ):
            facts = payload if isinstance(payload, dict) else {}
            yield (
                at,
                actor,
                entity_id,
                action,
                facts.get("from", ""),
                facts.get("to", ""),
                facts.get("reason", ""),
            )


def _metric_rows(db: Database, scope: Scope, currency: str) -> Iterator[Sequence[Any]]:
    teams: set[int] | None = None
    if scope.area_id is not None and scope.team_id is None:
        tm = Team.__table__.c  # type: ignore[attr-defined]
        with db.read() as session:
            teams = {
                row[0] for row in session.execute(select(tm.id).where(tm.area_id == scope.area_id))
            }
    for stats in metrics.monthly(db, team_id=scope.team_id, currency=currency):
        if teams is not None and stats.team_id not in teams:
            continue
        yield tuple(getattr(stats, name) for name in METRIC_COLUMNS)


def tables(db: Database, scope: Scope, currency: str = rules.CURRENCY) -> list[ExportTable]:
    """The monthly metrics count the savings in `currency` (the configured one)."""
    return [
        ExportTable(
            "kaizen_suggestions",
            "kaizen.export_suggestions",
            _columns(SUGGESTION_COLUMNS),
            _suggestion_rows(db, scope),
        ),
        ExportTable(
            "kaizen_status_changes",
            "kaizen.export_status_changes",
            _columns(CHANGE_COLUMNS),
            _change_rows(db, scope),
        ),
        ExportTable(
            "kaizen_metrics",
            "kaizen.export_metrics",
            _columns(METRIC_COLUMNS),
            _metric_rows(db, scope, currency),
        ),
    ]
