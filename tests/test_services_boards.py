"""Board and column rules, each test on a fresh database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from leantui.core import i18n
from leantui.core.clock import pinned
from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.errors import NotFound, ValidationError
from leantui.core.services import boards, cards, events, workspace

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def all_events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(session.execute(select(Event).order_by(Event.id)).scalars())


def column_ids(db: Database, board_id: int) -> dict[str, int]:
    return {c.name: c.id or 0 for c in boards.columns(db, board_id)}


# --- boards -------------------------------------------------------------------------------


def test_create_board_has_default_columns_with_kinds_and_limits(db: Database) -> None:
    board = boards.create_board(db, "  Line 1  ")
    assert board.name == "Line 1"
    assert board.archived is False
    cols = boards.columns(db, board.id or 0)
    assert [(c.name, c.kind, c.wip_limit, c.position) for c in cols] == [
        ("Backlog", "backlog", None, 0),
        ("Ready", "queue", None, 1),
        ("Doing", "active", 3, 2),
        ("Done", "done", None, 3),
    ]
    assert [e.action for e in events.history(db, "board", board.id or 0)] == ["create"]
    # The columns are created with the board, quietly: one event for the whole board.
    assert [(e.entity_type, e.action) for e in all_events(db)] == [("board", "create")]


def test_default_columns_are_in_the_users_language(db: Database) -> None:
    i18n.set_language("zh_CN")
    board = boards.create_board(db, "装配一组")
    assert [c.name for c in boards.columns(db, board.id or 0)] == [
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
    assert [(c.name, c.kind, c.wip_limit) for c in boards.columns(db, board.id or 0)] == [
        ("To do", "backlog", None),
        ("Fixing", "active", 2),
        ("Fixed", "done", None),
    ]
    assert [(b.name, b.team_id) for b in boards.list_boards(db)] == [("Team board", team.id)]


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
    boards.rename_board(db, one.id or 0, "装配线 A")
    assert boards.find_board(db, "装配线 A").id == one.id
    with pytest.raises(NotFound) as missing:
        boards.find_board(db, "Line 1")
    assert missing.value.key == "kanban.no_such_board"
    # Renaming to its own name is fine; to another board's name is not.
    boards.rename_board(db, one.id or 0, "装配线 A")
    with pytest.raises(ValidationError) as caught:
        boards.rename_board(db, one.id or 0, "Line 2")
    assert caught.value.key == "kanban.board_name_taken"
    with pytest.raises(ValidationError):
        boards.rename_board(db, two.id or 0, "")
    assert sorted(b.name for b in boards.list_boards(db)) == ["Line 2", "装配线 A"]
    rename = events.history(db, "board", one.id or 0)[-2]
    assert rename.action == "rename"
    assert rename.payload == {"from": "Line 1", "to": "装配线 A"}


def test_rename_unknown_board(db: Database) -> None:
    with pytest.raises(NotFound) as caught:
        boards.rename_board(db, 99, "x")
    assert caught.value.key == "kanban.no_such_board"
    assert all_events(db) == []


def test_archive_and_restore_board(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    boards.create_board(db, "Line 2")
    boards.set_board_archived(db, board.id or 0, True)
    assert [b.name for b in boards.list_boards(db)] == ["Line 2"]
    assert [(b.name, b.archived) for b in boards.list_boards(db, include_archived=True)] == [
        ("Line 1", True),
        ("Line 2", False),
    ]
    # An archived board keeps its name: no second board may take it.
    with pytest.raises(ValidationError):
        boards.create_board(db, "Line 1")
    boards.set_board_archived(db, board.id or 0, False)
    assert [b.name for b in boards.list_boards(db)] == ["Line 1", "Line 2"]
    assert [e.action for e in events.history(db, "board", board.id or 0)] == [
        "restore",
        "archive",
        "create",
    ]


def test_list_boards_counts_cards_that_are_not_archived(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    boards.create_board(db, "Empty")
    ids = [cards.add_card(db, board.id or 0, f"card {i}").id or 0 for i in range(3)]
    cards.set_archived(db, ids[0], True)
    counts = {b.name: b.cards for b in boards.list_boards(db)}
    assert counts == {"Line 1": 2, "Empty": 0}


def test_find_board_by_name_or_id(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    assert boards.find_board(db, "Line 1").id == board.id
    assert boards.find_board(db, str(board.id)).name == "Line 1"
    with pytest.raises(NotFound):
        boards.find_board(db, "42")


# --- columns ------------------------------------------------------------------------------


def test_add_column_goes_last_and_is_validated(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    column = boards.add_column(db, board.id or 0, " Check ", "queue", "4", " Two eyes ")
    assert (column.name, column.kind, column.wip_limit, column.policy, column.position) == (
        "Check",
        "queue",
        4,
        "Two eyes",
        4,
    )
    created = events.history(db, "column", column.id or 0)
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
            boards.add_column(db, board.id or 0, *args)
        assert (caught.value.key, caught.value.field) == (key, field), args
    assert len(boards.columns(db, board.id or 0)) == 5

    with pytest.raises(NotFound):
        boards.add_column(db, 99, "Orphan")


def test_add_column_to_a_board_without_columns(db: Database) -> None:
    board = boards.create_board(db, "Line 1", columns=[("Only", "queue", None)])
    only = boards.columns(db, board.id or 0)[0]
    boards.delete_column(db, only.id or 0)
    assert boards.columns(db, board.id or 0) == []
    assert boards.add_column(db, board.id or 0, "First").position == 0


def test_update_column(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    doing = column_ids(db, board.id or 0)["Doing"]
    boards.update_column(db, doing, "Making", "active", "", "Pull, never push")
    updated = next(c for c in boards.columns(db, board.id or 0) if c.id == doing)
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
    again = next(c for c in boards.columns(db, board.id or 0) if c.id == doing)
    assert (again.kind, again.wip_limit, again.policy) == ("active", None, "Pull, never push")
    with pytest.raises(NotFound) as missing:
        boards.update_column(db, 999, "X", "queue", None, "")
    assert missing.value.key == "kanban.no_such_column"


def test_column_names_are_unique_on_a_board(db: Database) -> None:
    """Two 'Done' columns made `leantui card move 7 Done` pick one of them silently."""
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id or 0)
    with pytest.raises(ValidationError) as caught:
        boards.add_column(db, board.id or 0, "done", "queue")
    assert (caught.value.key, caught.value.field) == ("kanban.column_name_taken", "name")
    with pytest.raises(ValidationError):
        boards.update_column(db, ids["Backlog"], "Doing", "backlog", None, "")
    assert list(column_ids(db, board.id or 0)) == ["Backlog", "Ready", "Doing", "Done"]
    # Its own name in another case, and a name only another board uses, are fine.
    boards.update_column(db, ids["Doing"], "DOING", "active", 3, "")
    other = boards.create_board(db, "Line 2", columns=[("Todo", "backlog", None)])
    boards.add_column(db, other.id or 0, "Check", "active")
    boards.add_column(db, board.id or 0, "Check", "active")


def test_move_column_left_and_right(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id or 0)

    def order() -> list[str]:
        return [c.name for c in boards.columns(db, board.id or 0)]

    boards.move_column(db, ids["Doing"], -1)
    assert order() == ["Backlog", "Doing", "Ready", "Done"]
    boards.move_column(db, ids["Backlog"], +1)
    assert order() == ["Doing", "Backlog", "Ready", "Done"]
    assert [c.position for c in boards.columns(db, board.id or 0)] == [0, 1, 2, 3]
    # At either end nothing moves and nothing is recorded.
    before = len(all_events(db))
    boards.move_column(db, ids["Doing"], -1)
    boards.move_column(db, ids["Done"], +1)
    assert order() == ["Doing", "Backlog", "Ready", "Done"]
    assert len(all_events(db)) == before
    assert [e.action for e in events.history(db, "column", ids["Doing"])] == ["reorder"]
    # Other boards are untouched.
    other = boards.create_board(db, "Line 2")
    boards.move_column(db, column_ids(db, other.id or 0)["Done"], -1)
    assert order() == ["Doing", "Backlog", "Ready", "Done"]


def test_delete_empty_column(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ready = column_ids(db, board.id or 0)["Ready"]
    assert boards.delete_column(db, ready) == 0
    assert [c.name for c in boards.columns(db, board.id or 0)] == ["Backlog", "Doing", "Done"]
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
    ids = column_ids(db, board.id or 0)
    cards.add_card(db, board.id or 0, "one", column_id=ids["Ready"])
    archived = cards.add_card(db, board.id or 0, "two", column_id=ids["Ready"])
    cards.set_archived(db, archived.id or 0, True)
    before = len(all_events(db))

    with pytest.raises(ValidationError) as caught:
        boards.delete_column(db, ids["Ready"])
    assert caught.value.key == "kanban.column_not_empty"
    assert caught.value.args_["count"] == 2  # archived cards are still in it

    other = boards.create_board(db, "Line 2")
    elsewhere = column_ids(db, other.id or 0)["Done"]
    for bad_target in (elsewhere, ids["Ready"]):
        with pytest.raises(ValidationError) as wrong:
            boards.delete_column(db, ids["Ready"], move_cards_to=bad_target)
        assert wrong.value.key == "kanban.bad_target_column"
    with pytest.raises(NotFound):
        boards.delete_column(db, ids["Ready"], move_cards_to=999)

    assert "Ready" in column_ids(db, board.id or 0)
    assert len(all_events(db)) == before + 1  # only Line 2's creation


def test_delete_column_moves_its_cards_with_events_and_timestamps(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id or 0)
    with pinned(T0):
        already = cards.add_card(db, board.id or 0, "already done", column_id=ids["Done"])
        doing = cards.add_card(db, board.id or 0, "in progress", column_id=ids["Doing"])
        waiting = cards.add_card(db, board.id or 0, "waiting", column_id=ids["Doing"])
    assert doing.completed_at is None and doing.started_at == T0

    later = T0 + timedelta(days=2)
    with pinned(later):
        moved = boards.delete_column(db, ids["Doing"], move_cards_to=ids["Done"])
    assert moved == 2
    assert [c.name for c in boards.columns(db, board.id or 0)] == ["Backlog", "Ready", "Done"]

    rows = cards.board_cards(db, board.id or 0)
    # The moved cards keep their order and follow the cards already there.
    assert [r.id for r in rows] == [already.id, doing.id, waiting.id]
    assert all(r.column_id == ids["Done"] for r in rows)
    for card_id in (doing.id or 0, waiting.id or 0):
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
    untouched = cards.get_card(db, already.id or 0)
    assert untouched.completed_at == T0
    assert [e.action for e in events.history(db, "card", already.id or 0)] == ["create"]
    deleted = events.history(db, "column", ids["Doing"])[0]
    assert deleted.action == "delete"
    assert deleted.payload == {"name": "Doing", "cards_moved_to": ids["Done"], "cards": 2}


def test_delete_done_column_moving_cards_back_clears_completed(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id or 0)
    with pinned(T0):
        card = cards.add_card(db, board.id or 0, "done", column_id=ids["Done"])
    assert card.completed_at == T0 and card.started_at is None
    boards.delete_column(db, ids["Done"], move_cards_to=ids["Doing"])
    back = cards.get_card(db, card.id or 0)
    assert back.completed_at is None
    assert back.started_at is not None and back.started_at > T0


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
    assert json.loads(event.payload) == {"name": "Line 1"}


# --- what the board screen reads and edits ------------------------------------------------


def test_board_info_and_update_board(db: Database) -> None:
    team = workspace.create_team(db, "装配一组")
    board = boards.create_board(db, "Line 1")
    boards.create_board(db, "Line 2")
    info = boards.board_info(db, board.id or 0)
    assert (info.name, info.team_id, info.team, info.archived) == ("Line 1", None, "", False)

    boards.update_board(db, board.id or 0, " 装配线 A ", team.id)
    info = boards.board_info(db, board.id or 0)
    assert (info.name, info.team_id, info.team) == ("装配线 A", team.id, "装配一组")
    assert [(e.action, e.payload) for e in events.history(db, "board", board.id or 0)[:2]] == [
        ("team", {"from": None, "to": team.id}),
        ("rename", {"from": "Line 1", "to": "装配线 A"}),
    ]
    # Nothing changed: nothing recorded.
    before = len(all_events(db))
    boards.update_board(db, board.id or 0, "装配线 A", team.id)
    assert len(all_events(db)) == before

    for name, team_id, error, key in (
        ("Line 2", None, ValidationError, "kanban.board_name_taken"),
        ("", None, ValidationError, "core.v_required"),
        ("Line 3", 99, NotFound, "kanban.no_such_team"),
    ):
        with pytest.raises(error) as caught:
            boards.update_board(db, board.id or 0, name, team_id)
        assert caught.value.key == key
    assert boards.board_info(db, board.id or 0).name == "装配线 A"
    assert len(all_events(db)) == before
    with pytest.raises(NotFound):
        boards.board_info(db, 99)


def test_column_card_count_includes_archived_cards(db: Database) -> None:
    board = boards.create_board(db, "Line 1")
    ids = column_ids(db, board.id or 0)
    assert boards.column_card_count(db, ids["Ready"]) == 0
    card = cards.add_card(db, board.id or 0, "t", column_id=ids["Ready"])
    cards.add_card(db, board.id or 0, "u", column_id=ids["Ready"])
    cards.set_archived(db, card.id or 0, True)
    assert boards.column_card_count(db, ids["Ready"]) == 2
