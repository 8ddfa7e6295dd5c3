"""PDCA cycles: create and edit one (checked as a whole: nothing is saved half-way), the
list with its filters, one cycle with everything its screens and its A3 show, and the
card-source hook. The phase work is in plan.py, checks.py and phases.py.

Every write locks the cycle's scope first (`pdca:<id>`, then the list's, `pdca`: see
services/revisions.py), records its event with the cycle's team and area, updates the
cycle row (so its version counts every change of the cycle and its parts) and returns
what the cycle's screen draws next (a CycleChange)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import Session, col

from leantui.core import clock
from leantui.core import text as text_rules
from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Event, Revision, Team
from leantui.core.errors import Conflict, NotFound, ValidationError
from leantui.core.hooks import Scope
from leantui.core.i18n import t
from leantui.core.kanban import rules as kanban_rules
from leantui.core.kanban.models import Board, BoardColumn, Card
from leantui.core.pdca import metrics, rules
from leantui.core.pdca.models import Countermeasure, Cycle, Measurement, Why
from leantui.core.pdca.rows import (
    CountermeasureRow,
    CycleChange,
    CycleLink,
    CycleRow,
    CycleView,
    MeasurementRow,
    Metrics,
    PhaseChange,
    Target,
    WhyRow,
)
from leantui.core.services import events, revisions, validate

ENTITY = "pdca_cycle"  # the events' entity type
SOURCE_TYPE = "pdca"  # a countermeasure card's source_type; its source_id is the cycle
LIST = "pdca"  # the list's scope: any change of any cycle
EDITABLE = (
    "title",
    "problem",
    "metric",
    "unit",
    "baseline",
    "goal",
    "direction",
    "owner",
    "team_id",
    "area_id",
    "start",
    "due",
)
MULTILINE = ("problem", "current_state", "root_cause", "why", "because", "countermeasure")
PHASE_ACTIONS = ("create", "phase", "close", "abandon")  # events that change the phase


def scope(cycle_id: int) -> str:
    return f"pdca:{cycle_id}"


# --- checking input ---------------------------------------------------------------------------


def clean(
    value: str | None,
    field: str,
    *,
    required: bool = False,
    limit: int = validate.MAX_TEXT,
) -> str:
    """Text as stored: trimmed, line breaks as \\n (kept only in the fields that may hold
    several lines), no control characters, within `limit`."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return validate.text(value, field, required=required, limit=limit, multiline=field in MULTILINE)


def number(value: str | float | None, field: str) -> float | None:
    """A number typed into a form ("12.5", "１２"), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        found = float(value) if math.isfinite(value) and abs(value) < rules.LIMIT else None
    else:
        found = rules.parse_number(str(value))
    if found is None:
        raise ValidationError("pdca.v_not_number", field=field, value=value)
    return found


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Each editable field present in `fields`, checked on its own; unknown names are a
    bug."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            out[name] = clean(value, "title", required=True, limit=validate.MAX_TITLE)
        elif name == "owner":
            out[name] = clean(value, "owner", required=True, limit=validate.MAX_NAME)
        elif name in ("metric", "unit"):
            out[name] = clean(value, name, limit=validate.MAX_NAME)
        elif name == "problem":
            out[name] = clean(value, name)
        elif name in ("baseline", "goal"):
            out[name] = number(value, name)
        elif name == "direction":
            out[name] = (
                validate.choice(str(value).strip().lower(), "direction", rules.DIRECTIONS)
                if value
                else None
            )
        elif name in ("team_id", "area_id"):
            out[name] = (
                None if value is None or value == "" else validate.optional_count(value, name)
            )
        elif name in ("start", "due"):
            out[name] = validate.optional_date(value, name)
            if name == "due" and out[name] is None:
                raise ValidationError("core.v_required", field="due")
    return out


def check_whole(values: dict[str, Any]) -> None:
    """The rules between fields, on the values the cycle would have."""
    start, due = values["start"], values["due"]
    if start is None:
        raise ValidationError("core.v_required", field="start")
    if due < start:
        raise ValidationError(
            "pdca.v_due_before_start", field="due", due=due.isoformat(), start=start.isoformat()
        )
    baseline, goal = values.get("baseline"), values.get("goal")
    if baseline is not None and goal is not None:
        if baseline == goal:
            raise ValidationError(
                "pdca.v_goal_is_baseline", field="goal", value=rules.format_number(goal)
            )
        better = rules.infer_direction(baseline, goal)
        if values.get("direction") and values["direction"] != better:
            key = "pdca.v_goal_not_higher" if better == "lower" else "pdca.v_goal_not_lower"
            raise ValidationError(
                key,
                field="direction",
                goal=rules.format_number(goal),
                baseline=rules.format_number(baseline),
            )


def _check_scope(session: Session, values: dict[str, Any], creating: bool) -> None:
    """The team and the area exist; a new cycle of a team is in the team's area unless
    another is given."""
    team_id, area_id = values.get("team_id"), values.get("area_id")
    if team_id is not None:
        team = session.get(Team, team_id)
        if team is None:
            raise NotFound("kanban.no_such_team", id=team_id)
        if creating and area_id is None:
            values["area_id"] = team.area_id
    if area_id is not None and session.get(Area, area_id) is None:
        raise NotFound("core.no_such_area", name=area_id)


# --- inside a unit of work ----------------------------------------------------------------------


def lock(session: Session, cycle_id: int, expected_version: int | None = None) -> tuple[Cycle, int]:
    """The cycle, read after its scope (and the list's) was bumped; and its revision."""
    revision = revisions.bump(session, scope(cycle_id))
    revisions.bump(session, LIST)
    cycle = session.get(Cycle, cycle_id, populate_existing=True)
    if cycle is None:
        raise NotFound("pdca.no_such_cycle", id=cycle_id)
    if expected_version is not None and cycle.version != expected_version:
        raise Conflict("pdca.cycle_conflict", id=cycle_id)
    return cycle, revision


def record(session: Session, cycle: Cycle, action: str, payload: Any = None) -> None:
    """The event of a change of `cycle`, with its team and area; the cycle's row is
    updated too, so its version moves with every change."""
    events.record(
        session,
        ENTITY,
        cycle.id or 0,
        action,
        payload,
        team_id=cycle.team_id,
        area_id=cycle.area_id,
    )
    cycle.updated_at = clock.now()


def require_open(cycle: Cycle) -> None:
    if cycle.status == "closed":
        raise ValidationError("pdca.is_closed", field="status", id=cycle.id)
    if cycle.status == "abandoned":
        raise ValidationError("pdca.is_abandoned", field="status", id=cycle.id)


def changed(
    session: Session,
    cycle: Cycle,
    revision: int,
    action: str,
    payload: dict[str, Any] | None = None,
    other_id: int | None = None,
) -> CycleChange:
    session.flush()
    view = view_in(session, cycle.id or 0, revision)
    return CycleChange(view, revision, action, payload or {}, other_id)


# --- creating and editing ----------------------------------------------------------------------


def create_cycle(
    db: Database,
    title: str,
    owner: str,
    due: str | date | None,
    *,
    start: str | date | None = None,
    problem: str = "",
    metric: str = "",
    unit: str = "",
    baseline: str | float | None = None,
    goal: str | float | None = None,
    direction: str | None = None,
    team_id: int | str | None = None,
    area_id: int | str | None = None,
) -> CycleChange:
    """A new cycle in Plan. Refused, with the field at fault named and nothing saved: a
    due date before the start, a baseline or goal that is not a number, a goal equal to
    the baseline or on the wrong side of it for the direction. Without a direction, the
    target says it (a goal below the baseline: lower is better); the start defaults to
    today; a team's cycle is in the team's area."""
    values = clean_fields(
        {
            "title": title,
            "owner": owner,
            "due": due,
            "start": start,
            "problem": problem,
            "metric": metric,
            "unit": unit,
            "baseline": baseline,
            "goal": goal,
            "direction": direction,
            "team_id": team_id,
            "area_id": area_id,
        }
    )
    if values["start"] is None:
        values["start"] = clock.today()
    check_whole(values)
    if values["direction"] is None:
        values["direction"] = rules.infer_direction(values["baseline"], values["goal"]) or "higher"
    with db.write() as session:
        revisions.bump(session, LIST)
        _check_scope(session, values, creating=True)
        return insert(session, values, "create")


def insert(
    session: Session, values: dict[str, Any], action: str, payload: dict[str, Any] | None = None
) -> CycleChange:
    """Add a checked cycle (the caller holds the list's lock) and record its event."""
    at = clock.now()
    cycle = Cycle(**values, phase="P", phase_since=at, created_at=at, updated_at=at)
    session.add(cycle)
    session.flush()
    revision = revisions.bump(session, scope(cycle.id or 0))
    data = {**values, "phase": "P", **(payload or {})}
    record(session, cycle, action, data)
    return changed(session, cycle, revision, action, data)


def editable_values(view: CycleView) -> dict[str, Any]:
    """The stored values of the editable fields: what an edit form starts from, and what
    `edit_cycle(base=…)` checks."""
    row = view.row
    return {
        "title": row.title,
        "problem": view.problem,
        "metric": row.target.metric,
        "unit": row.target.unit,
        "baseline": row.target.baseline,
        "goal": row.target.goal,
        "direction": row.target.direction,
        "owner": row.owner,
        "team_id": row.team_id,
        "area_id": row.area_id,
        "start": row.start,
        "due": row.due,
    }


def edit_cycle(
    db: Database, cycle_id: int, base: int | dict[str, Any] | None = None, **fields: Any
) -> CycleChange:
    """Change the given fields, checked with the others as the cycle would then be (and
    a start after a measurement refused). `base`: the version read (refused if anything
    changed since), or the values a form was filled from (refused only if one of those
    changed), or None."""
    cleaned = clean_fields(fields)
    with db.write() as session:
        cycle, revision = lock(session, cycle_id, base if isinstance(base, int) else None)
        if isinstance(base, dict) and any(
            getattr(cycle, name) != value for name, value in base.items()
        ):
            raise Conflict("pdca.cycle_conflict", id=cycle_id)
        merged = {name: getattr(cycle, name) for name in EDITABLE}
        merged.update(cleaned)
        if "direction" in cleaned and cleaned["direction"] is None:  # left blank: the target's
            better = rules.infer_direction(merged["baseline"], merged["goal"])
            cleaned["direction"] = merged["direction"] = better or cycle.direction
        check_whole(merged)
        _check_scope(session, cleaned, creating=False)
        if "start" in cleaned:
            first = session.execute(
                select(col(Measurement.measured_on))
                .where(col(Measurement.cycle_id) == cycle_id)
                .order_by(col(Measurement.measured_on))
                .limit(1)
            ).scalar()
            if first is not None and first < merged["start"]:
                raise ValidationError(
                    "pdca.v_start_after_measurement",
                    field="start",
                    start=merged["start"].isoformat(),
                    date=first.isoformat(),
                )
        changes = {
            name: [getattr(cycle, name), value]
            for name, value in cleaned.items()
            if getattr(cycle, name) != value
        }
        if not changes:
            return changed(session, cycle, revision, "")
        for name, (_old, new) in changes.items():
            setattr(cycle, name, new)
        record(session, cycle, "edit", changes)
        return changed(session, cycle, revision, "edit", changes)


# --- reading ---------------------------------------------------------------------------------


def _row_query() -> Select[Any]:
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    tm, ar = Team.__table__.c, Area.__table__.c  # type: ignore[attr-defined]
    return (
        select(
            c.id,
            c.title,
            c.owner,
            c.team_id,
            tm.name,
            c.area_id,
            ar.name,
            c.status,
            c.phase,
            c.phase_since,
            c.start,
            c.due,
            c.metric,
            c.unit,
            c.baseline,
            c.goal,
            c.direction,
            c.closed_at,
            c.parent_id,
            c.version,
        )
        .outerjoin(Team.__table__, tm.id == c.team_id)  # type: ignore[attr-defined]
        .outerjoin(Area.__table__, ar.id == c.area_id)  # type: ignore[attr-defined]
    )


def _latest_values(
    session: Session, cycle_ids: Iterable[int] | None
) -> dict[int, tuple[date, float]]:
    """cycle id → (date, value) of its latest measurement."""
    m = Measurement.__table__.c  # type: ignore[attr-defined]
    query = select(m.cycle_id, m.measured_on, m.value).order_by(m.cycle_id, m.id)
    if cycle_ids is not None:
        query = query.where(m.cycle_id.in_(list(cycle_ids)))
    found: dict[int, list[tuple[date, float]]] = {}
    for cycle_id, measured_on, value in session.execute(query):
        found.setdefault(cycle_id, []).append((measured_on, value))
    out = {}
    for cycle_id, values in found.items():
        last = rules.latest(values)
        if last is not None:
            out[cycle_id] = last
    return out


def _rows(session: Session, query: Select[Any], today: date) -> list[CycleRow]:
    raw = session.execute(query).all()
    latest = _latest_values(session, [r[0] for r in raw]) if raw else {}
    rows = []
    for r in raw:
        last = latest.get(r[0])
        status, phase_since, due = r[7], r[9], r[11]
        rows.append(
            CycleRow(
                id=r[0],
                title=r[1],
                owner=r[2],
                team_id=r[3],
                team=r[4] or "",
                area_id=r[5],
                area=r[6] or "",
                status=status,
                phase=r[8],
                phase_since=phase_since,
                start=r[10],
                due=due,
                target=Target(r[12], r[13], r[14], r[15], r[16]),
                latest=last[1] if last else None,
                latest_on=last[0] if last else None,
                closed_at=r[17],
                parent_id=r[18],
                version=r[19],
                days_in_phase=rules.days_since(  # until it was closed, for a closed one
                    phase_since, rules.local_date(r[17]) if r[17] else today
                ),
                overdue=rules.is_overdue(due, status, today),
                due_soon=rules.is_due_soon(due, status, today),
            )
        )
    return rows


def _order(rows: list[CycleRow]) -> list[CycleRow]:
    """Open cycles first, the soonest due first; then the rest, the latest closed first."""
    open_rows = sorted((r for r in rows if r.status == "open"), key=lambda r: (r.due, r.id))
    ended = sorted(
        (r for r in rows if r.status != "open"),
        key=lambda r: (r.closed_at.timestamp() if r.closed_at else 0, r.id),
        reverse=True,
    )
    return open_rows + ended


def list_cycles(
    db: Database,
    *,
    status: str | None = None,
    owner: str | None = None,
    area_id: int | None = None,
    team_id: int | None = None,
    phase: str | None = None,
) -> list[CycleRow]:
    """The cycles that pass every filter given: open ones first, soonest due first."""
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    query = _row_query()
    if status:
        query = query.where(c.status == validate.choice(status, "status", rules.STATUSES))
    if phase:
        query = query.where(c.phase == validate.choice(phase.upper(), "phase", rules.PHASES))
    if owner:
        query = query.where(c.owner == owner.strip())
    if area_id is not None:
        query = query.where(c.area_id == area_id)
    if team_id is not None:
        query = query.where(c.team_id == team_id)
    with db.read() as session:
        return _order(_rows(session, query, clock.today()))


def cycle_row(db: Database, cycle_id: int) -> CycleRow:
    with db.read() as session:
        return _row_in(session, cycle_id)


def _row_in(session: Session, cycle_id: int) -> CycleRow:
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    found = _rows(session, _row_query().where(c.id == cycle_id), clock.today())
    if not found:
        raise NotFound("pdca.no_such_cycle", id=cycle_id)
    return found[0]


def view(db: Database, cycle_id: int) -> CycleView:
    """One cycle with its whys, countermeasures (and their cards), measurements, phase
    history and links, at the revision it was read."""
    with db.read() as session:
        found = session.get(Revision, scope(cycle_id))
        return view_in(session, cycle_id, found.revision if found else 0)


def view_in(session: Session, cycle_id: int, revision: int) -> CycleView:
    row = _row_in(session, cycle_id)
    cycle = session.get(Cycle, cycle_id)
    assert cycle is not None
    whys = [
        WhyRow(w.position, w.why, w.because)
        for w in session.execute(
            select(Why).where(col(Why.cycle_id) == cycle_id).order_by(col(Why.position))
        ).scalars()
    ]
    m = Measurement.__table__.c  # type: ignore[attr-defined]
    measurements = [
        MeasurementRow(*r)
        for r in session.execute(
            select(m.id, m.measured_on, m.value, m.note)
            .where(m.cycle_id == cycle_id)
            .order_by(m.measured_on, m.id)
        )
    ]
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    parent = None
    if cycle.parent_id is not None:
        found = session.execute(
            select(c.id, c.title, c.status).where(c.id == cycle.parent_id)
        ).first()
        parent = CycleLink(*found) if found else None
    follow_ups = [
        CycleLink(*r)
        for r in session.execute(
            select(c.id, c.title, c.status).where(c.parent_id == cycle_id).order_by(c.id)
        )
    ]
    return CycleView(
        row=row,
        problem=cycle.problem,
        current_state=cycle.current_state,
        root_cause=cycle.root_cause,
        standard=cycle.standard,
        standard_where=cycle.standard_where,
        abandon_reason=cycle.abandon_reason,
        created_at=cycle.created_at,
        whys=whys,
        countermeasures=countermeasures_in(session, [cycle_id]),
        measurements=measurements,
        history=_history(session, cycle_id),
        parent=parent,
        follow_ups=follow_ups,
        revision=revision,
    )


def countermeasures_in(session: Session, cycle_ids: list[int]) -> list[CountermeasureRow]:
    """The cycles' countermeasures in order, each with its card as the board has it."""
    x = Countermeasure.__table__.c  # type: ignore[attr-defined]
    k, b = Card.__table__.c, BoardColumn.__table__.c  # type: ignore[attr-defined]
    bd = Board.__table__.c  # type: ignore[attr-defined]
    query = (
        select(
            x.id,
            x.cycle_id,
            x.position,
            x.text,
            x.owner,
            x.due,
            x.card_id,
            k.title,
            k.board_id,
            bd.name,
            b.name,
            b.kind,
            k.blocked,
            k.blocked_reason,
            k.due,
            k.archived_at,
        )
        .outerjoin(Card.__table__, k.id == x.card_id)  # type: ignore[attr-defined]
        .outerjoin(BoardColumn.__table__, b.id == k.column_id)  # type: ignore[attr-defined]
        .outerjoin(Board.__table__, bd.id == k.board_id)  # type: ignore[attr-defined]
        .where(x.cycle_id.in_(cycle_ids))
        .order_by(x.cycle_id, x.position, x.id)
    )
    today = clock.today()
    out = []
    for r in session.execute(query):
        card_id, title, kind, card_due, archived = r[6], r[7], r[11], r[14], r[15]
        if card_id is None:
            state, overdue = "", False
        elif title is None:
            state, overdue = "gone", False
        elif kind == "done" or archived is not None:
            state, overdue = "done", False
        else:
            overdue = kanban_rules.is_overdue(card_due, kind, today)
            state = "overdue" if overdue else "open"
        out.append(
            CountermeasureRow(
                id=r[0],
                cycle_id=r[1],
                position=r[2],
                text=r[3],
                owner=r[4],
                due=r[5],
                card_id=card_id,
                card_title=title or "",
                board_id=r[8],
                board=r[9] or "",
                column=r[10] or "",
                column_kind=kind or "",
                blocked=bool(r[12]) and state in ("open", "overdue"),
                blocked_reason=r[13] or "",
                card_due=card_due,
                overdue=overdue,
                state=state,
            )
        )
    return out


def _history(session: Session, cycle_id: int) -> list[PhaseChange]:
    e = Event.__table__.c  # type: ignore[attr-defined]
    query = (
        select(e.at, e.actor, e.action, e.payload)
        .where(e.entity_type == ENTITY, e.entity_id == cycle_id, e.action.in_(PHASE_ACTIONS))
        .order_by(e.id)
    )
    return [phase_change(*r) for r in session.execute(query)]


def phase_change(at: Any, actor: str, action: str, payload: dict[str, Any]) -> PhaseChange:
    """A phase event as the history shows it."""
    if action == "create":
        return PhaseChange(at, actor, action, None, "P", "")
    return PhaseChange(
        at, actor, action, payload.get("from"), payload.get("to"), payload.get("reason", "")
    )


# --- metrics --------------------------------------------------------------------------------


def in_scope(query: Select[Any], scope: Scope) -> Select[Any]:
    """Only the cycles of the scope's team or area; of a board: those with a card there."""
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    if scope.team_id is not None:
        query = query.where(c.team_id == scope.team_id)
    if scope.area_id is not None:
        query = query.where(c.area_id == scope.area_id)
    if scope.board_id is not None:
        x, k = Countermeasure.__table__.c, Card.__table__.c  # type: ignore[attr-defined]
        on_board = (
            select(x.cycle_id)
            .join(Card.__table__, k.id == x.card_id)  # type: ignore[attr-defined]
            .where(k.board_id == scope.board_id)
        )
        query = query.where(c.id.in_(on_board))
    return query


def rows_in_scope(db: Database, scope: Scope) -> list[CycleRow]:
    with db.read() as session:
        return _order(_rows(session, in_scope(_row_query(), scope), clock.today()))


def metrics_of(db: Database, scope: Scope | None = None) -> Metrics:
    """On-time closure, target met, days per phase and open cycles per owner over the
    cycles in `scope` (all by default), as of today."""
    today = clock.today()
    rows = rows_in_scope(db, scope or Scope())
    outcomes = [
        metrics.Outcome(
            r.status,
            r.due,
            rules.local_date(r.closed_at) if r.closed_at else None,
            r.owner,
            r.target_met,
        )
        for r in rows
    ]
    e = Event.__table__.c  # type: ignore[attr-defined]
    changes: dict[int, list[Any]] = {}
    ids = [r.id for r in rows]
    with db.read() as session:
        c = Cycle.__table__.c  # type: ignore[attr-defined]
        created: dict[int, Any] = {
            cycle_id: at
            for cycle_id, at in session.execute(select(c.id, c.created_at).where(c.id.in_(ids)))
        }
        query = (
            select(e.entity_id, e.at, e.payload)
            .where(e.entity_type == ENTITY, e.action == "phase", e.entity_id.in_(ids))
            .order_by(e.id)
        )
        for cycle_id, at, payload in session.execute(query):
            changes.setdefault(cycle_id, []).append((at, payload.get("to")))
    all_stays = [
        stay
        for r in rows
        for stay in metrics.stays(created[r.id], changes.get(r.id, []), r.closed_at)
    ]
    return Metrics(
        cycles=len(rows),
        open=sum(1 for r in rows if r.status == "open"),
        on_time=metrics.on_time_closure(outcomes, today),
        target_met=metrics.target_met_share(outcomes),
        days_per_phase=metrics.average_days_per_phase(all_stays),
        open_per_owner=metrics.open_per_owner(outcomes),
    )


# --- the card source hook ---------------------------------------------------------------------


def describe(db: Database, source_type: str, source_id: int) -> str | None:
    """A countermeasure card's source: "PDCA #3 · <title>"."""
    with db.read() as session:
        cycle = session.get(Cycle, source_id)
        if cycle is None:
            return None
        return t("pdca.source_cycle", id=cycle.id, title=text_rules.shown(cycle.title))


def countermeasures_of(db: Database, cycle_ids: list[int]) -> list[CountermeasureRow]:
    """The countermeasures of these cycles, with their cards (one query)."""
    if not cycle_ids:
        return []
    with db.read() as session:
        return countermeasures_in(session, cycle_ids)
