"""Plan and Do: the current state, the 5 Whys chain, the root cause and the
countermeasures; in Do, each countermeasure becomes a card on a board, linked both
ways (the card's source is the cycle, the countermeasure keeps the card)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from leantui.core.db.engine import Database
from leantui.core.errors import NotFound, ValidationError
from leantui.core.i18n import t
from leantui.core.kanban.models import Board
from leantui.core.pdca import cycles, rules
from leantui.core.pdca.errors import WrongPhase
from leantui.core.pdca.models import Countermeasure, Cycle, Why
from leantui.core.pdca.rows import CycleChange
from leantui.core.services import validate

PLAN_ONLY = ("P",)  # the analysis is changed in Plan (going back to it needs a reason)
ACTIONS_IN = ("P", "D")  # countermeasures are added and changed in Plan and Do


def _in_phase(cycle: Cycle, phases: tuple[str, ...]) -> None:
    cycles.require_open(cycle)
    if cycle.phase not in phases:
        raise WrongPhase(cycle.id or 0, cycle.phase, phases)


def clean_whys(lines: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The chain as stored: lines left wholly empty are dropped, a "because" needs its
    "why", at most MAX_WHYS lines."""
    out = []
    for n, (why, because) in enumerate(lines, 1):
        why = cycles.clean(why, "why", limit=validate.MAX_REASON)
        because = cycles.clean(because, "because", limit=validate.MAX_REASON)
        if not why and not because:
            continue
        if not why:
            raise ValidationError("pdca.why_missing", field="why", n=n)
        out.append((why, because))
    if len(out) > rules.MAX_WHYS:
        raise ValidationError(
            "pdca.too_many_whys", field="why", count=len(out), limit=rules.MAX_WHYS
        )
    return out


def set_plan(
    db: Database,
    cycle_id: int,
    *,
    current_state: str | None = None,
    whys: Sequence[tuple[str, str]] | None = None,
    root_cause: str | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """Plan, in one change (the Plan form's save): the current state, the 5 Whys chain
    (replaced as a whole by `whys`, (why, because) lines, up to 7) and the root cause it
    ends in; what is None stays as it is. All checked before anything is saved."""
    fields: dict[str, Any] = {}
    if current_state is not None:
        fields["current_state"] = cycles.clean(current_state, "current_state")
    if root_cause is not None:
        fields["root_cause"] = cycles.clean(root_cause, "root_cause")
    chain = None if whys is None else clean_whys(whys)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        _in_phase(cycle, PLAN_ONLY)
        changes: dict[str, Any] = {
            name: [getattr(cycle, name), value]
            for name, value in fields.items()
            if getattr(cycle, name) != value
        }
        for name, (_old, new) in changes.items():
            setattr(cycle, name, new)
        if chain is not None and chain != _whys_of(session, cycle_id):
            # Core DELETE first: the unit of work would insert the new rows before deleting
            # the old ones, and (cycle, position) is unique.
            session.execute(delete(Why).where(col(Why.cycle_id) == cycle_id))
            for position, (why, because) in enumerate(chain, 1):
                session.add(Why(cycle_id=cycle_id, position=position, why=why, because=because))
            changes["whys"] = [list(line) for line in chain]
        if not changes:
            return cycles.changed(session, cycle, revision, "")
        cycles.record(session, cycle, "plan", changes)
        return cycles.changed(session, cycle, revision, "plan", changes)


def _whys_of(session: Session, cycle_id: int) -> list[tuple[str, str]]:
    query = select(Why).where(col(Why.cycle_id) == cycle_id).order_by(col(Why.position))
    return [(w.why, w.because) for w in session.execute(query).scalars()]


def set_whys(
    db: Database,
    cycle_id: int,
    lines: Sequence[tuple[str, str]],
    *,
    root_cause: str | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """Replace the 5 Whys chain (and the root cause when given): set_plan's whys."""
    return set_plan(
        db, cycle_id, whys=lines, root_cause=root_cause, expected_version=expected_version
    )


def _clean_action(text: str | None, owner: str | None, due: str | date | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if text is not None:
        out["text"] = cycles.clean(text, "countermeasure", required=True, limit=validate.MAX_REASON)
    if owner is not None:
        out["owner"] = cycles.clean(owner, "owner", limit=validate.MAX_NAME)
    if due is not None:
        out["due"] = validate.optional_date(due, "due")
    return out


def add_countermeasure(
    db: Database,
    cycle_id: int,
    text: str,
    *,
    owner: str = "",
    due: str | date | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """A countermeasure at the end of the cycle's list, in Plan or Do."""
    fields = _clean_action(text, owner, due)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        _in_phase(cycle, ACTIONS_IN)
        last = session.execute(
            select(func.max(Countermeasure.position)).where(
                col(Countermeasure.cycle_id) == cycle_id
            )
        ).scalar()
        action = Countermeasure(cycle_id=cycle_id, position=(last or 0) + 1, **fields)
        session.add(action)
        session.flush()
        payload = {"countermeasure": action.id, **fields}
        cycles.record(session, cycle, "countermeasure", payload)
        return cycles.changed(session, cycle, revision, "countermeasure", payload)


def _action(session: Session, countermeasure_id: int) -> Countermeasure:
    found = session.get(Countermeasure, countermeasure_id)
    if found is None:
        raise NotFound("pdca.no_such_countermeasure", id=countermeasure_id)
    return found


def _lock_action(
    session: Session, countermeasure_id: int, expected_version: int | None
) -> tuple[Countermeasure, Cycle, int]:
    cycle_id = session.execute(
        select(col(Countermeasure.cycle_id)).where(col(Countermeasure.id) == countermeasure_id)
    ).scalar()
    if cycle_id is None:
        raise NotFound("pdca.no_such_countermeasure", id=countermeasure_id)
    cycle, revision = cycles.lock(session, cycle_id, expected_version)
    return _action(session, countermeasure_id), cycle, revision


def edit_countermeasure(
    db: Database,
    countermeasure_id: int,
    *,
    text: str | None = None,
    owner: str | None = None,
    due: str | date | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """Change a countermeasure's text, owner or due date (its card, once made, keeps its
    own), in Plan or Do."""
    fields = _clean_action(text, owner, due)
    with db.write() as session:
        action, cycle, revision = _lock_action(session, countermeasure_id, expected_version)
        _in_phase(cycle, ACTIONS_IN)
        changes = {
            name: [getattr(action, name), value]
            for name, value in fields.items()
            if getattr(action, name) != value
        }
        if not changes:
            return cycles.changed(session, cycle, revision, "")
        for name, (_old, new) in changes.items():
            setattr(action, name, new)
        payload = {"countermeasure": countermeasure_id, **changes}
        cycles.record(session, cycle, "countermeasure_edit", payload)
        return cycles.changed(session, cycle, revision, "countermeasure_edit", payload)


def remove_countermeasure(
    db: Database, countermeasure_id: int, *, expected_version: int | None = None
) -> CycleChange:
    """Remove a countermeasure that is not on a board yet, in Plan or Do."""
    with db.write() as session:
        action, cycle, revision = _lock_action(session, countermeasure_id, expected_version)
        _in_phase(cycle, ACTIONS_IN)
        if action.card_id is not None:
            raise ValidationError(
                "pdca.countermeasure_has_card",
                field="countermeasure",
                id=countermeasure_id,
                card=action.card_id,
            )
        payload = {"countermeasure": countermeasure_id, "text": action.text}
        session.delete(action)
        cycles.record(session, cycle, "countermeasure_remove", payload)
        return cycles.changed(session, cycle, revision, "countermeasure_remove", payload)


def put_on_board(
    db: Database,
    cycle_id: int,
    board_id: int,
    *,
    countermeasure_ids: Sequence[int] | None = None,
    override_reason: str | None = None,
    expected_version: int | None = None,
) -> CycleChange:
    """Do: a card on `board_id` (its first column) for each countermeasure that has none
    (or for those of `countermeasure_ids`), with the countermeasure's owner (else the
    cycle's) and due date; the card's source is the cycle and the countermeasure keeps
    the card. All or none: a column at its WIP limit without an override reason refuses
    every card (kanban.cards.WipLimitReached)."""
    from leantui.core.kanban import cards

    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        _in_phase(cycle, ("D",))
        board = session.get(Board, board_id)
        if board is None:
            raise NotFound("kanban.no_such_board", name=board_id)
        if board.archived:
            raise ValidationError("pdca.board_archived", field="board", name=board.name)
        query = (
            select(Countermeasure)
            .where(col(Countermeasure.cycle_id) == cycle_id)
            .order_by(col(Countermeasure.position), col(Countermeasure.id))
        )
        actions = list(session.execute(query).scalars())
        if countermeasure_ids is not None:
            known = {a.id for a in actions}
            for wanted in countermeasure_ids:
                if wanted not in known:
                    raise NotFound("pdca.no_such_countermeasure", id=wanted)
            actions = [a for a in actions if a.id in set(countermeasure_ids)]
        made = []
        for action in actions:
            if action.card_id is not None:
                continue
            first_line = action.text.splitlines()[0] if action.text else ""
            description = t("pdca.card_description", id=cycle.id, title=cycle.title)
            if action.text != first_line:
                description += "\n\n" + action.text
            change = cards.add_card(
                db,
                board_id,
                first_line[: validate.MAX_TITLE],
                override_reason=override_reason,
                description=description,
                owner=action.owner or cycle.owner,
                due=action.due,
                source_type=cycles.SOURCE_TYPE,
                source_id=cycle.id,
                tags="PDCA",
            )
            action.card_id = change.card_id
            made.append({"countermeasure": action.id, "card_id": change.card_id})
        if not made:
            return cycles.changed(session, cycle, revision, "")
        payload = {"board_id": board_id, "cards": made}
        cycles.record(session, cycle, "do", payload)
        return cycles.changed(session, cycle, revision, "do", payload)
