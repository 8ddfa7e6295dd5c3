"""The demo workspace: two teams with people, two boards of about 30 cards over every
column, blocked and overdue cards, and eight weeks of history played through the
services. It refuses a database that holds data unless asked to add to it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from leantui.core import clock
from leantui.core.db.engine import Database, display_name
from leantui.core.db.models import Event, Person, Team
from leantui.core.demo import DemoRefused, demo_file, load_demo
from leantui.core.kanban import boards
from leantui.core.kanban.models import Card
from leantui.core.services import info

pytestmark = pytest.mark.both_engines

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def demo(db: Database) -> Database:
    with clock.pinned(NOW):
        load_demo(db, language="en")
    return db


def all_cards(db: Database) -> list[Card]:
    with db.read() as session:
        return list(session.exec(select(Card)).all())


def all_events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(session.exec(select(Event).order_by(Event.id)).all())  # type: ignore[arg-type]


def test_counts(demo: Database) -> None:
    counts = info.row_counts(demo)
    assert counts["areas"] == 3  # the teams' two and the 5S demo's tool room
    assert counts["teams"] == 2
    assert counts["boards"] == 2
    assert counts["board_columns"] == 10
    assert 62 <= counts["cards"] <= 90  # with 5S, PDCA, kaizen and stand-up cards
    assert counts["five_s_audits"] == 24 and counts["five_s_red_tags"] == 6
    assert counts["pdca_cycles"] == 5 and counts["pdca_measurements"] == 15
    assert counts["pdca_countermeasures"] == 9 and counts["pdca_whys"] == 15
    assert counts["kaizen_suggestions"] == 40
    assert counts["standups"] == 10 and counts["escalations"] == 1
    assert counts["safety_days"] == 2 * 28
    with demo.read() as session:
        teams = session.exec(select(Team)).all()
        for team in teams:
            people = session.exec(select(Person).where(Person.team_id == team.id)).all()
            assert 5 <= len(people) <= 8
            assert team.area_id is not None


def test_cards_spread_over_every_column(demo: Database) -> None:
    cards = all_cards(demo)
    for board in boards.list_boards(demo):
        # The board's own cards; the 5S, PDCA, kaizen and stand-up demos add theirs to its
        # first column.
        own = [c for c in cards if c.board_id == board.id and not c.source_type]
        assert 28 <= len(own) <= 34 and board.cards <= len(own) + 15
        columns = boards.columns(demo, board.id)
        follow_ups = [c for c in cards if c.board_id == board.id and c.source_type == "kaizen"]
        assert len(follow_ups) == 1 and follow_ups[0].column_id == columns[0].id
        per_column = Counter(c.column_id for c in cards if c.board_id == board.id)
        assert all(per_column[c.id] > 0 for c in columns), per_column
        for column in columns:
            if column.wip_limit is not None and per_column[column.id] > column.wip_limit:
                # only through a recorded override reason
                moves = [
                    e.payload
                    for e in all_events(demo)
                    if e.action == "move" and e.payload.get("to_id") == column.id
                ]
                assert any(m.get("override_reason") for m in moves)


def test_blocked_with_reasons_and_overdue(demo: Database) -> None:
    cards = all_cards(demo)
    today = NOW.astimezone().date()
    done_columns = {
        c.id
        for b in boards.list_boards(demo)
        for c in boards.columns(demo, b.id)
        if c.kind == "done"
    }
    for board in boards.list_boards(demo):
        mine = [c for c in cards if c.board_id == board.id]
        blocked = [c for c in mine if c.blocked]
        assert blocked
        assert all(c.blocked_reason and c.blocked_since for c in blocked)
        overdue = [c for c in mine if c.due and c.due < today and c.column_id not in done_columns]
        assert overdue
        assert any(c.owner for c in mine) and any(c.tags for c in mine)
        assert {c.priority for c in mine} >= {1, 2, 3}


def test_history_spans_eight_weeks(demo: Database) -> None:
    events = all_events(demo)
    times = [e.at for e in events]
    assert times == sorted(times), "events are written in time order"
    assert NOW - times[0] >= timedelta(weeks=7, days=6)
    assert NOW - times[0] <= timedelta(weeks=8, days=1)
    assert times[-1] <= NOW
    assert NOW - times[-1] < timedelta(days=2)
    actions = Counter(e.action for e in events)
    assert actions["create"] >= 60 and actions["move"] >= 60
    assert actions["block"] > actions["unblock"] > 0
    overrides = [e for e in events if "override_reason" in e.payload]
    assert len(overrides) == 1


def test_flow_timestamps_are_consistent(demo: Database) -> None:
    cards = all_cards(demo)
    kinds = {c.id: c.kind for b in boards.list_boards(demo) for c in boards.columns(demo, b.id)}
    for card in cards:
        kind = kinds[card.column_id]
        assert card.created_at <= card.moved_at <= NOW
        if kind == "backlog":
            assert card.started_at is None
        if kind == "active":
            assert card.started_at is not None
        if card.started_at is not None:
            assert card.created_at <= card.started_at
        if kind == "done":  # a fix made on the spot may go straight to done
            assert card.completed_at is not None
            assert card.started_at is None or card.started_at <= card.completed_at
        else:
            assert card.completed_at is None
    weeks = {(NOW - c.completed_at).days // 7 for c in cards if c.completed_at is not None}
    assert len(weeks) >= 4, "throughput in several weeks"


def test_deterministic(db: Database, new_target) -> None:  # type: ignore[no-untyped-def]
    from leantui.core.db.opening import open_database

    other, _ = open_database(new_target("other.db"), create=True)
    try:
        with clock.pinned(NOW):
            load_demo(db, language="zh_CN")
            load_demo(other, language="zh_CN")

        def shape(d: Database) -> list[tuple[object, ...]]:
            return sorted(
                (c.title, c.column_id, c.created_at, c.completed_at, c.owner, c.due)
                for c in all_cards(d)
            )

        assert shape(db) == shape(other)
    finally:
        other.close()


def test_languages(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with clock.pinned(NOW):
        load_demo(db, language="zh_CN")
    names = [b.name for b in boards.list_boards(db)]
    assert "装配一组看板" in names
    titles = [c.title for c in all_cards(db)]
    assert "检查并补充急救箱" in titles
    column_names = [c.name for c in boards.columns(db, boards.list_boards(db)[0].id)]
    assert "进行中" in column_names
    people = {c.owner for c in all_cards(db) if c.owner}
    data = demo_file("workspace")
    assert people <= {p for team in data["teams"] for p in team["people"]}


def test_english_titles_with_chinese_people(demo: Database) -> None:
    titles = [c.title for c in all_cards(demo)]
    assert "Check and restock the first-aid kit" in titles
    assert any(c.owner in ("王伟", "孙丽") for c in all_cards(demo))


def test_refuses_a_database_that_holds_data(db: Database) -> None:
    boards.create_board(db, "Line 1")
    before = info.row_counts(db)
    with pytest.raises(DemoRefused) as caught:
        load_demo(db)
    assert display_name(db.url) in caught.value.message()
    assert "--add" in caught.value.message()
    assert info.row_counts(db) == before


def test_add_puts_the_demo_beside_existing_data(demo: Database) -> None:
    with clock.pinned(NOW):
        result = load_demo(demo, add=True, language="en")
    names = [b.name for b in boards.list_boards(demo)]
    assert sorted(names) == ["Assembly A", "Assembly A (2)", "Packing", "Packing (2)"]
    assert result.teams == ["Assembly Team A (2)", "Packing Team (2)"]
    assert result.made["boards"] == 2
    assert 62 <= result.made["cards"] <= 80
    assert info.row_counts(demo)["areas"] == 3  # the same areas are reused


def test_the_result_says_what_was_made(db: Database) -> None:
    # How long it takes is a benchmark figure (tests/perf/bench.py), not a test.
    result = load_demo(db)
    counts = info.row_counts(db)
    assert result.teams == ["Assembly Team A", "Packing Team"]
    assert result.made == {
        "boards": counts["boards"],
        "cards": counts["cards"],
        "five_s_audits": counts["five_s_audits"],
        "five_s_red_tags": counts["five_s_red_tags"],
        "pdca_cycles": counts["pdca_cycles"],
        "pdca_whys": counts["pdca_whys"],
        "pdca_countermeasures": counts["pdca_countermeasures"],
        "pdca_measurements": counts["pdca_measurements"],
        "kaizen_suggestions": counts["kaizen_suggestions"],
        "safety_days": counts["safety_days"],
        "standups": counts["standups"],
        "standup_stops": counts["standup_stops"],
        "escalations": counts["escalations"],
    }
    assert result.events == counts["events"] > 0
    assert result.seconds > 0


def test_a_demo_that_fails_halfway_leaves_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole demo is one transaction: a failure late in the history (a full disk,
    say) rolls back the teams, boards and cards already written."""
    from leantui.core.kanban import cards

    real_block = cards.block_card
    calls = 0

    def block_then_fail(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk full")
        return real_block(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "block_card", block_then_fail)
    with clock.pinned(NOW), pytest.raises(RuntimeError):
        load_demo(db, language="en")
    assert calls == 3
    assert set(info.row_counts(db).values()) == {0}


def test_the_stand_ups_and_the_safety_cross(demo: Database) -> None:
    from leantui.core.standup import safety
    from leantui.core.standup import services as su

    held = su.list_standups(demo)
    assert len(held) == 10 and all(row.finished for row in held)
    assert {row.team_name for row in held} == {"Assembly Team A", "Packing Team"}
    records = [su.show(demo, row.id) for row in held]
    actions = [a for r in records for a in r.actions]
    assert len(actions) >= 6 and all(a.title for a in actions)
    assert all(r.present and all(s.outcome == "discussed" for s in r.stops) for r in records)
    assert [e.open for e in su.open_escalations(demo)] == [True]
    states = []
    today = NOW.date()
    for team in {row.team_id for row in held}:
        for ago in range(1, 29):
            day = today - timedelta(days=ago)
            found = safety.month(demo, team, day.year, day.month)[day.day - 1]
            assert found is not None
            states.append(found.state)
        assert safety.month(demo, team, today.year, today.month)[today.day - 1] is None
    assert sorted(s for s in states if s not in safety.QUIET) == ["first_aid", "near_miss"]
