"""Moving a cycle through its phases, and Act. Phases advance one at a time, P → D → C
→ A; going back to any earlier phase needs a reason; advancing to Check while no
countermeasure is on a board needs the user's confirmation (NoDoActions). In Act the
cycle is standardized and closed, or adjusted: closed, with a follow-up cycle linked to
it that inherits its title, target and area; any open cycle can be abandoned with a
reason. Every phase change is an event (`phase`, `close`, `abandon`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.errors import ValidationError
from leantui.core.pdca import cycles, rules
from leantui.core.pdca.errors import NoDoActions, WrongPhase
from leantui.core.pdca.models import Countermeasure, Cycle
from leantui.core.pdca.rows import CycleChange
from leantui.core.services import validate


def _set_phase(session: Session, cycle: Cycle, to: str, reason: str = "") -> dict[str, Any]:
    payload: dict[str, Any] = {"from": cycle.phase, "to": to}
    if reason:
        payload["reason"] = reason
    cycle.phase, cycle.phase_since = to, clock.now()
    cycles.record(session, cycle, "phase", payload)
    return payload


def _has_do_actions(session: Session, cycle_id: int) -> bool:
    count = session.execute(
        select(func.count()).where(
            col(Countermeasure.cycle_id) == cycle_id, col(Countermeasure.card_id).is_not(None)
        )
    ).scalar_one()
    return bool(count)


def _advance(session: Session, cycle: Cycle, revision: int, confirm: bool) -> CycleChange:
    cycles.require_open(cycle)
    to = rules.next_phase(cycle.phase)
    if to is None:
        raise ValidationError("pdca.act_is_last", field="phase", id=cycle.id)
    if to == "C" and not confirm and not _has_do_actions(session, cycle.id or 0):
        raise NoDoActions(cycle.id or 0)
    payload = _set_phase(session, cycle, to)
    return cycles.changed(session, cycle, revision, "phase", payload)


def _back(session: Session, cycle: Cycle, revision: int, to: str, reason: str) -> CycleChange:
    cycles.require_open(cycle)
    if not rules.is_back(cycle.phase, to):
        raise ValidationError("pdca.not_back", field="phase", current=cycle.phase, to=to)
    if not reason:
        raise ValidationError("pdca.back_needs_reason", field="reason", phase=to)
    payload = _set_phase(session, cycle, to, reason)
    return cycles.changed(session, cycle, revision, "phase", payload)


def advance(
    db: Database,
    cycle_id: int,
    *,
    confirm: bool = False,
    expected_version: int | None = None,
) -> CycleChange:
    """The next phase: Plan → Do → Check → Act. From Do to Check with no countermeasure
    on a board only with `confirm` (else NoDoActions, for the screen to ask). Act is the
    last phase: it ends by standardizing, following up or abandoning."""
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        return _advance(session, cycle, revision, confirm)


def go_back(
    db: Database,
    cycle_id: int,
    reason: str,
    *,
    to: str | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """Back to `to` (default: the phase before), saying why."""
    reason = cycles.clean(reason, "reason", limit=validate.MAX_REASON)
    wanted = None if to is None else validate.choice(to.strip().upper(), "phase", rules.PHASES)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        if wanted is None:
            index = rules.phase_index(cycle.phase)
            if index == 0:
                raise ValidationError("pdca.plan_is_first", field="phase", id=cycle_id)
            wanted = rules.PHASES[index - 1]
        return _back(session, cycle, revision, wanted, reason)


def move_to(
    db: Database,
    cycle_id: int,
    to: str,
    *,
    reason: str = "",
    confirm: bool = False,
    expected_version: int | None = None,
) -> CycleChange:
    """To the next phase (as `advance`) or back to an earlier one, with a reason: what a
    screen's phase picker calls. Skipping ahead is refused: phases advance in order."""
    to = validate.choice((to or "").strip().upper(), "phase", rules.PHASES)
    reason = cycles.clean(reason, "reason", limit=validate.MAX_REASON)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        cycles.require_open(cycle)
        if to == cycle.phase:
            return cycles.changed(session, cycle, revision, "")
        if rules.is_back(cycle.phase, to):
            return _back(session, cycle, revision, to, reason)
        if not rules.is_forward_step(cycle.phase, to):
            raise ValidationError(
                "pdca.phase_out_of_order", field="phase", current=cycle.phase, to=to
            )
        return _advance(session, cycle, revision, confirm)


def _in_act(cycle: Cycle) -> None:
    cycles.require_open(cycle)
    if cycle.phase != "A":
        raise WrongPhase(cycle.id or 0, cycle.phase, ("A",))


def _close(session: Session, cycle: Cycle, payload: dict[str, Any]) -> None:
    cycle.status, cycle.closed_at = "closed", clock.now()
    cycles.record(session, cycle, "close", {"from": cycle.phase, "to": None, **payload})


def standardize(
    db: Database,
    cycle_id: int,
    what: str,
    where: str = "",
    *,
    close: bool = True,
    expected_version: int | None = None,
) -> CycleChange:
    """Act: what became the standard and where it is written; then the cycle is closed
    (unless `close` is False)."""
    what = cycles.clean(what, "standard", required=True)
    where = cycles.clean(where, "standard_where", limit=validate.MAX_REASON)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        _in_act(cycle)
        payload = {"standard": what, "where": where}
        cycle.standard, cycle.standard_where = what, where
        cycles.record(session, cycle, "standardize", payload)
        if close:
            _close(session, cycle, {})
        return cycles.changed(
            session, cycle, revision, "close" if close else "standardize", payload
        )


def close(db: Database, cycle_id: int, *, expected_version: int | None = None) -> CycleChange:
    """Close a cycle in Act."""
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        _in_act(cycle)
        _close(session, cycle, {})
        return cycles.changed(session, cycle, revision, "close")


def abandon(
    db: Database, cycle_id: int, reason: str, *, expected_version: int | None = None
) -> CycleChange:
    """Stop an open cycle in any phase; the reason is required."""
    reason = cycles.clean(reason, "abandon_reason", required=True, limit=validate.MAX_REASON)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        cycles.require_open(cycle)
        cycle.status, cycle.closed_at, cycle.abandon_reason = "abandoned", clock.now(), reason
        payload = {"from": cycle.phase, "to": None, "reason": reason}
        cycles.record(session, cycle, "abandon", payload)
        return cycles.changed(session, cycle, revision, "abandon", payload)


def follow_up(
    db: Database,
    cycle_id: int,
    due: str | date | None,
    *,
    start: str | date | None = None,
    owner: str | None = None,
    baseline: str | float | None = None,
    goal: str | float | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """Act, adjust: close this cycle and start a follow-up linked to it, inheriting its
    title, target (metric, unit, baseline, goal, direction), team, area and owner; a
    new baseline or goal (where the first cycle left off, say) and owner may be given.
    Returns the new cycle (`other_id`: this one)."""
    with db.write() as session:
        parent, _revision = cycles.lock(session, cycle_id, expected_version)
        _in_act(parent)
        fields: dict[str, Any] = {
            "title": parent.title,
            "owner": parent.owner if owner is None else owner,
            "due": due,
            "start": start,
            "metric": parent.metric,
            "unit": parent.unit,
            "baseline": parent.baseline if baseline is None or baseline == "" else baseline,
            "goal": parent.goal if goal is None or goal == "" else goal,
            "team_id": parent.team_id,
            "area_id": parent.area_id,
        }
        values = cycles.clean_fields(fields)
        if values["start"] is None:
            values["start"] = clock.today()
        values["direction"] = (
            rules.infer_direction(values["baseline"], values["goal"]) or parent.direction
        )
        values["parent_id"] = cycle_id
        cycles.check_whole(values)
        change = cycles.insert(session, values, "create", {"parent_id": cycle_id})
        _close(session, parent, {"follow_up": change.view.id})
        session.flush()
        view = cycles.view_in(session, change.view.id, change.revision)
        return CycleChange(view, change.revision, "follow_up", change.payload, cycle_id)
