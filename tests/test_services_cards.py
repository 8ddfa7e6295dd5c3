"""Card rules: validation, flow timestamps, soft WIP limits, history. Each test gets a
fresh database; the clock is pinned wherever a timestamp is checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from leantui.core.clock import pinned
from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.errors import Conflict, NotFound, ValidationError
from leantui.core.kanban import boards, cards, view
from leantui.core.kanban.cards import WipLimitReached
from leantui.core.kanban.models import Card
from leantui.core.kanban.rows import CardChange, CardRow
from leantui.core.services import events

pytestmark = pytest.mark.both_engines

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@dataclass
class Board:
    id: int
    backlog: int
    ready: int
    doing: int  # active, WIP limit 3
    done: int


@pytest.fixture
def board(db: Database) -> Board:
    created = boards.create_board(db, "Line 1")
    ids = [c.id for c in boards.columns(db, created.id)]
    return Board(created.id, *ids)


@pytest.fixture
def at_t0() -> Iterator[None]:
    with pinned(T0):
        yield


def event_count(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(Event)).scalar_one())


def card_count(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(Card)).scalar_one())


def snapshot(db: Database, card_id: int) -> dict[str, Any]:
    return asdict(cards.get_card(db, card_id))


def row(change: CardChange | None) -> CardRow:
    """The card as the change left it on the board (it is live)."""
    assert change is not None and change.card is not None
    return change.card


def revision(db: Database, board: Board) -> int:
    return view.board_revision(db, board.id)


def actions(db: Database, card_id: int) -> list[str]:
    return [e.action for e in events.history(db, "card", card_id)]


# --- add ----------------------------------------------------------------------------------


def test_add_card_defaults_to_the_first_column(db: Database, board: Board, at_t0: None) -> None:
    card = cards.add_card(db, board.id, "  Fix the leaking valve  ")
    stored = cards.get_card(db, card.card_id)
    assert stored.title == "Fix the leaking valve"
    assert stored.column_id == board.backlog
    assert stored.position == 0
    assert stored.created_at == stored.moved_at == T0
    assert stored.started_at is None and stored.completed_at is None
    assert stored.version == 1
    assert not stored.blocked
    (created,) = events.history(db, "card", card.card_id)
    assert created.action == "create"
    assert created.at == T0
    assert created.actor == "tester"
    assert created.payload == {
        "title": "Fix the leaking valve",
        "column_id": board.backlog,
        "column": "Backlog",
    }
    # The change says what the board draws next, and the revision it made.
    assert (card.action, card.payload) == ("create", created.payload)
    assert card.card == cards.card_row(db, card.card_id)
    assert row(card).version == 1
    assert card.revision == revision(db, board)


def test_add_card_with_every_field(db: Database, board: Board, at_t0: None) -> None:
    card = cards.add_card(
        db,
        board.id,
        "更换夹具",
        column_id=board.ready,
        description="夹具磨损，影响扭矩",
        owner=" 王芳 ",
        tags=" 5S, safety ，5S,, 安全 ",
        priority="3",
        due="2025-03-10",
        source_type="5s_audit_item",
        source_id=12,
    )
    stored = cards.get_card(db, card.card_id)
    assert (stored.column_id, stored.owner, stored.tags, stored.priority) == (
        board.ready,
        "王芳",
        "5S,safety,安全",
        3,
    )
    assert stored.due == date(2025, 3, 10)
    assert (stored.source_type, stored.source_id) == ("5s_audit_item", 12)
    payload = events.history(db, "card", card.card_id)[0].payload
    assert payload["due"] == "2025-03-10"
    assert payload["tags"] == "5S,safety,安全"
    assert payload["column"] == "Ready"


def test_tags_accept_a_list(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t", tags=["a ", "b", "a", ""])
    assert cards.get_card(db, card.card_id).tags == "a,b"


def test_new_cards_go_to_the_end_of_their_column(db: Database, board: Board) -> None:
    first = cards.add_card(db, board.id, "first")
    second = cards.add_card(db, board.id, "second")
    other = cards.add_card(db, board.id, "other column", column_id=board.ready)
    assert (row(first).position, row(second).position, row(other).position) == (0, 1, 0)


def test_adding_straight_into_active_or_done_sets_the_timestamps(
    db: Database, board: Board, at_t0: None
) -> None:
    active = cards.get_card(db, cards.add_card(db, board.id, "a", column_id=board.doing).card_id)
    done = cards.get_card(db, cards.add_card(db, board.id, "d", column_id=board.done).card_id)
    assert (active.started_at, active.completed_at) == (T0, None)
    assert (done.started_at, done.completed_at) == (None, T0)


@pytest.mark.parametrize(
    ("fields", "key", "field"),
    [
        ({"title": ""}, "core.v_required", "title"),
        ({"title": " \t "}, "core.v_required", "title"),
        ({"title": "x" * 10_000}, "core.v_too_long", "title"),
        ({"title": "t", "due": "tomorrow"}, "core.v_bad_date", "due"),
        ({"title": "t", "due": "2025-02-30"}, "core.v_bad_date", "due"),
        ({"title": "t", "due": "31.12.2025"}, "core.v_bad_date", "due"),
        ({"title": "t", "priority": "7"}, "core.v_bad_choice", "priority"),
        ({"title": "t", "priority": "high"}, "core.v_not_number", "priority"),
        ({"title": "t", "owner": "o" * 81}, "core.v_too_long", "owner"),
        ({"title": "t", "source_id": "-3"}, "core.v_negative", "source_id"),
        # Too big for an INTEGER column: the driver's OverflowError crashed the TUI.
        ({"title": "t", "source_id": "9" * 23}, "core.v_too_big", "source_id"),
        ({"title": "t", "source_id": "²"}, "core.v_not_number", "source_id"),
    ],
)
def test_bad_input_saves_nothing(
    db: Database, board: Board, fields: dict[str, Any], key: str, field: str
) -> None:
    before = event_count(db)
    fields = dict(fields)  # the same dict serves both engines
    title = fields.pop("title")
    with pytest.raises(ValidationError) as caught:
        cards.add_card(db, board.id, title, **fields)
    assert (caught.value.key, caught.value.field) == (key, field)
    assert caught.value.message()  # renders in the user's language without a KeyError
    assert card_count(db) == 0
    assert event_count(db) == before


def test_full_width_digits_are_numbers(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t", source_id="１２", priority="３")
    stored = cards.get_card(db, card.card_id)
    assert (stored.source_id, stored.priority) == (12, 3)


def test_ten_thousand_character_title_message_says_the_limit(db: Database, board: Board) -> None:
    with pytest.raises(ValidationError) as caught:
        cards.add_card(db, board.id, "长" * 10_000)
    assert caught.value.args_ == {"limit": 200, "length": 10_000}
    assert "200" in caught.value.message() and "10000" in caught.value.message()


def test_add_card_to_a_column_of_another_board_or_a_missing_one(db: Database, board: Board) -> None:
    other = boards.create_board(db, "Line 2")
    foreign = boards.columns(db, other.id)[0].id
    with pytest.raises(ValidationError) as caught:
        cards.add_card(db, board.id, "t", column_id=foreign)
    assert caught.value.key == "kanban.bad_target_column"
    with pytest.raises(NotFound) as missing_column:
        cards.add_card(db, board.id, "t", column_id=999)
    assert missing_column.value.key == "kanban.no_such_column"
    with pytest.raises(NotFound) as missing_board:
        cards.add_card(db, 999, "t")
    assert missing_board.value.key == "kanban.no_such_board"
    assert card_count(db) == 0


def test_unknown_field_is_a_programming_error(db: Database, board: Board) -> None:
    with pytest.raises(TypeError):
        cards.add_card(db, board.id, "t", colour="red")
    with pytest.raises(TypeError):
        cards.update_card(db, 1, 1, blocked=True)


def test_a_change_and_its_event_commit_together(
    db: Database, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If anything fails after the event is written, neither the change nor the event
    is kept: they share one transaction."""
    card = cards.add_card(db, board.id, "t")
    before_events, before_card = event_count(db), snapshot(db, card.card_id)
    before_revision = revision(db, board)
    real_record = events.record

    def record_then_fail(session: Any, *args: Any, **kwargs: Any) -> Event:
        real_record(session, *args, **kwargs)
        session.flush()  # the event row is really in the database, inside the transaction
        raise RuntimeError("power cut")

    monkeypatch.setattr(events, "record", record_then_fail)
    for change in (
        lambda: cards.add_card(db, board.id, "never saved"),
        lambda: cards.move_card(db, card.card_id, board.ready),
        lambda: cards.update_card(db, card.card_id, 1, title="never saved"),
        lambda: cards.block_card(db, card.card_id, "no parts"),
        lambda: cards.set_archived(db, card.card_id, True),
        lambda: cards.delete_card(db, card.card_id),
        lambda: boards.create_board(db, "never saved"),
    ):
        with pytest.raises(RuntimeError):
            change()
    monkeypatch.undo()

    assert event_count(db) == before_events
    assert card_count(db) == 1
    assert snapshot(db, card.card_id) == before_card
    assert revision(db, board) == before_revision  # the revision bump is rolled back too
    assert [b.name for b in boards.list_boards(db)] == ["Line 1"]


# --- move: flow timestamps ----------------------------------------------------------------


def test_move_sets_started_once_and_completed_on_done(db: Database, board: Board) -> None:
    with pinned(T0):
        card = cards.add_card(db, board.id, "t")
    with pinned(T0 + DAY):
        cards.move_card(db, card.card_id, board.ready)
    step = cards.get_card(db, card.card_id)
    assert (step.started_at, step.completed_at, step.moved_at) == (None, None, T0 + DAY)

    with pinned(T0 + 2 * DAY):
        cards.move_card(db, card.card_id, board.doing)
    step = cards.get_card(db, card.card_id)
    assert (step.started_at, step.completed_at, step.moved_at) == (
        T0 + 2 * DAY,
        None,
        T0 + 2 * DAY,
    )

    # Leaving the active column keeps `started`; coming back does not reset it.
    with pinned(T0 + 3 * DAY):
        cards.move_card(db, card.card_id, board.ready)
    with pinned(T0 + 4 * DAY):
        cards.move_card(db, card.card_id, board.doing)
    step = cards.get_card(db, card.card_id)
    assert (step.started_at, step.moved_at) == (T0 + 2 * DAY, T0 + 4 * DAY)

    with pinned(T0 + 5 * DAY):
        cards.move_card(db, card.card_id, board.done)
    step = cards.get_card(db, card.card_id)
    assert (step.started_at, step.completed_at, step.moved_at) == (
        T0 + 2 * DAY,
        T0 + 5 * DAY,
        T0 + 5 * DAY,
    )

    # Going back from done clears `completed`; finishing again sets it anew.
    with pinned(T0 + 6 * DAY):
        cards.move_card(db, card.card_id, board.doing)
    step = cards.get_card(db, card.card_id)
    assert (step.started_at, step.completed_at) == (T0 + 2 * DAY, None)
    with pinned(T0 + 7 * DAY):
        cards.move_card(db, card.card_id, board.done)
    assert cards.get_card(db, card.card_id).completed_at == T0 + 7 * DAY

    assert actions(db, card.card_id) == ["move"] * 7 + ["create"]
    assert cards.get_card(db, card.card_id).version == 8


def test_straight_to_done_completes_without_starting(db: Database, board: Board) -> None:
    with pinned(T0):
        card = cards.add_card(db, board.id, "t")
    with pinned(T0 + DAY):
        cards.move_card(db, card.card_id, board.done)
    stored = cards.get_card(db, card.card_id)
    assert (stored.started_at, stored.completed_at) == (None, T0 + DAY)


def test_move_event_payload_and_position(db: Database, board: Board) -> None:
    waiting = cards.add_card(db, board.id, "already there", column_id=board.ready)
    card = cards.add_card(db, board.id, "t")
    moved = cards.move_card(db, card.card_id, board.ready)
    assert row(moved).column_id == board.ready
    assert row(moved).position > row(waiting).position  # to the end of the target
    move = events.history(db, "card", card.card_id)[0]
    assert move.action == moved.action == "move"
    assert move.payload == {
        "from_id": board.backlog,
        "from": "Backlog",
        "to_id": board.ready,
        "to": "Ready",
    }
    assert moved.payload == move.payload


def test_move_into_the_same_column_does_nothing(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t")
    before, events_before = snapshot(db, card.card_id), event_count(db)
    same = cards.move_card(db, card.card_id, board.backlog)
    assert same.action == ""  # nothing changed
    assert same.card == cards.card_row(db, card.card_id)
    assert snapshot(db, card.card_id) == before
    assert event_count(db) == events_before


def test_move_to_another_board_or_unknown_column_is_refused(db: Database, board: Board) -> None:
    other = boards.create_board(db, "Line 2")
    foreign = boards.columns(db, other.id)[1].id
    card = cards.add_card(db, board.id, "t")
    before, events_before = snapshot(db, card.card_id), event_count(db)
    with pytest.raises(ValidationError) as caught:
        cards.move_card(db, card.card_id, foreign)
    assert caught.value.key == "kanban.bad_target_column"
    with pytest.raises(NotFound):
        cards.move_card(db, card.card_id, 999)
    with pytest.raises(NotFound) as missing:
        cards.move_card(db, 999, board.ready)
    assert missing.value.key == "kanban.no_such_card"
    assert snapshot(db, card.card_id) == before
    assert event_count(db) == events_before


# --- move: soft WIP limits ----------------------------------------------------------------


def fill(db: Database, board: Board, column_id: int, n: int) -> list[int]:
    return [cards.add_card(db, board.id, f"wip {i}", column_id=column_id).card_id for i in range(n)]


def test_move_into_a_full_column_needs_a_reason(db: Database, board: Board) -> None:
    fill(db, board, board.doing, 3)
    card = cards.add_card(db, board.id, "one too many", column_id=board.ready)
    before, events_before = snapshot(db, card.card_id), event_count(db)

    for reason in (None, "", "   "):
        with pytest.raises(WipLimitReached) as caught:
            cards.move_card(db, card.card_id, board.doing, override_reason=reason)
        assert caught.value.key == "kanban.wip_reached"
        assert (caught.value.column, caught.value.count, caught.value.limit) == ("Doing", 3, 3)
        assert "3/3" in caught.value.message()
    # Refused: nothing moved, nothing recorded.
    assert snapshot(db, card.card_id) == before
    assert event_count(db) == events_before

    with pinned(T0):
        cards.move_card(db, card.card_id, board.doing, override_reason="  Line stop, all hands  ")
    moved = cards.get_card(db, card.card_id)
    assert (moved.column_id, moved.started_at) == (board.doing, T0)
    move = events.history(db, "card", card.card_id)[0]
    assert move.action == "move"
    assert move.payload["override_reason"] == "Line stop, all hands"
    assert move.payload["to"] == "Doing"


def test_override_reason_is_limited(db: Database, board: Board) -> None:
    fill(db, board, board.doing, 3)
    card = cards.add_card(db, board.id, "t")
    with pytest.raises(ValidationError) as caught:
        cards.move_card(db, card.card_id, board.doing, override_reason="r" * 501)
    assert (caught.value.key, caught.value.field) == ("core.v_too_long", "reason")
    assert cards.get_card(db, card.card_id).column_id == board.backlog


def test_below_the_limit_no_reason_is_needed_or_recorded(db: Database, board: Board) -> None:
    fill(db, board, board.doing, 2)
    card = cards.add_card(db, board.id, "t")
    cards.move_card(db, card.card_id, board.doing, override_reason="not needed")
    assert "override_reason" not in events.history(db, "card", card.card_id)[0].payload
    # Now at 3/3: the next one needs a reason.
    last = cards.add_card(db, board.id, "u")
    with pytest.raises(WipLimitReached):
        cards.move_card(db, last.card_id, board.doing)


def test_columns_without_a_limit_take_any_number(db: Database, board: Board) -> None:
    fill(db, board, board.ready, 50)
    card = cards.add_card(db, board.id, "t")
    cards.move_card(db, card.card_id, board.ready)
    assert cards.get_card(db, card.card_id).column_id == board.ready


def test_limit_of_zero_always_asks(db: Database, board: Board) -> None:
    boards.update_column(db, board.ready, "Ready", "queue", "0", "")
    card = cards.add_card(db, board.id, "t")
    with pytest.raises(WipLimitReached) as caught:
        cards.move_card(db, card.card_id, board.ready)
    assert (caught.value.count, caught.value.limit) == (0, 0)


def test_archived_cards_do_not_count_against_wip(db: Database, board: Board) -> None:
    full = fill(db, board, board.doing, 3)
    cards.set_archived(db, full[0], True)
    card = cards.add_card(db, board.id, "t")
    cards.move_card(db, card.card_id, board.doing)  # 2 live cards + this one = 3/3
    assert cards.get_card(db, card.card_id).column_id == board.doing
    with pytest.raises(WipLimitReached) as caught:
        cards.move_card(db, cards.add_card(db, board.id, "u").card_id, board.doing)
    assert caught.value.count == 3


def test_a_card_already_in_a_full_column_can_stay_and_leave(db: Database, board: Board) -> None:
    full = fill(db, board, board.doing, 3)
    assert cards.reorder_card(db, full[0], +1) is not None
    cards.move_card(db, full[0], board.done)
    assert cards.get_card(db, full[0]).column_id == board.done


def test_adding_into_a_full_column_needs_a_reason(db: Database, board: Board) -> None:
    fill(db, board, board.doing, 3)
    before = (card_count(db), event_count(db))
    with pytest.raises(WipLimitReached):
        cards.add_card(db, board.id, "rush job", board.doing)
    assert (card_count(db), event_count(db)) == before
    card = cards.add_card(db, board.id, "rush job", board.doing, override_reason="line down")
    (created,) = [e for e in events.history(db, "card", card.card_id) if e.action == "create"]
    assert created.payload["override_reason"] == "line down"


def test_restoring_into_a_full_column_needs_a_reason(db: Database, board: Board) -> None:
    """A restore puts a card back into its column: like any way in, at the WIP limit
    it needs a reason, which the event records."""
    old = fill(db, board, board.doing, 1)[0]
    cards.set_archived(db, old, True)
    fill(db, board, board.doing, 3)  # the column is full again
    before, events_before = snapshot(db, old), event_count(db)
    for reason in (None, "", "  "):
        with pytest.raises(WipLimitReached) as caught:
            cards.set_archived(db, old, False, override_reason=reason)
        assert (caught.value.column, caught.value.count, caught.value.limit) == ("Doing", 3, 3)
    assert snapshot(db, old) == before  # still archived, nothing recorded
    assert event_count(db) == events_before

    back = cards.set_archived(db, old, False, override_reason=" audit found it open ")
    assert back.action == "restore"
    assert back.payload["override_reason"] == "audit found it open"
    assert row(back).column_id == board.doing
    assert cards.get_card(db, old).archived_at is None
    restore = events.history(db, "card", old)[0]
    assert restore.action == "restore"
    assert restore.payload == {
        "column_id": board.doing,
        "column": "Doing",
        "override_reason": "audit found it open",
    }


def test_restoring_below_the_limit_needs_no_reason(db: Database, board: Board) -> None:
    old = fill(db, board, board.doing, 1)[0]
    cards.set_archived(db, old, True)
    fill(db, board, board.doing, 2)
    back = cards.set_archived(db, old, False)  # 2 live cards + this one = 3/3
    assert row(back).column_id == board.doing
    assert "override_reason" not in events.history(db, "card", old)[0].payload


def test_wip_check_says_what_adding_would_say(db: Database, board: Board) -> None:
    fill(db, board, board.doing, 2)
    assert cards.wip_check(db, board.doing) is None
    assert cards.wip_check(db, board.ready) is None  # no limit
    fill(db, board, board.doing, 1)
    full = cards.wip_check(db, board.doing)
    assert isinstance(full, WipLimitReached)
    assert (full.column, full.count, full.limit) == ("Doing", 3, 3)
    with pytest.raises(NotFound):
        cards.wip_check(db, 999)


# --- reorder ------------------------------------------------------------------------------


def test_reorder_within_a_column(db: Database, board: Board) -> None:
    a, b, c = fill(db, board, board.ready, 3)

    def order() -> list[int]:
        return [r.id for r in cards.board_cards(db, board.id) if r.column_id == board.ready]

    up = cards.reorder_card(db, c, -1)
    assert up is not None and up.action == "reorder"
    assert order() == [a, c, b]
    # The change carries both swapped cards as the board draws them now.
    assert (row(up).id, row(up).position) == (c, 1)
    assert [(r.id, r.position) for r in up.also] == [(b, 2)]
    down = cards.reorder_card(db, a, +1)
    assert down is not None
    assert order() == [c, a, b]
    events_before = event_count(db)
    assert cards.reorder_card(db, c, -1) is None  # already at the top
    assert cards.reorder_card(db, b, +1) is None  # already at the bottom
    assert order() == [c, a, b]
    assert event_count(db) == events_before
    reorder = events.history(db, "card", a)[0]
    assert (reorder.action, reorder.payload) == ("reorder", {"delta": 1, "other": c})
    assert cards.get_card(db, a).version == row(down).version == 2


def test_reorder_skips_archived_cards(db: Database, board: Board) -> None:
    a, b, c = fill(db, board, board.ready, 3)
    cards.set_archived(db, b, True)
    assert cards.reorder_card(db, c, -1) is not None
    assert [r.id for r in cards.board_cards(db, board.id)] == [c, a]


def test_reorder_does_not_change_timestamps(db: Database, board: Board) -> None:
    with pinned(T0):
        a, _b = fill(db, board, board.ready, 2)
    with pinned(T0 + DAY):
        cards.reorder_card(db, a, +1)
    assert cards.get_card(db, a).moved_at == T0


# --- block / unblock ----------------------------------------------------------------------


def test_block_and_unblock(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t")
    with pytest.raises(ValidationError) as caught:
        cards.block_card(db, card.card_id, "  ")
    assert (caught.value.key, caught.value.field) == ("core.v_required", "blocked_reason")
    assert cards.get_card(db, card.card_id).blocked is False

    with pinned(T0):
        cards.block_card(db, card.card_id, " 等待备件 spare part ")
    blocked = cards.get_card(db, card.card_id)
    assert (blocked.blocked, blocked.blocked_reason, blocked.blocked_since) == (
        True,
        "等待备件 spare part",
        T0,
    )
    assert [r.blocked for r in cards.board_cards(db, board.id)] == [True]

    with pinned(T0 + DAY):
        cards.unblock_card(db, card.card_id)
    free = cards.get_card(db, card.card_id)
    assert (free.blocked, free.blocked_reason, free.blocked_since) == (False, "", None)
    history = events.history(db, "card", card.card_id)
    assert [e.action for e in history] == ["unblock", "block", "create"]
    assert history[1].payload == {"reason": "等待备件 spare part"}
    assert history[0].payload == {"blocked_since": T0.isoformat()}
    assert free.version == 3

    # Unblocking a card that is not blocked changes nothing.
    events_before = event_count(db)
    assert cards.unblock_card(db, card.card_id).action == ""
    assert event_count(db) == events_before
    assert cards.get_card(db, card.card_id).version == 3


def test_changing_the_block_reason_keeps_since_when(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t")
    with pinned(T0):
        cards.block_card(db, card.card_id, "no parts")
    with pinned(T0 + 2 * DAY):
        cards.block_card(db, card.card_id, "parts ordered, due Friday")
    stored = cards.get_card(db, card.card_id)
    assert (stored.blocked_reason, stored.blocked_since) == ("parts ordered, due Friday", T0)
    assert actions(db, card.card_id) == ["block", "block", "create"]


def test_blocking_does_not_count_as_a_move(db: Database, board: Board) -> None:
    with pinned(T0):
        card = cards.add_card(db, board.id, "t")
    with pinned(T0 + DAY):
        cards.block_card(db, card.card_id, "r")
    assert cards.get_card(db, card.card_id).moved_at == T0


# --- archive / restore / delete -----------------------------------------------------------


def test_archive_and_restore(db: Database, board: Board) -> None:
    a, b = fill(db, board, board.ready, 2)
    with pinned(T0):
        archived = cards.set_archived(db, a, True)
    assert (archived.card, archived.card_id, archived.action) == (None, a, "archive")
    assert cards.get_card(db, a).archived_at == T0
    assert [r.id for r in cards.board_cards(db, board.id)] == [b]
    assert [r.id for r in cards.board_cards(db, board.id, archived=True)] == [a]

    events_before = event_count(db)
    assert cards.set_archived(db, a, True).action == ""  # already archived: nothing to do
    assert event_count(db) == events_before

    back = cards.set_archived(db, a, False)
    assert back.action == "restore"
    assert back.card == cards.card_row(db, a)
    restored = cards.get_card(db, a)
    assert restored.archived_at is None
    # Restored cards come back at the end of their column.
    assert [r.id for r in cards.board_cards(db, board.id)] == [b, a]
    assert cards.board_cards(db, board.id, archived=True) == []
    assert actions(db, a) == ["restore", "archive", "create"]


def test_delete_keeps_the_history(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "Wrong card")
    cards.move_card(db, card.card_id, board.ready)
    deleted = cards.delete_card(db, card.card_id)
    assert (deleted.card, deleted.card_id, deleted.action) == (None, card.card_id, "delete")
    with pytest.raises(NotFound) as caught:
        cards.get_card(db, card.card_id)
    assert caught.value.key == "kanban.no_such_card"
    assert cards.board_cards(db, board.id) == []
    history = events.history(db, "card", card.card_id)
    assert [e.action for e in history] == ["delete", "move", "create"]
    assert history[0].payload == {"title": "Wrong card", "column_id": board.ready}
    with pytest.raises(NotFound):
        cards.delete_card(db, card.card_id)


# --- update -------------------------------------------------------------------------------


def test_update_card_records_only_what_changed(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t", owner="Li", due="2025-03-10")
    updated = cards.update_card(
        db,
        card.card_id,
        1,
        title="New title",
        owner="Li",
        due="2025-03-12",
        tags="a, b",
        description="",
    )
    assert (row(updated).title, row(updated).due, row(updated).tags, row(updated).version) == (
        "New title",
        date(2025, 3, 12),
        "a,b",
        2,
    )
    edit = events.history(db, "card", card.card_id)[0]
    assert edit.action == updated.action == "edit"
    assert edit.payload == {
        "title": ["t", "New title"],
        "due": ["2025-03-10", "2025-03-12"],
        "tags": ["", "a,b"],
    }
    # Nothing changed: no event, no new version.
    events_before = event_count(db)
    same = cards.update_card(db, card.card_id, 2, title=" New title ", due=date(2025, 3, 12))
    assert (same.action, same.payload) == ("", {})
    assert row(same).version == 2
    assert cards.get_card(db, card.card_id).version == 2
    assert event_count(db) == events_before
    # Clearing the due date with an empty field.
    assert row(cards.update_card(db, card.card_id, 2, due="")).due is None


def test_update_card_refuses_bad_input_and_changes_nothing(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t")
    before, events_before = snapshot(db, card.card_id), event_count(db)
    for fields in ({"title": ""}, {"title": "x" * 10_000}, {"due": "soon"}, {"priority": 9}):
        with pytest.raises(ValidationError):
            cards.update_card(db, card.card_id, 1, **fields)
    with pytest.raises(ValidationError):
        # One bad field spoils the whole change.
        cards.update_card(db, card.card_id, 1, owner="Li", due="2025-13-01")
    assert snapshot(db, card.card_id) == before
    assert event_count(db) == events_before
    with pytest.raises(NotFound):
        cards.update_card(db, 999, 1, title="x")


def test_update_with_a_stale_version_is_a_conflict(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t")
    mine = cards.get_card(db, card.card_id)  # this terminal opens the form
    cards.update_card(db, card.card_id, mine.version, owner="Li")  # another terminal saves first
    cards.move_card(db, card.card_id, board.ready)
    theirs = snapshot(db, card.card_id)
    events_before = event_count(db)

    with pytest.raises(Conflict) as caught:
        cards.update_card(db, card.card_id, mine.version, owner="Wang")
    assert caught.value.key == "kanban.card_conflict"
    assert snapshot(db, card.card_id) == theirs
    assert event_count(db) == events_before

    fresh = cards.get_card(db, card.card_id)
    saved = cards.update_card(db, card.card_id, fresh.version, owner="Wang")
    assert (row(saved).owner, row(saved).version) == ("Wang", fresh.version + 1)


def test_update_against_seen_fields_ignores_a_move_but_not_an_edit(
    db: Database, board: Board
) -> None:
    """The TUI's edit form: a card moved, blocked or reordered by someone else while the
    form was open still saves (it used to be refused for good, losing the typing)."""
    card = cards.add_card(db, board.id, "t")
    seen = cards.editable_values(cards.get_card(db, card.card_id))  # the form opens
    cards.move_card(db, card.card_id, board.ready)  # another terminal moves it
    cards.block_card(db, card.card_id, "waiting")
    saved = cards.update_card(db, card.card_id, seen, owner="Wang")
    assert (row(saved).owner, row(saved).column_id, row(saved).blocked) == (
        "Wang",
        board.ready,
        True,
    )

    seen = cards.editable_values(cards.get_card(db, card.card_id))
    cards.update_card(db, card.card_id, seen, owner="Li")  # another terminal edits a field
    with pytest.raises(Conflict):
        cards.update_card(db, card.card_id, seen, title="mine")
    assert cards.get_card(db, card.card_id).title == "t"


def test_a_stale_expected_version_refuses_every_change(db: Database, board: Board) -> None:
    """Move, reorder, block and unblock take the version the caller read: a card changed
    elsewhere since is refused, and nothing is saved."""
    card = cards.add_card(db, board.id, "t")
    cards.add_card(db, board.id, "below")
    stale = cards.get_card(db, card.card_id).version
    cards.update_card(db, card.card_id, stale, owner="Li")  # changed elsewhere
    before, events_before = snapshot(db, card.card_id), event_count(db)
    for change in (
        lambda: cards.move_card(db, card.card_id, board.ready, expected_version=stale),
        lambda: cards.reorder_card(db, card.card_id, +1, expected_version=stale),
        lambda: cards.block_card(db, card.card_id, "r", expected_version=stale),
        lambda: cards.unblock_card(db, card.card_id, expected_version=stale),
    ):
        with pytest.raises(Conflict) as caught:
            change()
        assert caught.value.key == "kanban.card_conflict"
    assert snapshot(db, card.card_id) == before
    assert event_count(db) == events_before
    fresh = before["version"]
    moved = cards.move_card(db, card.card_id, board.ready, expected_version=fresh)
    assert (row(moved).column_id, row(moved).version) == (board.ready, fresh + 1)


def test_every_change_bumps_the_version(db: Database, board: Board) -> None:
    card = cards.add_card(db, board.id, "t")
    below = cards.add_card(db, board.id, "below")
    card_id = card.card_id

    def version(card_id: int) -> int:
        return cards.get_card(db, card_id).version

    versions = [version(card_id)]
    for change in (
        lambda: cards.update_card(db, card_id, versions[-1], owner="Li"),
        lambda: cards.reorder_card(db, card_id, +1),
        lambda: cards.move_card(db, card_id, board.ready),
        lambda: cards.block_card(db, card_id, "r"),
        lambda: cards.unblock_card(db, card_id),
        lambda: cards.set_archived(db, card_id, True),
        lambda: cards.set_archived(db, card_id, False),
    ):
        made = change()
        versions.append(version(card_id))
        assert made is not None and made.action
        # What the change hands back is what a later change is checked against.
        if made.card is not None:
            assert made.card.version == versions[-1]
    assert versions == list(range(1, 9))
    # The reorder changed the neighbour's position too, so it has a new version as well.
    assert version(below.card_id) == 2


def test_every_card_change_bumps_its_board_revision(db: Database, board: Board) -> None:
    """What an open board polls: each write moves the board's revision, carries the
    revision it made, and leaves other boards' revisions alone."""
    other = boards.create_board(db, "Line 2")
    other_revision = view.board_revision(db, other.id)
    above = cards.add_card(db, board.id, "above")
    card = cards.add_card(db, board.id, "t")
    seen = [above.revision, card.revision]
    assert seen[-1] == revision(db, board) > seen[0]
    card_id = card.card_id
    for change in (
        lambda: cards.update_card(db, card_id, 1, owner="Li"),
        lambda: cards.reorder_card(db, card_id, -1),
        lambda: cards.move_card(db, card_id, board.ready),
        lambda: cards.block_card(db, card_id, "r"),
        lambda: cards.unblock_card(db, card_id),
        lambda: cards.set_archived(db, card_id, True),
        lambda: cards.set_archived(db, card_id, False),
        lambda: cards.delete_card(db, card_id),
    ):
        made = change()
        assert made is not None
        assert made.revision == revision(db, board) > seen[-1]
        seen.append(made.revision)
    assert view.board_revision(db, other.id) == other_revision


# --- history and board reads --------------------------------------------------------------


def test_history_is_newest_first_with_times_and_actor(
    db: Database, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pinned(T0):
        card = cards.add_card(db, board.id, "t")
    monkeypatch.setenv("LEANTUI_USER", "王芳")
    with pinned(T0 + DAY):
        cards.move_card(db, card.card_id, board.doing)
    with pinned(T0 + 2 * DAY):
        cards.block_card(db, card.card_id, "r")
    with pinned(T0 + 3 * DAY):
        cards.update_card(db, card.card_id, cards.get_card(db, card.card_id).version, title="u")
    other = cards.add_card(db, board.id, "other")
    history = events.history(db, "card", card.card_id)
    assert [(e.action, e.at, e.actor) for e in history] == [
        ("edit", T0 + 3 * DAY, "王芳"),
        ("block", T0 + 2 * DAY, "王芳"),
        ("move", T0 + DAY, "王芳"),
        ("create", T0, "tester"),
    ]
    assert [e.id for e in history] == sorted((e.id for e in history), reverse=True)
    assert [e.action for e in events.history(db, "card", other.card_id)] == ["create"]
    assert events.history(db, "card", 999) == []


def test_board_cards_order_and_fields(db: Database, board: Board) -> None:
    with pinned(T0):
        r1 = cards.add_card(db, board.id, "ready 1", column_id=board.ready)
        b1 = cards.add_card(db, board.id, "backlog 1", owner="Li", tags="x", due="2025-04-01")
        r2 = cards.add_card(db, board.id, "ready 2", column_id=board.ready)
        b2 = cards.add_card(db, board.id, "backlog 2", priority=2, description="d")
    cards.reorder_card(db, r2.card_id, -1)
    other = boards.create_board(db, "Line 2")
    cards.add_card(db, other.id, "elsewhere")

    rows = cards.board_cards(db, board.id)
    by_column = [(r.column_id, r.id) for r in rows]
    # Grouped by column, in card position order within each column.
    assert by_column == [
        (board.backlog, b1.card_id),
        (board.backlog, b2.card_id),
        (board.ready, r2.card_id),
        (board.ready, r1.card_id),
    ]
    first = rows[0]
    assert (first.title, first.owner, first.tags, first.due, first.blocked, first.moved_at) == (
        "backlog 1",
        "Li",
        "x",
        date(2025, 4, 1),
        False,
        T0,
    )
    assert (rows[1].priority, rows[1].description) == (2, "d")
    assert cards.board_cards(db, 999) == []


def test_card_row_reads_one_live_card(db: Database, board: Board) -> None:
    with pinned(T0):
        card = cards.add_card(db, board.id, "t", owner="Li", column_id=board.ready)
    read = cards.card_row(db, card.card_id)
    assert read is not None
    assert read == cards.board_cards(db, board.id)[0] == card.card
    assert (read.column_id, read.owner, read.moved_at) == (board.ready, "Li", T0)
    cards.set_archived(db, card.card_id, True)
    assert cards.card_row(db, card.card_id) is None
    cards.set_archived(db, card.card_id, False)
    cards.delete_card(db, card.card_id)
    assert cards.card_row(db, card.card_id) is None


# --- archived boards, done unblocks (issue 8) --------------------------------------------------


def test_no_card_is_added_to_an_archived_board(db: Database, board: Board) -> None:
    boards.set_board_archived(db, board.id, True)
    before = event_count(db)
    with pytest.raises(ValidationError) as caught:
        cards.add_card(db, board.id, "Sweep", column_id=board.ready)
    assert caught.value.key == "kanban.board_archived"
    assert "Line 1" in caught.value.message()
    assert card_count(db) == 0 and event_count(db) == before
    boards.set_board_archived(db, board.id, False)
    assert cards.add_card(db, board.id, "Sweep").card is not None


def test_a_blocked_card_moved_to_done_is_unblocked_and_the_move_says_so(
    db: Database, board: Board
) -> None:
    card = cards.add_card(db, board.id, "Fix the guard").card_id
    with pinned(T0):
        cards.block_card(db, card, "waiting for parts")
    moved = cards.move_card(db, card, board.ready)  # not done: still blocked
    assert moved.card is not None and moved.card.blocked
    assert "unblocked" not in moved.payload
    done = cards.move_card(db, card, board.done)
    assert done.card is not None and not done.card.blocked
    assert done.payload["unblocked"] is True
    assert done.payload["blocked_reason"] == "waiting for parts"
    record = cards.get_card(db, card)
    assert (record.blocked, record.blocked_reason, record.blocked_since) == (False, "", None)
    (move,) = [e for e in events.history(db, "card", card) if e.payload.get("to_id") == board.done]
    assert move.action == "move"
    assert move.payload["unblocked"] is True
    assert move.payload["blocked_reason"] == "waiting for parts"
    assert move.payload["blocked_since"].startswith("2025-03-03")
    # An unblocked card moved to done again records no unblock.
    back = cards.move_card(db, card, board.doing)
    again = cards.move_card(db, card, board.done)
    assert back.payload.get("unblocked") is None and again.payload.get("unblocked") is None
