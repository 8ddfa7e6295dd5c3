"""Board and column rules, each test on a fresh database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from leantui.core import i18n
from leantui.core.clock import pinned
from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.errors import NotFound, ValidationError
from leantui.core.kanban import boards, cards, view
from leantui.core.kanban.cards import WipLimitReached
from leantui.core.kanban.models import BoardColumn
from leantui.core.services import events, revisions, workspace

pytestmark = pytest.mark.both_engines

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def all_events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(session.execute(select(Event).order_by(Event.id)).scalars())


def column_ids(db: Database, board_id: int) -> dict[str, int]:
    return {c.name: c.id for c in boards.columns(db, board_id)}


def positions(db: Database, board_id: int) -> dict[int, int]:
    """Column id → its stored position (ColumnRow does not carry it: a board lists its
    columns in order)."""
    table = BoardColumn.__table__  # type: ignore[attr-defined]
    query = select(table.c.id, table.c.position).where(table.c.board_id == board_id)
    with db.read() as session:
        return {int(i): int(p) for i, p in session.execute(query)}


# --- boards -------------------------------------------------------------------------------


def test_create_board_has_default_columns_with_kinds_and_limits(db: Database) -> None:
    board = boards.create_board(db, "  Line 1  ")
    assert board.name == "Line 1"
    assert board.archived is False
    cols = boards.columns(db, board.id)
    stored = positions(db, board.id)
    assert [(c.name, c.kind, c.wip_limit, stored[c.id]) for c in cols] == [
        ("Backlog", "backlog", None, 0),
        ("Ready", "queue", None, 1),
        ("Doing", "active", 3, 2),
        ("Done", "done", None, 3),
    ]
    assert [e.action for e in events.history(db, "board", board.id)] == ["create"]
    # The columns are created with the board, quietly: one event for the whole board.
    assert [(e.entity_type, e.action) for e in all_events(db)] == [("board", "create")]


def test_default_columns_are_in_the_users_language(db: Database) -> None:
    i18n.set_language("zh_CN")
    board = boards.create_board(db, "装配一组")
    assert [c.name for c in boards.columns(db, board.id)] == [
        "待办池",
        "就绪",
        "进行中",
        "已完成",
    ]


def test_create_board_with_own_columns_and_team(db: Database) -> None:
    team = workspace.create_team(db, "装配一组", area="总装车间")
    board = boards.create_board(
        db,
        "Team board",
        team_id=team.id,
        columns=[("To do", "backlog", None), ("Fixing", "active", 2), ("Fixed", "done", None)],
    )
    assert [(c.name, c.kind, c.wip_limit) for c in boards.columns(db, board.id)] == [
        ("To do", "backlog", None),
        ("Fixing", "active", 2),
        ("Fixed", "done", None),
    ]
    assert [(b.name, b.team_id, b.team) for b in boards.list_boards(db)] == [
        ("Team board", team.id, "装配一组")
    ]
    assert (board.team_id, board.team) == (team.id, "装配一组")


def test_board_name_is_required_and_limited(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        boards.create_board(db, "   ")
    assert (caught.value.key, caught.value.field) == ("core.v_required", "name")
    with pytest.raises(ValidationError) as caught:
        boards.create_board(db, "x" * 81)
    assert caught.value.key == "core.v_too_long"
    assert boards.list_boards(db, include_archived=True) == []
    assert all_events(db) == []


def test_board_names_are_unique(db: Database) -> None:
    boards.create_board(db, "Line 1")
    with pytest.raises(ValidationError) as caught:
        boards.create_board(db, " Line 1 ")
    assert caught.value.key == "kanban.board_name_taken"
    assert caught.value.field == "name"
    assert "Line 1" in caught.value.message()
    assert len(boards.list_boards(db)) == 1
    # Another spelling is another board.
    boards.create_board(db, "Line 2")
    assert [b.name for b in boards.list_boards(db)] == ["Line 1", "Line 2"]


def test_rename_board(db: Database) -> None:
    one = boards.create_board(db, "Line 1")
    two = boards.create_board(db, "Line 2")
    boards.update_board(db, one.id, "装配线 A", None)
    assert boards.find_board(db, "装配线 A").id == one.id
    with pytest.raises(NotFound) as missing:
        boards.find_board(db, "Line 1")
    assert missing.value.key == "kanban.no_such_board"
    # Renaming to its own name is fine; to another board's name is not.
    boards.update_board(db, one.id, "装配线 A", None)
    with pytest.raises(ValidationError) as caught:
        boards.update_board(db, one.id, "Line 2", None)
    assert caught.value.key == "kanban.board_name_taken"
    with pytest.raises(ValidationError):
        boards.update_board(db, two.id, "", None)
    assert sorted(b.name for b in boards.list_boards(db)) == ["Line 2", "装配线 A"]
    # Renaming to its own name records nothing.
    assert [e.action for e in events.history(db, "board", one.id)] == ["rename", "create"]
    rename = events.history(db, "board", one.id)[-2]
    assert rename.action == "rename"
    assert rename.payload == {"from": "Line 1", "to": "装配线 A"}


def test_rename_unknown_board(db: Database) -> None:
    with pytest.raises(NotFound) as caught:
        boards.update_board(db, 99, "x", None)
    assert caught.value.key == "kanban.no_such_board"
    assert all_events(db) == []


def test_archive_and_restore_board(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    boards.create_board(db, "Line 2")
    boards.set_board_archived(db, board.id, True)
    assert [b.name for b in boards.list_boards(db)] == ["Line 2"]
    assert [(b.name, b.archived) for b in boards.list_boards(db, include_archived=True)] == [
        ("Line 1", True),
        ("Line 2", False),
    ]
    # An archived board keeps its name: no second board may take it.
    with pytest.raises(ValidationError):
        boards.create_board(db, "Line 1")
    boards.set_board_archived(db, board.id, False)
    assert [b.name for b in boards.list_boards(db)] == ["Line 1", "Line 2"]
    assert [e.action for e in events.history(db, "board", board.id)] == [
        "restore",
        "archive",
        "create",
    ]


def test_list_boards_counts_cards_that_are_not_archived(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    boards.create_board(db, "Empty")
    ids = [cards.add_card(db, board.id, f"card {i}").card_id for i in range(3)]
    cards.set_archived(db, ids[0], True)
    counts = {b.name: b.cards for b in boards.list_boards(db)}
    assert counts == {"Line 1": 2, "Empty": 0}


def test_find_board_by_name_or_id(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    assert boards.find_board(db, "Line 1").id == board.id
    assert boards.find_board(db, str(board.id)).name == "Line 1"
    assert boards.find_board(db, "Line 1") == board == boards.board_info(db, board.id)
    with pytest.raises(NotFound):
        boards.find_board(db, "42")


def test_find_board_ignores_case_when_only_one_board_matches(db: Database) -> None:
    line = boards.create_board(db, "Line 1")
    assert boards.find_board(db, "line 1").id == line.id
    assert boards.find_board(db, "LINE 1").id == line.id
    shouting = boards.create_board(db, "LINE 1")
    assert boards.find_board(db, "LINE 1").id == shouting.id  # the exact name first
    assert boards.find_board(db, "Line 1").id == line.id
    with pytest.raises(ValidationError) as caught:
        boards.find_board(db, "line 1")
    assert caught.value.key == "kanban.board_ambiguous"
    assert "LINE 1, Line 1" in caught.value.message()
    archived = boards.create_board(db, "Packing")
    boards.set_board_archived(db, archived.id, True)
    assert boards.find_board(db, "packing").id == archived.id  # archived boards too


def test_archiving_a_board_twice_changes_nothing(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    assert boards.set_board_archived(db, board.id, True) is True
    assert boards.set_board_archived(db, board.id, True) is False
    assert boards.set_board_archived(db, board.id, False) is True
    assert boards.set_board_archived(db, board.id, False) is False
    actions = [e.action for e in events.history(db, "board", board.id)]
    assert actions == ["restore", "archive", "create"]


# --- columns ------------------------------------------------------------------------------


def test_add_column_goes_last_and_is_validated(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    column = boards.add_column(db, board.id, " Check ", "queue", "4", " Two eyes ")
    assert boards.columns(db, board.id)[-1] == column
    assert (column.name, column.kind, column.wip_limit, column.policy) == (
        "Check",
        "queue",
        4,
        "Two eyes",
    )
    assert positions(db, board.id)[column.id] == 4
    created = events.history(db, "column", column.id)
    assert [e.action for e in created] == ["create"]
    assert created[0].payload == {
        "board_id": board.id,
        "name": "Check",
        "kind": "queue",
        "wip_limit": 4,
    }

    bad: list[tuple[tuple[str, str, str | int | None, str], str, str]] = [
        (("", "queue", None, ""), "core.v_required", "name"),
        (("X", "waiting", None, ""), "core.v_bad_choice", "kind"),
        (("X", "queue", "-1", ""), "core.v_negative", "wip_limit"),
        (("X", "queue", -1, ""), "core.v_negative", "wip_limit"),
        (("X", "queue", "three", ""), "core.v_not_number", "wip_limit"),
        (("X", "queue", "2.5", ""), "core.v_not_number", "wip_limit"),
        (("X", "queue", "9" * 20, ""), "core.v_too_big", "wip_limit"),
        (("X", "queue", None, "p" * 501), "core.v_too_long", "policy"),
    ]
    for args, key, field in bad:
        with pytest.raises(ValidationError) as caught:
            boards.add_column(db, board.id, *args)
        assert (caught.value.key, caught.value.field) == (key, field), args
    assert len(boards.columns(db, board.id)) == 5

    with pytest.raises(NotFound):
        boards.add_column(db, 99, "Orphan")


def test_add_column_to_a_board_without_columns(db: Database) -> None:
    board = boards.create_board(db, "Line 1", columns=[("Only", "queue", None)])
    only = boards.columns(db, board.id)[0]
    boards.delete_column(db, only.id)
    assert boards.columns(db, board.id) == []
    first = boards.add_column(db, board.id, "First")
    assert positions(db, board.id) == {first.id: 0}


def test_update_column(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    doing = column_ids(db, board.id)["Doing"]
    boards.update_column(db, doing, "Making", "active", "", "Pull, never push")
    updated = next(c for c in boards.columns(db, board.id) if c.id == doing)
    assert (updated.name, updated.kind, updated.wip_limit, updated.policy) == (
        "Making",
        "active",
        None,
        "Pull, never push",
    )
    edit = events.history(db, "column", doing)[0]
    assert edit.action == "edit"
    assert edit.payload == {
        "name": ["Doing", "Making"],
        "wip_limit": [3, None],
        "policy": ["", "Pull, never push"],
    }
    # No change, no event.
    boards.update_column(db, doing, "Making", "active", None, "Pull, never push")
    assert len(events.history(db, "column", doing)) == 1
    # Bad input changes nothing.
    with pytest.raises(ValidationError) as caught:
        boards.update_column(db, doing, "Making", "active", "-2", "")
    assert caught.value.key == "core.v_negative"
    with pytest.raises(ValidationError):
        boards.update_column(db, doing, "Making", "finished", None, "")
    again = next(c for c in boards.columns(db, board.id) if c.id == doing)
    assert (again.kind, again.wip_limit, again.policy) == ("active", None, "Pull, never push")
    with pytest.raises(NotFound) as missing:
        boards.update_column(db, 999, "X", "queue", None, "")
    assert missing.value.key == "kanban.no_such_column"


def test_column_names_are_unique_on_a_board(db: Database) -> None:
    """Two 'Done' columns made `leantui card move 7 Done` pick one of them silently."""
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    with pytest.raises(ValidationError) as caught:
        boards.add_column(db, board.id, "done", "queue")
    assert (caught.value.key, caught.value.field) == ("kanban.column_name_taken", "name")
    with pytest.raises(ValidationError):
        boards.update_column(db, ids["Backlog"], "Doing", "backlog", None, "")
    assert list(column_ids(db, board.id)) == ["Backlog", "Ready", "Doing", "Done"]
    # Its own name in another case, and a name only another board uses, are fine.
    boards.update_column(db, ids["Doing"], "DOING", "active", 3, "")
    other = boards.create_board(db, "Line 2", columns=[("Todo", "backlog", None)])
    boards.add_column(db, other.id, "Check", "active")
    boards.add_column(db, board.id, "Check", "active")


def test_move_column_left_and_right(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)

    def order() -> list[str]:
        return [c.name for c in boards.columns(db, board.id)]

    boards.move_column(db, ids["Doing"], -1)
    assert order() == ["Backlog", "Doing", "Ready", "Done"]
    boards.move_column(db, ids["Backlog"], +1)
    assert order() == ["Doing", "Backlog", "Ready", "Done"]
    stored = positions(db, board.id)
    assert [stored[c.id] for c in boards.columns(db, board.id)] == [0, 1, 2, 3]
    # At either end nothing moves and nothing is recorded.
    before = len(all_events(db))
    boards.move_column(db, ids["Doing"], -1)
    boards.move_column(db, ids["Done"], +1)
    assert order() == ["Doing", "Backlog", "Ready", "Done"]
    assert len(all_events(db)) == before
    assert [e.action for e in events.history(db, "column", ids["Doing"])] == ["reorder"]
    # Other boards are untouched.
    other = boards.create_board(db, "Line 2")
    boards.move_column(db, column_ids(db, other.id)["Done"], -1)
    assert order() == ["Doing", "Backlog", "Ready", "Done"]


def test_delete_empty_column(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ready = column_ids(db, board.id)["Ready"]
    assert boards.delete_column(db, ready) == 0
    assert [c.name for c in boards.columns(db, board.id)] == ["Backlog", "Doing", "Done"]
    deleted = events.history(db, "column", ready)[0]
    assert (deleted.action, deleted.payload["name"], deleted.payload["cards"]) == (
        "delete",
        "Ready",
        0,
    )
    with pytest.raises(NotFound):
        boards.delete_column(db, ready)


def test_delete_column_with_cards_needs_a_target(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    cards.add_card(db, board.id, "one", column_id=ids["Ready"])
    archived = cards.add_card(db, board.id, "two", column_id=ids["Ready"])
    cards.set_archived(db, archived.card_id, True)
    before = len(all_events(db))

    with pytest.raises(ValidationError) as caught:
        boards.delete_column(db, ids["Ready"])
    assert caught.value.key == "kanban.column_not_empty"
    assert caught.value.args_["count"] == 2  # archived cards are still in it

    other = boards.create_board(db, "Line 2")
    elsewhere = column_ids(db, other.id)["Done"]
    for bad_target in (elsewhere, ids["Ready"]):
        with pytest.raises(ValidationError) as wrong:
            boards.delete_column(db, ids["Ready"], move_cards_to=bad_target)
        assert wrong.value.key == "kanban.bad_target_column"
    with pytest.raises(NotFound):
        boards.delete_column(db, ids["Ready"], move_cards_to=999)

    assert "Ready" in column_ids(db, board.id)
    assert len(all_events(db)) == before + 1  # only Line 2's creation


def test_delete_column_moves_its_cards_with_events_and_timestamps(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    with pinned(T0):
        already = cards.add_card(db, board.id, "already done", column_id=ids["Done"])
        doing = cards.add_card(db, board.id, "in progress", column_id=ids["Doing"])
        waiting = cards.add_card(db, board.id, "waiting", column_id=ids["Doing"])
    started = cards.get_card(db, doing.card_id)
    assert started.completed_at is None and started.started_at == T0

    later = T0 + timedelta(days=2)
    with pinned(later):
        moved = boards.delete_column(db, ids["Doing"], move_cards_to=ids["Done"])
    assert moved == 2
    assert [c.name for c in boards.columns(db, board.id)] == ["Backlog", "Ready", "Done"]

    rows = cards.board_cards(db, board.id)
    # The moved cards keep their order and follow the cards already there.
    assert [r.id for r in rows] == [already.card_id, doing.card_id, waiting.card_id]
    assert all(r.column_id == ids["Done"] for r in rows)
    for card_id in (doing.card_id, waiting.card_id):
        card = cards.get_card(db, card_id)
        assert card.started_at == T0
        assert card.completed_at == later
        assert card.moved_at == later
        move = events.history(db, "card", card_id)[0]
        assert move.action == "move"
        assert move.payload == {
            "from_id": ids["Doing"],
            "from": "Doing",
            "to_id": ids["Done"],
            "to": "Done",
            "column_deleted": True,
        }
    untouched = cards.get_card(db, already.card_id)
    assert untouched.completed_at == T0
    assert [e.action for e in events.history(db, "card", already.card_id)] == ["create"]
    deleted = events.history(db, "column", ids["Doing"])[0]
    assert deleted.action == "delete"
    assert deleted.payload == {"name": "Doing", "cards_moved_to": ids["Done"], "cards": 2}


def test_delete_done_column_moving_cards_back_clears_completed(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    with pinned(T0):
        card = cards.add_card(db, board.id, "done", column_id=ids["Done"])
    done = cards.get_card(db, card.card_id)
    assert done.completed_at == T0 and done.started_at is None
    boards.delete_column(db, ids["Done"], move_cards_to=ids["Doing"])
    back = cards.get_card(db, card.card_id)
    assert back.completed_at is None
    assert back.started_at is not None and back.started_at > T0


def test_deleting_a_column_into_a_full_one_needs_a_reason(db: Database) -> None:
    """A deleted column's cards enter the target like any move: over its WIP limit only
    with a reason, which every move event records."""
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    for i in range(2):
        cards.add_card(db, board.id, f"doing {i}", column_id=ids["Doing"])
    moving = [cards.add_card(db, board.id, f"ready {i}", column_id=ids["Ready"]) for i in range(2)]
    gone = cards.add_card(db, board.id, "archived", column_id=ids["Ready"])
    cards.set_archived(db, gone.card_id, True)  # archived cards do not count
    before = len(all_events(db))

    for reason in (None, "", "  "):
        with pytest.raises(WipLimitReached) as caught:
            boards.delete_column(
                db, ids["Ready"], move_cards_to=ids["Doing"], override_reason=reason
            )
        # 2 live cards there + 2 coming = 4 > 3
        assert (caught.value.column, caught.value.count, caught.value.limit) == ("Doing", 2, 3)
    assert "Ready" in column_ids(db, board.id)
    assert len(all_events(db)) == before
    assert boards.column_card_count(db, ids["Ready"]) == 3

    moved = boards.delete_column(
        db, ids["Ready"], move_cards_to=ids["Doing"], override_reason=" line stop "
    )
    assert moved == 3
    assert "Ready" not in column_ids(db, board.id)
    for card in (*moving, gone):
        move = events.history(db, "card", card.card_id)[0]
        assert move.action == "move"
        assert move.payload["override_reason"] == "line stop"
        assert cards.get_card(db, card.card_id).column_id == ids["Doing"]


def test_deleting_a_column_within_the_target_limit_needs_no_reason(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    cards.add_card(db, board.id, "doing", column_id=ids["Doing"])
    card = cards.add_card(db, board.id, "ready", column_id=ids["Ready"])
    for i in range(3):  # archived cards come along but do not count
        extra = cards.add_card(db, board.id, f"old {i}", column_id=ids["Ready"])
        cards.set_archived(db, extra.card_id, True)
    cards.add_card(db, board.id, "ready 2", column_id=ids["Ready"])
    assert boards.delete_column(db, ids["Ready"], move_cards_to=ids["Doing"]) == 5  # 3/3
    move = events.history(db, "card", card.card_id)[0]
    assert move.action == "move" and "override_reason" not in move.payload


def test_board_writes_bump_the_revisions_screens_poll(db: Database) -> None:
    """Every write to a board moves its revision (what an open board polls); changes to
    what the list of boards shows also move the list's revision."""

    def both(board_id: int) -> tuple[int, int]:
        scope = revisions.board(board_id)
        now = revisions.current(db, [scope, revisions.BOARDS])
        assert now[scope] == view.board_revision(db, board_id)
        return now[scope], now[revisions.BOARDS]

    board = boards.create_board(db, "Line 1")
    other = boards.create_board(db, "Line 2")
    mark, listed = both(board.id)
    assert mark > 0 and listed > 0
    untouched = both(other.id)[0]
    ids = column_ids(db, board.id)
    for change in (
        lambda: boards.add_column(db, board.id, "Check"),
        lambda: boards.update_column(db, ids["Doing"], "Doing", "active", 4, ""),
        lambda: boards.move_column(db, ids["Doing"], -1),
        lambda: boards.delete_column(db, ids["Ready"]),
    ):
        change()
        assert both(board.id) == (mark + 1, listed)
        mark += 1
    for change in (
        lambda: boards.update_board(db, board.id, "Line A", None),
        lambda: boards.set_board_archived(db, board.id, True),
    ):
        change()
        assert both(board.id) == (mark + 1, listed + 1)
        mark, listed = mark + 1, listed + 1
    assert both(other.id)[0] == untouched


def test_events_carry_the_actor(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEANTUI_USER", "王芳")
    board = boards.create_board(db, "Line 1")
    (event,) = all_events(db)
    assert (event.actor, event.entity_type, event.entity_id, event.action) == (
        "王芳",
        "board",
        board.id,
        "create",
    )
    assert event.payload == {"name": "Line 1"}
    assert event.board_id == board.id  # its scope: "what changed on this board"


# --- what the board screen reads and edits ------------------------------------------------


def test_board_info_and_update_board(db: Database) -> None:
    team = workspace.create_team(db, "装配一组")
    board = boards.create_board(db, "Line 1")
    boards.create_board(db, "Line 2")
    info = boards.board_info(db, board.id)
    assert (info.name, info.team_id, info.team, info.archived) == ("Line 1", None, "", False)

    boards.update_board(db, board.id, " 装配线 A ", team.id)
    info = boards.board_info(db, board.id)
    assert (info.name, info.team_id, info.team) == ("装配线 A", team.id, "装配一组")
    assert [(e.action, e.payload) for e in events.history(db, "board", board.id)[:2]] == [
        ("team", {"from": None, "to": team.id}),
        ("rename", {"from": "Line 1", "to": "装配线 A"}),
    ]
    # Nothing changed: nothing recorded.
    before = len(all_events(db))
    boards.update_board(db, board.id, "装配线 A", team.id)
    assert len(all_events(db)) == before

    for name, team_id, error, key in (
        ("Line 2", None, ValidationError, "kanban.board_name_taken"),
        ("", None, ValidationError, "core.v_required"),
        ("Line 3", 99, NotFound, "kanban.no_such_team"),
    ):
        with pytest.raises(error) as caught:
            boards.update_board(db, board.id, name, team_id)
        assert caught.value.key == key
    assert boards.board_info(db, board.id).name == "装配线 A"
    assert len(all_events(db)) == before
    with pytest.raises(NotFound):
        boards.board_info(db, 99)


def test_column_card_count_includes_archived_cards(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id)
    assert boards.column_card_count(db, ids["Ready"]) == 0
    card = cards.add_card(db, board.id, "t", column_id=ids["Ready"])
    cards.add_card(db, board.id, "u", column_id=ids["Ready"])
    cards.set_archived(db, card.card_id, True)
    assert boards.column_card_count(db, ids["Ready"]) == 2
