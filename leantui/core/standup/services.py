"""Stand-ups: begun for a team (its stops taken from the agenda and kept), walked stop by
stop (marked discussed or skipped, an action card made, an escalation raised), finished
with who attended, then listed and shown as a record.

Every write bumps the team's stand-up scope first (on PostgreSQL writers of one team take
turns), checks everything, then writes the change and its event in one transaction. A
finished stand-up is a record: its stops take no more changes."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlmodel import Session

from leantui.core import clock
from leantui.core.actor import current_actor
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.db.models import Team
from leantui.core.errors import NotFound, ValidationError
from leantui.core.hooks import Attention
from leantui.core.i18n import t
from leantui.core.kanban.rows import CardRow

if TYPE_CHECKING:
    from leantui.core.kanban.cards import WipLimitReached
from leantui.core.services import events, revisions, validate
from leantui.core.standup import agenda as agenda_rules
from leantui.core.standup.models import Escalation, Standup, StandupAttendance, StandupStop
from leantui.core.standup.rows import (
    ActionRow,
    EscalationRow,
    Plan,
    StandupRecord,
    StandupRow,
    Stop,
)

SOURCE_TYPE = "standup_stop"  # an action card's source_type; its source_id is the stop
ENTITY = "standup"  # the events' entity_type
OUTCOMES = ("", "discussed", "skipped")
_STOP_FIELDS = tuple(f.name for f in fields(Stop))


def scope(team_id: int) -> str:
    """The revision scope of a team's stand-ups, escalations and safety cross: what a
    stand-up screen polls."""
    return f"standup:{team_id}"


def _tables() -> tuple[Any, Any, Any, Any, Any]:
    return (
        Standup.__table__,  # type: ignore[attr-defined]
        StandupStop.__table__,  # type: ignore[attr-defined]
        StandupAttendance.__table__,  # type: ignore[attr-defined]
        Escalation.__table__,  # type: ignore[attr-defined]
        Team.__table__,  # type: ignore[attr-defined]
    )


# --- inside a unit of work ---------------------------------------------------------------


def check_team(session: Session, team_id: int) -> Team:
    found = session.get(Team, team_id)
    if found is None:
        raise NotFound("standup.no_such_team", name=team_id)
    return found


def _standup_query() -> Any:
    s, _, _, _, tm = _tables()
    return select(
        s.c.id, s.c.team_id, tm.c.name, s.c.started_at, s.c.ended_at, s.c.minutes, s.c.led_by
    ).select_from(s.join(tm, tm.c.id == s.c.team_id))


def _standup_row(session: Session, standup_id: int) -> StandupRow:
    s = _tables()[0]
    found = session.execute(_standup_query().where(s.c.id == standup_id)).first()
    if found is None:
        raise NotFound("standup.no_such_standup", id=standup_id)
    return StandupRow(*found)


def _open_standup(session: Session, standup_id: int) -> Standup:
    """The stand-up, read after its team's scope was bumped; refused once finished."""
    team_id = session.execute(
        select(_tables()[0].c.team_id).where(_tables()[0].c.id == standup_id)
    ).scalar()
    if team_id is None:
        raise NotFound("standup.no_such_standup", id=standup_id)
    revisions.bump(session, scope(team_id))
    found = session.get(Standup, standup_id, populate_existing=True)
    if found is None:
        raise NotFound("standup.no_such_standup", id=standup_id)
    if found.ended_at is not None:
        raise ValidationError("standup.finished", field="standup", id=standup_id)
    return found


def _open_stop(session: Session, stop_id: int) -> tuple[StandupStop, Standup]:
    standup_id = session.execute(
        select(_tables()[1].c.standup_id).where(_tables()[1].c.id == stop_id)
    ).scalar()
    if standup_id is None:
        raise NotFound("standup.no_such_stop", id=stop_id)
    standup = _open_standup(session, standup_id)
    stop = session.get(StandupStop, stop_id, populate_existing=True)
    assert stop is not None  # stops are never deleted
    return stop, standup


def _record(session: Session, standup: Standup, action: str, payload: dict[str, Any]) -> None:
    events.record(session, ENTITY, standup.id or 0, action, payload, team_id=standup.team_id)


def _stop_row(stop: StandupStop) -> Stop:
    return Stop(*(getattr(stop, name) for name in _STOP_FIELDS))


def _last_started(session: Session, team_id: int, finished: bool) -> datetime | None:
    s = _tables()[0]
    done = s.c.ended_at.is_not(None) if finished else s.c.ended_at.is_(None)
    return session.execute(
        select(func.max(s.c.started_at)).where(s.c.team_id == team_id, done)
    ).scalar()


def _card_of(item: Attention) -> int | None:
    if item.entity_type == "card":
        return item.entity_id
    found = item.facts.get("card_id")  # an escalation keeps its stop's card
    return int(found) if isinstance(found, int) else None


def _boards_of(session: Session, card_ids: list[int]) -> dict[int, int]:
    from leantui.core.kanban.models import Card

    c = Card.__table__.c  # type: ignore[attr-defined]
    query = select(c.id, c.board_id).where(c.id.in_(card_ids))
    return {int(row[0]): int(row[1]) for row in session.execute(query)} if card_ids else {}


def _places(session: Session, items: list[Attention]) -> list[tuple[int | None, int | None]]:
    """Each stop's card (when it is about one) and board: a card's as it is stored."""
    card_ids = [_card_of(item) for item in items]
    boards = _boards_of(session, [card for card in card_ids if card is not None])
    return [
        (card, item.board_id if card is None else boards.get(card))
        for item, card in zip(items, card_ids, strict=True)
    ]


# --- a stand-up ------------------------------------------------------------------------------


def since(db: Database, team_id: int) -> datetime | None:
    """When the team's last finished stand-up started: what "since the last stand-up"
    means for its 5S results."""
    with db.read() as session:
        return _last_started(session, team_id, finished=True)


PLAN_KEEPS = timedelta(minutes=5)  # what only the clock changes (a card turning old) waits


def plan(
    db: Database, team_id: int, settings: Settings | None = None, previous: Plan | None = None
) -> Plan:
    """The agenda a stand-up of the team begun now would walk, read ahead (the lobby
    does it while the team looks at the safety cross) for `begin` to store at once;
    `previous` as it is while it still `holds`."""
    settings = settings or Settings()
    with db.read() as session:
        check_team(session, team_id)
        last = _last_started(session, team_id, finished=True)
        newest = events.newest(session)  # read first: a change after it makes it stale
    if previous is not None and holds(previous, team_id, last, newest, settings):
        return previous
    made_at = clock.now()
    items = agenda_rules.agenda(db, team_id, last, settings)
    lines = [agenda_rules.why(item) for item in items]
    with db.read() as session:
        places = _places(session, items)
    options = agenda_rules.options(settings)
    return Plan(team_id, last, newest, options, made_at, items, lines, places)


def holds(
    planned: Plan, team_id: int, since: datetime | None, newest: int, settings: Settings
) -> bool:
    """Whether a plan is what the agenda would read now: nothing changed since (no new
    event, the same last stand-up and options), read today, a few minutes ago at most."""
    now = clock.now()
    return (
        planned.team_id == team_id
        and planned.since == since
        and planned.newest_event == newest
        and planned.options == agenda_rules.options(settings)
        and planned.made_at <= now < planned.made_at + PLAN_KEEPS
        and planned.made_at.astimezone().date() == now.astimezone().date()
    )


def begin(
    db: Database,
    team_id: int,
    minutes: int | None = None,
    settings: Settings | None = None,
    planned: Plan | None = None,
) -> StandupRecord:
    """A new stand-up of the team with its stops taken from the agenda now, committed at
    once, as `show` would read it. When the team has an unfinished stand-up begun today,
    that one is returned instead, so a crash or a closed terminal resumes it. A `planned`
    agenda (`plan`) is taken as it is while it `holds`, else read again."""
    settings = settings or Settings()
    timer = validate.optional_count(minutes, "minutes") or settings.standup.minutes
    with db.read() as session:
        check_team(session, team_id)
        resumed = _resumable(session, team_id)
        if resumed is not None:
            return show(db, resumed.id)
        last = _last_started(session, team_id, finished=True)
        if planned is not None and not holds(
            planned, team_id, last, events.newest(session), settings
        ):
            planned = None
    places: list[tuple[int | None, int | None]] | None = None
    if planned is not None:
        items, lines, places = planned.items, planned.lines, planned.places
    else:
        items = agenda_rules.agenda(db, team_id, last, settings)
        lines = [agenda_rules.why(item) for item in items]
    with db.write() as session:
        revisions.bump(session, scope(team_id))
        check_team(session, team_id)
        resumed = _resumable(session, team_id)  # begun meanwhile, elsewhere
        if resumed is not None:
            return show(db, resumed.id)
        standup = Standup(team_id=team_id, minutes=timer, led_by=current_actor())
        session.add(standup)
        session.flush()
        if places is None:
            places = _places(session, items)
        rows: list[dict[str, Any]] = [
            {
                "standup_id": standup.id,
                "position": position,
                "module": item.module,
                "kind": item.kind,
                "entity_type": item.entity_type,
                "entity_id": item.entity_id,
                "title": item.title,
                "why": line,
                "outcome": "",
                "note": "",
                "card_id": card_id,
                "board_id": board_id,
                "since": item.since,
            }
            for position, (item, line, (card_id, board_id)) in enumerate(
                zip(items, lines, places, strict=True)
            )
        ]
        st = _tables()[1]
        if rows:  # one INSERT for them all: a big board has hundreds of stops
            session.execute(insert(st), rows)
        _record(session, standup, "begin", {"minutes": timer, "stops": len(items)})
        session.flush()
        # The record as written (a new stand-up has no attendance, actions or
        # escalations yet): only the stops' ids are read back, not the stops.
        ids = session.execute(
            select(st.c.id).where(st.c.standup_id == standup.id).order_by(st.c.position)
        ).scalars()
        found = [
            Stop(id=stop_id, **{k: row[k] for k in _STOP_FIELDS if k != "id"})
            for stop_id, row in zip(ids, rows, strict=True)
        ]
        return _record_of(_standup_row(session, standup.id or 0), stops=found)


def _resumable(session: Session, team_id: int) -> StandupRow | None:
    s = _tables()[0]
    found = session.execute(
        select(s.c.id, s.c.started_at)
        .where(s.c.team_id == team_id, s.c.ended_at.is_(None))
        .order_by(s.c.started_at.desc(), s.c.id.desc())
    ).first()
    if found is None or found.started_at.astimezone().date() != clock.today():
        return None
    return _standup_row(session, found.id)


def stops(db: Database, standup_id: int) -> list[Stop]:
    st = _tables()[1]
    query = select(*(st.c[name] for name in _STOP_FIELDS)).where(st.c.standup_id == standup_id)
    with db.read() as session:
        _standup_row(session, standup_id)
        return [Stop(*row) for row in session.execute(query.order_by(st.c.position))]


def mark(db: Database, stop_id: int, outcome: str, note: str = "") -> Stop:
    """What became of a stop: "discussed", "skipped" or "" (not yet), with a note."""
    outcome = validate.choice(outcome, "outcome", OUTCOMES)
    note = validate.text(note, "note", limit=validate.MAX_REASON)
    with db.write() as session:
        stop, standup = _open_stop(session, stop_id)
        stop.outcome, stop.note = outcome, note
        _record(session, standup, "mark", {"stop_id": stop_id, "outcome": outcome, "note": note})
        session.flush()
        return _stop_row(stop)


def _team_board(session: Session, team_id: int) -> int:
    from leantui.core.kanban import rules
    from leantui.core.kanban.models import Board

    b = Board.__table__.c  # type: ignore[attr-defined]
    live = session.execute(
        select(b.id, b.name).where(b.team_id == team_id, b.archived.is_(False))
    ).all()
    found = rules.pick_default([(int(row[0]), str(row[1])) for row in live], "")
    if found is None:
        raise ValidationError("standup.no_board", field="board")
    return found


def _action_board(session: Session, stop: StandupStop, team_id: int) -> int:
    """The board an action card of the stop goes on unless told: the stop's, else the
    team's."""
    return stop.board_id or _team_board(session, team_id)


def action_wip_check(db: Database, stop_id: int) -> WipLimitReached | None:
    """What an action card made at the stop now would meet in its column (the first of
    its board): the reason is asked before the form is filled in, as on the board."""
    from leantui.core.kanban import cards

    with db.read() as session:
        stop = session.get(StandupStop, stop_id)
        if stop is None:
            raise NotFound("standup.no_such_stop", id=stop_id)
        team_id = session.execute(
            select(_tables()[0].c.team_id).where(_tables()[0].c.id == stop.standup_id)
        ).scalar_one()
        column = cards.entry_column(session, _action_board(session, stop, team_id))
    return cards.wip_check(db, column.id or 0)


def add_action(
    db: Database,
    stop_id: int,
    title: str,
    owner: str,
    due: str | date | None,
    board_id: int | None = None,
    override_reason: str | None = None,
) -> CardRow:
    """An action card for a stop, made through the kanban service with the stop as its
    source: on `board_id`, else the stop's board, else the team's board (the first by
    name). Into a column at its WIP limit only with a reason, as for any card."""
    from leantui.core.kanban import cards

    with db.write() as session:
        stop, standup = _open_stop(session, stop_id)
        target = board_id or _action_board(session, stop, standup.team_id)
        change = cards.add_card(
            db,
            target,
            title,
            override_reason=override_reason,
            owner=owner,
            due=due,
            description=t("standup.card_description", id=standup.id, stop=stop.title),
            source_type=SOURCE_TYPE,
            source_id=stop_id,
        )
        payload = {"stop_id": stop_id, "card_id": change.card_id, "board_id": target}
        _record(session, standup, "action", payload)
        assert change.card is not None  # a new card is live
        return change.card


def escalate(db: Database, stop_id: int, note: str) -> EscalationRow:
    """Flag a stop for the next level up, with a note saying what is asked of them. It
    shows on the team's next stand-ups until cleared."""
    note = validate.text(note, "note", required=True, limit=validate.MAX_REASON)
    with db.write() as session:
        standup = _open_stop(session, stop_id)[1]
        e = _tables()[3]
        taken = session.execute(
            select(e.c.id).where(e.c.stop_id == stop_id, e.c.cleared_at.is_(None))
        ).scalar()
        if taken is not None:
            raise ValidationError("standup.already_escalated", field="note", id=taken)
        found = Escalation(
            team_id=standup.team_id,
            standup_id=standup.id or 0,
            stop_id=stop_id,
            note=note,
            raised_by=current_actor(),
        )
        session.add(found)
        session.flush()
        payload = {"stop_id": stop_id, "escalation_id": found.id, "note": note}
        _record(session, standup, "escalate", payload)
        return _escalation_row(session, found.id or 0)


def clear_escalation(db: Database, escalation_id: int) -> EscalationRow:
    with db.write() as session:
        e = _tables()[3]
        team_id = session.execute(select(e.c.team_id).where(e.c.id == escalation_id)).scalar()
        if team_id is None:
            raise NotFound("standup.no_such_escalation", id=escalation_id)
        revisions.bump(session, scope(team_id))
        found = session.get(Escalation, escalation_id, populate_existing=True)
        assert found is not None
        if found.cleared_at is not None:
            raise ValidationError("standup.already_cleared", field="escalation", id=escalation_id)
        found.cleared_at, found.cleared_by = clock.now(), current_actor()
        events.record(
            session, "escalation", escalation_id, "clear", {"note": found.note}, team_id=team_id
        )
        session.flush()
        return _escalation_row(session, escalation_id)


def _escalation_query() -> Any:
    _, st, _, e, _ = _tables()
    return select(
        e.c.id,
        e.c.team_id,
        e.c.standup_id,
        e.c.stop_id,
        st.c.title,
        e.c.note,
        e.c.raised_at,
        e.c.raised_by,
        e.c.cleared_at,
        e.c.cleared_by,
    ).select_from(e.join(st, st.c.id == e.c.stop_id))


def _escalation_row(session: Session, escalation_id: int) -> EscalationRow:
    e = _tables()[3]
    return EscalationRow(*session.execute(_escalation_query().where(e.c.id == escalation_id)).one())


def open_escalations(db: Database, team_id: int | None = None) -> list[EscalationRow]:
    """The escalations not cleared yet, oldest first (of every team when None)."""
    e = _tables()[3]
    query = _escalation_query().where(e.c.cleared_at.is_(None))
    if team_id is not None:
        query = query.where(e.c.team_id == team_id)
    with db.read() as session:
        return [
            EscalationRow(*row) for row in session.execute(query.order_by(e.c.raised_at, e.c.id))
        ]


def _names(values: list[str], field: str) -> list[str]:
    found: list[str] = []
    for value in values:
        name = validate.text(value, field, required=True, limit=validate.MAX_NAME)
        if name not in found:
            found.append(name)
    return found


def finish(db: Database, standup_id: int, present: list[str], absent: list[str]) -> StandupRecord:
    """End the stand-up with who attended and who was absent: its record is then kept
    as it is."""
    here, away = _names(present, "present"), _names(absent, "absent")
    both = [name for name in here if name in away]
    if both:
        raise ValidationError("standup.both_present_and_absent", field="absent", name=both[0])
    with db.write() as session:
        standup = _open_standup(session, standup_id)
        for name, is_here in [(n, True) for n in here] + [(n, False) for n in away]:
            session.add(StandupAttendance(standup_id=standup_id, name=name, present=is_here))
        standup.ended_at = clock.now()
        _record(session, standup, "finish", {"present": here, "absent": away})
    return show(db, standup_id)


# --- reading --------------------------------------------------------------------------------


def list_standups(db: Database, team_id: int | None = None) -> list[StandupRow]:
    """Stand-ups, newest first."""
    s = _tables()[0]
    query = _standup_query().order_by(s.c.started_at.desc(), s.c.id.desc())
    if team_id is not None:
        query = query.where(s.c.team_id == team_id)
    with db.read() as session:
        return [StandupRow(*row) for row in session.execute(query)]


def actions(db: Database, stop_ids: list[int]) -> list[ActionRow]:
    """The action cards made at these stops, in the order they were made."""
    from leantui.core.kanban.models import Card

    if not stop_ids:
        return []
    c = Card.__table__.c  # type: ignore[attr-defined]
    query = (
        select(c.id, c.source_id, c.board_id, c.title, c.owner, c.due)
        .where(c.source_type == SOURCE_TYPE, c.source_id.in_(stop_ids))
        .order_by(c.id)
    )
    with db.read() as session:
        return [ActionRow(*row) for row in session.execute(query)]


def _record_of(row: StandupRow, **rest: Any) -> StandupRecord:
    return StandupRecord(**{f.name: getattr(row, f.name) for f in fields(StandupRow)}, **rest)


def show(db: Database, standup_id: int) -> StandupRecord:
    _, _, a, e, _ = _tables()
    found = stops(db, standup_id)
    with db.read() as session:
        row = _standup_row(session, standup_id)
        attendance = session.execute(
            select(a.c.name, a.c.present).where(a.c.standup_id == standup_id).order_by(a.c.id)
        ).all()
        raised = [
            EscalationRow(*r)
            for r in session.execute(
                _escalation_query().where(e.c.standup_id == standup_id).order_by(e.c.id)
            )
        ]
    return _record_of(
        row,
        present=[name for name, here in attendance if here],
        absent=[name for name, here in attendance if not here],
        stops=found,
        actions=actions(db, [stop.id for stop in found]),
        escalations=raised,
    )


def last_team(db: Database) -> int | None:
    """The team of the newest stand-up."""
    s = _tables()[0]
    query = select(s.c.team_id).order_by(s.c.started_at.desc(), s.c.id.desc()).limit(1)
    with db.read() as session:
        found = session.execute(query).scalar()
    return int(found) if found is not None else None


def describe(db: Database, source_type: str, source_id: int) -> str | None:
    """An action card's source: "Stand-up #12 of 2026-03-02 · <stop title>"."""
    _, st, _, _, _ = _tables()
    s = _tables()[0]
    query = select(s.c.id, s.c.started_at, st.c.title).select_from(
        st.join(s, s.c.id == st.c.standup_id)
    )
    with db.read() as session:
        found = session.execute(query.where(st.c.id == source_id)).first()
    if found is None:
        return None
    day = found.started_at.astimezone().date().isoformat()
    return t("standup.source", id=found.id, day=day, stop=found.title)
