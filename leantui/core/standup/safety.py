"""The safety cross: one state per team and day (no incident, near miss, first aid,
lost-time incident, no shift), recorded at the stand-up or from the CLI. A state that
is not "no incident" or "no shift" says what happened in a short note; a day that has
not come yet has no state."""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import select

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.errors import ValidationError
from leantui.core.services import events, revisions, validate
from leantui.core.standup.models import SafetyDay as SafetyDayModel
from leantui.core.standup.rows import SafetyDay
from leantui.core.standup.services import check_team, scope

STATES = ("no_incident", "near_miss", "first_aid", "lost_time", "no_shift")
QUIET = ("no_incident", "no_shift")  # the states that need no note
ENTITY = "safety_day"


def set_day(db: Database, team_id: int, day: str | date, state: str, note: str = "") -> SafetyDay:
    """Record (or correct) the team's state for `day`."""
    when = validate.optional_date(day, "day")
    if when is None:
        raise ValidationError("core.v_required", field="day")
    if when > clock.today():
        raise ValidationError("standup.safety_future", field="day", day=when.isoformat())
    state = validate.choice(state, "state", STATES)
    note = validate.text(note, "note", limit=validate.MAX_REASON)
    if not note and state not in QUIET:
        raise ValidationError("standup.safety_note_required", field="note")
    with db.write() as session:
        revisions.bump(session, scope(team_id))
        check_team(session, team_id)
        t = SafetyDayModel.__table__.c  # type: ignore[attr-defined]
        found_id = session.execute(select(t.id).where(t.team_id == team_id, t.day == when)).scalar()
        found = session.get(SafetyDayModel, found_id) if found_id is not None else None
        before = (found.state, found.note) if found is not None else None
        if found is None:
            found = SafetyDayModel(team_id=team_id, day=when, state=state, note=note)
            session.add(found)
        else:
            found.state, found.note = state, note
        session.flush()
        payload = {"day": when, "state": state, "note": note}
        if before is not None:
            payload["from"] = {"state": before[0], "note": before[1]}
        events.record(
            session,
            ENTITY,
            found.id or 0,
            "set" if before is None else "change",
            payload,
            team_id=team_id,
        )
        return SafetyDay(when, state, note)


def month(db: Database, team_id: int, year: int, month: int) -> list[SafetyDay | None]:
    """One entry per day of the month, None for a day with no state recorded."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise ValidationError("standup.bad_month", field="month", value=f"{year}-{month:02}")
    days = calendar.monthrange(year, month)[1]
    first, last = date(year, month, 1), date(year, month, days)
    t = SafetyDayModel.__table__.c  # type: ignore[attr-defined]
    query = select(t.day, t.state, t.note).where(
        t.team_id == team_id, t.day >= first, t.day <= last
    )
    with db.read() as session:
        check_team(session, team_id)
        found = {row.day: SafetyDay(*row) for row in session.execute(query)}
    return [found.get(date(year, month, n)) for n in range(1, days + 1)]
