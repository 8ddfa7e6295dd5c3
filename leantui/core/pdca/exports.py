"""The tables the PDCA module can export: cycles, their whys, countermeasures,
measurements and phase changes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.hooks import ExportColumn, ExportTable, Scope
from leantui.core.pdca import cycles
from leantui.core.pdca.models import Countermeasure, Cycle, Measurement, Why

BATCH = 1000
CYCLE_KEYS = (
    "id",
    "title",
    "problem",
    "metric",
    "unit",
    "baseline",
    "goal",
    "direction",
    "owner",
    "team",
    "area",
    "start",
    "due",
    "status",
    "phase",
    "phase_since",
    "current_state",
    "root_cause",
    "standard",
    "standard_where",
    "abandon_reason",
    "parent_id",
    "created_at",
    "closed_at",
    "latest",
    "target_met",
)


def _columns(keys: Sequence[str]) -> list[ExportColumn]:
    return [ExportColumn(key, f"fields.{key}") for key in keys]


def _cycle_rows(db: Database, ids: list[int]) -> Iterator[Sequence[Any]]:
    rows = {r.id: r for r in cycles.rows_in_scope(db, Scope())}
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    query = select(
        c.id,
        c.problem,
        c.current_state,
        c.root_cause,
        c.standard,
        c.standard_where,
        c.abandon_reason,
        c.created_at,
    ).where(c.id.in_(ids))
    with db.read() as session:
        more = {r[0]: r[1:] for r in session.execute(query.order_by(c.id))}
    for cycle_id in sorted(ids):
        r = rows[cycle_id]
        problem, current, cause, standard, where, abandon, created = more[cycle_id]
        t = r.target
        yield (
            r.id,
            r.title,
            problem,
            t.metric,
            t.unit,
            t.baseline,
            t.goal,
            t.direction,
            r.owner,
            r.team,
            r.area,
            r.start,
            r.due,
            r.status,
            r.phase,
            r.phase_since,
            current,
            cause,
            standard,
            where,
            abandon,
            r.parent_id,
            created,
            r.closed_at,
            r.latest,
            r.target_met,
        )


def _stream(db: Database, query: Any) -> Iterator[Sequence[Any]]:
    with db.read() as session:
        yield from session.execute(query.execution_options(yield_per=BATCH))


def _phase_rows(db: Database, ids: list[int], scope: Scope) -> Iterator[Sequence[Any]]:
    e = Event.__table__.c  # type: ignore[attr-defined]
    query = (
        select(e.id, e.at, e.actor, e.entity_id, e.action, e.payload)
        .where(
            e.entity_type == cycles.ENTITY,
            e.action.in_(cycles.PHASE_ACTIONS),
            e.entity_id.in_(ids),
        )
        .order_by(e.id)
    )
    if scope.since is not None:
        query = query.where(e.at >= scope.since)
    if scope.until is not None:
        query = query.where(e.at < scope.until)
    for event_id, at, actor, cycle_id, action, payload in _stream(db, query):
        change = cycles.phase_change(at, actor, action, payload)
        yield (
            event_id,
            at,
            actor,
            cycle_id,
            action,
            change.from_phase,
            change.to_phase,
            change.reason,
        )


def tables(db: Database, scope: Scope) -> list[ExportTable]:
    ids = [r.id for r in cycles.rows_in_scope(db, scope)]
    w = Why.__table__.c  # type: ignore[attr-defined]
    x = Countermeasure.__table__.c  # type: ignore[attr-defined]
    m = Measurement.__table__.c  # type: ignore[attr-defined]
    whys = (
        select(w.cycle_id, w.position, w.why, w.because)
        .where(w.cycle_id.in_(ids))
        .order_by(w.cycle_id, w.position)
    )
    actions = (
        select(x.id, x.cycle_id, x.position, x.text, x.owner, x.due, x.card_id)
        .where(x.cycle_id.in_(ids))
        .order_by(x.cycle_id, x.position, x.id)
    )
    measured = (
        select(m.id, m.cycle_id, m.measured_on, m.value, m.note)
        .where(m.cycle_id.in_(ids))
        .order_by(m.cycle_id, m.measured_on, m.id)
    )
    return [
        ExportTable("cycles", "pdca.export_cycles", _columns(CYCLE_KEYS), _cycle_rows(db, ids)),
        ExportTable(
            "whys",
            "pdca.export_whys",
            _columns(("cycle_id", "position", "why", "because")),
            _stream(db, whys),
        ),
        ExportTable(
            "countermeasures",
            "pdca.export_countermeasures",
            _columns(("id", "cycle_id", "position", "countermeasure", "owner", "due", "card_id")),
            _stream(db, actions),
        ),
        ExportTable(
            "measurements",
            "pdca.export_measurements",
            _columns(("id", "cycle_id", "date", "value", "note")),
            _stream(db, measured),
        ),
        ExportTable(
            "phase_changes",
            "pdca.export_phase_changes",
            _columns(
                ("id", "at", "actor", "cycle_id", "action", "from_phase", "to_phase", "reason")
            ),
            _phase_rows(db, ids, scope),
        ),
    ]
