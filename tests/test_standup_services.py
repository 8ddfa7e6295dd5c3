"""The stand-up services on a fresh database each, on SQLite and PostgreSQL: a stand-up
begins with its stops taken from the agenda (and resumes when begun today already),
stops are marked, actions are kanban cards linked to their stop, escalations show on the
team's next stand-up until cleared, a finished stand-up is a record that takes no more
changes; the safety cross refuses future days and quiet-less states without a note; the
attendance lists the team's active people."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from leantui.core import clock
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.db.models import Event, Person
from leantui.core.errors import NotFound, ValidationError
from leantui.core.kanban import boards, cards
from leantui.core.modules import describe_source
from leantui.core.services import info, revisions, workspace
from leantui.core.standup import safety
from leantui.core.standup import services as su

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


@pytest.fixture
def team(db: Database) -> int:
    return workspace.create_team(
        db, "装配一组", "", ["王伟", "李娜", "张强"]
    ).id  # no area: no 5S stops


@pytest.fixture
def board(db: Database, team: int) -> int:
    return boards.create_board(db, "Line 1", team_id=team).id


def blocked_card(db: Database, board: int, title: str = "换模", reason: str = "等模具") -> int:
    with clock.pinned(T0 - timedelta(days=3)):
        card = cards.add_card(db, board, title).card_id
        cards.block_card(db, card, reason)
    return card


def test_begin_takes_the_stops_from_the_agenda(db: Database, team: int, board: int) -> None:
    card = blocked_card(db, board)
    with clock.pinned(T0):
        row = su.begin(db, team)
        found = su.stops(db, row.id)
        assert row == su.show(db, row.id)  # the record as written is the record as read
    assert (row.team_id, row.team_name, row.minutes, row.ended_at) == (team, "装配一组", 15, None)
    assert [(s.position, s.module, s.kind, s.card_id, s.board_id) for s in found] == [
        (0, "kanban", "blocked", card, board)
    ]
    assert found[0].why == "blocked 3 days: 等模具" and found[0].outcome == ""
    assert su.last_team(db) == team
    assert revisions.current(db, [su.scope(team)])[su.scope(team)] > 0


def test_a_planned_agenda_is_stored_while_nothing_changed(
    db: Database, team: int, board: int
) -> None:
    blocked_card(db, board)
    with clock.pinned(T0):
        planned = su.plan(db, team)
        assert su.plan(db, team, previous=planned) is planned  # nothing changed: kept
        row = su.begin(db, team, planned=replace(planned, lines=["(as planned)"]))
    assert [s.why for s in row.stops] == ["(as planned)"] and row == su.show(db, row.id)
    with clock.pinned(T0 + timedelta(days=1)):
        planned = su.plan(db, team)
        blocked_card(db, board, "换刀", "等刀具")  # a change after it: read again
        assert su.plan(db, team, previous=planned) is not planned
        row = su.begin(db, team, planned=replace(planned, lines=["(as planned)"]))
    assert [s.why for s in row.stops] == ["blocked 4 days: 等模具", "blocked 4 days: 等刀具"]


def test_a_plan_holds_for_its_team_options_and_a_few_minutes(db: Database, team: int) -> None:
    settings = Settings()
    with clock.pinned(T0):
        planned = su.plan(db, team, settings)
    now = (team, planned.since, planned.newest_event, settings)
    with clock.pinned(T0 + su.PLAN_KEEPS - timedelta(seconds=1)):
        assert su.holds(planned, *now)
        assert not su.holds(planned, team, planned.since, planned.newest_event + 1, settings)
        assert not su.holds(planned, team + 1, *now[1:])
        assert not su.holds(planned, team, T0, *now[2:])  # a stand-up finished since
        older = replace(settings, standup=replace(settings.standup, aging_days=3))
        assert not su.holds(planned, *now[:3], older)
    with clock.pinned(T0 + su.PLAN_KEEPS):  # what only the clock changes is read again
        assert not su.holds(planned, *now)


def test_an_unfinished_stand_up_of_today_resumes(db: Database, team: int, board: int) -> None:
    with clock.pinned(T0):
        first = su.begin(db, team, minutes=10)
        blocked_card(db, board)
    with clock.pinned(T0 + timedelta(hours=1)):
        again = su.begin(db, team)
    assert again == first == su.show(db, first.id) and again.stops == []  # as it was
    with clock.pinned(T0 + timedelta(days=1)):
        tomorrow = su.begin(db, team)
    assert tomorrow.id != first.id and len(su.stops(db, tomorrow.id)) == 1


def test_mark_add_an_action_escalate_and_finish(db: Database, team: int, board: int) -> None:
    blocked_card(db, board)
    with clock.pinned(T0):
        row = su.begin(db, team)
        stop = su.stops(db, row.id)[0]
        marked = su.mark(db, stop.id, "discussed", "模具明天到")
        card = su.add_action(db, stop.id, "催模具", "李娜", "2026-03-04")
        raised = su.escalate(db, stop.id, "需要设备部支援")
        record = su.finish(db, row.id, ["王伟", "李娜"], ["张强"])
    assert (marked.outcome, marked.note) == ("discussed", "模具明天到")
    assert (card.board_id, card.title, card.owner, card.due) == (
        board,
        "催模具",
        "李娜",
        date(2026, 3, 4),
    )
    record_card = cards.get_card(db, card.id)
    assert (record_card.source_type, record_card.source_id) == ("standup_stop", stop.id)
    assert (
        describe_source(db, "standup_stop", stop.id) == f"Stand-up #{row.id} of 2026-03-02 · 换模"
    )
    assert raised.open and raised.note == "需要设备部支援" and raised.stop_title == "换模"
    assert record.present == ["王伟", "李娜"] and record.absent == ["张强"]
    assert record.ended_at == T0 and [a.card_id for a in record.actions] == [card.id]
    assert [e.id for e in record.escalations] == [raised.id]
    assert [s.outcome for s in record.stops] == ["discussed"]
    assert [r.id for r in su.list_standups(db)] == [row.id]
    # A finished stand-up is a record.
    for change in (
        lambda: su.mark(db, stop.id, "skipped"),
        lambda: su.add_action(db, stop.id, "x", "", None),
        lambda: su.escalate(db, stop.id, "x"),
        lambda: su.finish(db, row.id, [], []),
    ):
        with pytest.raises(ValidationError) as caught:
            change()
        assert "is finished" in caught.value.message()
    with db.read() as session:
        actions = [
            e.action for e in session.exec(select(Event).where(Event.entity_type == "standup"))
        ]
    assert actions == ["begin", "mark", "action", "escalate", "finish"]
    counts = info.row_counts(db)
    assert (counts["standups"], counts["standup_stops"], counts["escalations"]) == (1, 1, 1)


def test_escalations_come_first_until_cleared(db: Database, team: int, board: int) -> None:
    card = blocked_card(db, board)
    with clock.pinned(T0):
        first = su.begin(db, team)
        raised = su.escalate(db, su.stops(db, first.id)[0].id, "需要设备部支援")
        with pytest.raises(ValidationError):
            su.escalate(db, su.stops(db, first.id)[0].id, "again")
        su.finish(db, first.id, ["王伟"], [])
    with clock.pinned(T0 + timedelta(days=1)):
        second = su.stops(db, su.begin(db, team).id)
    assert [(s.module, s.kind) for s in second] == [
        ("standup", "escalation"),
        ("kanban", "blocked"),
    ]
    assert (second[0].entity_id, second[0].card_id, second[0].board_id) == (raised.id, card, board)
    assert second[0].why.endswith(": 需要设备部支援")
    assert [e.id for e in su.open_escalations(db, team)] == [raised.id]
    cleared = su.clear_escalation(db, raised.id)
    assert not cleared.open and su.open_escalations(db, team) == []
    with pytest.raises(ValidationError):
        su.clear_escalation(db, raised.id)
    with pytest.raises(NotFound):
        su.clear_escalation(db, 999)


def test_refusals_save_nothing(db: Database, team: int) -> None:
    with pytest.raises(NotFound):
        su.begin(db, 999)
    with clock.pinned(T0):
        row = su.begin(db, team)
    with pytest.raises(NotFound):
        su.mark(db, 999, "discussed")
    with pytest.raises(NotFound):
        su.show(db, 999)
    with pytest.raises(ValidationError) as caught:
        su.finish(db, row.id, ["王伟"], ["王伟"])
    assert "both present and absent" in caught.value.message()
    with pytest.raises(ValidationError) as caught:
        su.finish(db, row.id, ["王\x1b[2J"], [])
    assert caught.value.field == "present"
    assert su.show(db, row.id).ended_at is None


def test_an_action_goes_to_the_stops_board_else_the_teams(db: Database, team: int) -> None:
    other = workspace.create_team(db, "包装班组").id
    dock = boards.create_board(db, "Dock", team_id=other).id
    line = boards.create_board(db, "A line", team_id=other).id
    blocked_card(db, dock)
    with clock.pinned(T0):
        stop = su.stops(db, su.begin(db, other).id)[0]
    assert su.add_action(db, stop.id, "找工装", "王伟", None).board_id == dock
    with db.write() as session:  # a stop on no board (a kaizen's, say)
        from leantui.core.standup.models import StandupStop

        found = session.get(StandupStop, stop.id)
        assert found is not None
        found.board_id = None
    assert su.add_action(db, stop.id, "找工装", "王伟", None).board_id == line  # first by name
    mine = boards.create_board(db, "Line 1", team_id=team).id
    assert su.add_action(db, stop.id, "找工装", "王伟", None, board_id=mine).board_id == mine
    for board_id in (dock, line):
        boards.set_board_archived(db, board_id, True)
    with pytest.raises(ValidationError) as caught:
        su.add_action(db, stop.id, "找工装", "王伟", None)
    assert "no board" in caught.value.message()


def test_safety_cross(db: Database, team: int) -> None:
    with clock.pinned(T0):
        safety.set_day(db, team, "2026-03-01", "near_miss", "叉车险些撞到人")
        safety.set_day(db, team, date(2026, 3, 2), "no_incident")
        changed = safety.set_day(db, team, "2026-03-02", "no_shift")
        for args, field, words in (
            (("2026-03-03", "no_incident"), "day", "is still to come"),
            (("2026-03-01", "first_aid"), "note", "say in a few words"),
            (("2026-03-01", "fire"), "state", "no_incident, near_miss"),
            (("03/01", "no_incident"), "day", ""),
            (("", "no_incident"), "day", ""),
        ):
            with pytest.raises(ValidationError) as caught:
                safety.set_day(db, team, *args)
            assert caught.value.field == field and words in caught.value.message()
        with pytest.raises(ValidationError):
            safety.set_day(db, team, "2026-03-01", "first_aid", "割伤\x1b[31m")
        with pytest.raises(NotFound):
            safety.set_day(db, 999, "2026-03-01", "no_incident")
    days = safety.month(db, team, 2026, 3)
    assert len(days) == 31 and days[2:] == [None] * 29
    assert days[0] == safety.SafetyDay(date(2026, 3, 1), "near_miss", "叉车险些撞到人")
    assert changed == days[1] and days[1].state == "no_shift"
    assert (
        len(safety.month(db, team, 2026, 2)) == 28 and safety.month(db, team, 2024, 2)[28] is None
    )
    with pytest.raises(ValidationError):
        safety.month(db, team, 2026, 13)
    with db.read() as session:
        found = session.exec(select(Event).where(Event.entity_type == "safety_day")).all()
    assert [e.action for e in found] == ["set", "set", "change"]


def test_the_attendance_lists_the_teams_active_people(db: Database, team: int) -> None:
    """The people of the shared workspace (the kaizen submitters come from there too)."""
    other = workspace.create_team(db, "包装班组", "", ["孙丽"]).id
    assert workspace.people(db, team) == sorted(["王伟", "李娜", "张强"])
    assert workspace.people(db, other) == ["孙丽"]
    assert set(workspace.people(db)) == {"王伟", "李娜", "张强", "孙丽"}
    with db.write() as session:
        left = session.exec(select(Person).where(Person.name == "李娜")).one()
        left.active = False
    assert workspace.people(db, team) == sorted(["王伟", "张强"])
