"""Columns and boards edited from the board screen, and the filter words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from test_tui_board import (
    SIZE,
    column_text,
    error_text,
    list_text,
    make_board,
    ready,
    type_text,
    until,
)
from textual.widgets import Input, Static

from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.kanban.rows import CardRow
from leantui.core.kanban.rules import is_overdue, is_stale
from leantui.core.services import events, workspace
from leantui.tui.app import LeanApp
from leantui.tui.kanban.column import ColumnHeader
from leantui.tui.kanban.lists import BoardList, ColumnEditor, PickColumn
from leantui.tui.kanban.model import matches, parse_filter
from leantui.tui.kanban.screen import BoardScreen
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.forms import FormScreen


async def test_add_column_refuses_bad_wip_limit(db: Database, settings: Settings) -> None:
    board_id, _ = make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("C")
        assert isinstance(app.screen, ColumnEditor)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-name", Input).value = "Check"
        form.query_one("#f-wip_limit", Input).value = "-2"
        await pilot.press("ctrl+s")
        assert "cannot be negative" in error_text(pilot)
        form.query_one("#f-wip_limit", Input).value = "three"
        await pilot.press("ctrl+s")
        assert "not a whole number" in error_text(pilot)
        assert form.query_one("#f-name", Input).value == "Check"
        assert len(boards.columns(db, board_id)) == 4
        form.query_one("#f-wip_limit", Input).value = "2"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ColumnEditor)
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.query(ColumnHeader)) == 5)
        added = boards.columns(db, board_id)[-1]
        assert (added.name, added.wip_limit, added.kind) == ("Check", 2, "queue")
        assert "Check" in screen.query(ColumnHeader)[4].render().plain


async def test_edit_wip_limit_of_a_column(db: Database, settings: Settings) -> None:
    board_id, _ = make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("down", "down", "e")  # Doing
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-wip_limit", Input).value == "3"
        form.query_one("#f-wip_limit", Input).value = "x"
        await pilot.press("enter")
        assert "not a whole number" in error_text(pilot)
        form.query_one("#f-wip_limit", Input).value = "5"
        form.query_one("#f-policy", Input).value = "Pull, don't push"
        await pilot.press("enter")
        await pilot.press("escape")
        doing = boards.columns(db, board_id)[2]
        assert doing.wip_limit == 5 and doing.policy == "Pull, don't push"
        await until(pilot, lambda: "0/5" in screen.query(ColumnHeader)[2].render().plain)
        assert "Pull, don't push" in screen.query(ColumnHeader)[2].render().plain


async def test_reorder_and_delete_columns(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "In backlog", cols[0]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("J")  # Backlog one to the right
        names = [c.name for c in boards.columns(db, board_id)]
        assert names == ["Ready", "Backlog", "Doing", "Done"]
        await pilot.press("D")  # Backlog holds a card: where should it go?
        assert isinstance(app.screen, PickColumn)
        await pilot.press("enter")  # Ready
        assert isinstance(app.screen, Confirm)
        assert "Ready" in str(app.screen.query_one(".dialog-title", Static).content)
        await pilot.press("y")
        assert [c.name for c in boards.columns(db, board_id)] == ["Ready", "Doing", "Done"]
        assert cards.get_card(db, card_id).column_id == cols[1]
        await pilot.press("up", "D")  # Ready holds the card now
        assert isinstance(app.screen, PickColumn)
        await pilot.press("escape")  # no target: nothing happens
        assert isinstance(app.screen, ColumnEditor)
        await pilot.press("down", "D")  # Doing is empty: a plain confirmation
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert len(boards.columns(db, board_id)) == 3
        await pilot.press("D", "y")
        assert [c.name for c in boards.columns(db, board_id)] == ["Ready", "Done"]
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.query(ColumnHeader)) == 2)
        assert "In backlog" in column_text(screen, 0)


async def test_deleting_a_column_into_a_full_one_asks_for_a_reason(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Waiting", cols[1]).card_id
    for i in range(3):
        cards.add_card(db, board_id, f"Busy {i}", cols[2])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("C")
        await pilot.pause()
        editor = app.screen
        await pilot.press("down", "D")  # Ready holds a card
        assert isinstance(app.screen, PickColumn)
        await pilot.press("down", "enter")  # Doing, at its limit
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        assert isinstance(app.screen, AskText)
        assert "WIP limit" in str(app.screen.query_one(".dialog-title", Static).content)
        await pilot.press("escape")  # no reason: nothing deleted
        assert app.screen is editor
        assert [c.name for c in boards.columns(db, board_id)] == [
            "Backlog",
            "Ready",
            "Doing",
            "Done",
        ]
        await pilot.press("D", "down", "enter", "y")
        assert isinstance(app.screen, AskText)
        await type_text(pilot, "merging the queue")
        await pilot.press("enter")
        assert app.screen is editor
        assert [c.name for c in boards.columns(db, board_id)] == ["Backlog", "Doing", "Done"]
        assert cards.get_card(db, card_id).column_id == cols[2]
        move = events.history(db, "card", card_id)[0]
        assert move.payload["override_reason"] == "merging the queue"
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.query(ColumnHeader)) == 3)
        assert "Waiting" in column_text(screen, 1)
        assert "4/3" in screen.query(ColumnHeader)[1].render().plain


async def test_board_list_creates_renames_and_archives(db: Database, settings: Settings) -> None:
    make_board(db, "Assembly")
    workspace.create_team(db, "Team A")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("B")
        assert isinstance(app.screen, BoardList)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("enter")
        assert "Name is required" in error_text(pilot)
        form.query_one("#f-name", Input).value = "Assembly"
        await pilot.press("enter")
        assert "exists already" in error_text(pilot)
        form.query_one("#f-name", Input).value = "Packing"
        await pilot.press("enter")
        await until(
            pilot, lambda: screen.model is not None and screen.model.board.name == "Packing"
        )
        packing = boards.find_board(db, "Packing").id
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-name", Input).value = "Packing line"
        await pilot.press("tab", "right")  # the team: from "(no team)" to Team A
        await pilot.press("ctrl+s")
        info = boards.board_info(db, packing)
        assert (info.name, info.team) == ("Packing line", "Team A")
        await pilot.press("a")  # archive the board shown
        assert boards.board_info(db, packing).archived
        await pilot.press("escape")
        await until(pilot, lambda: screen.model is not None and screen.board_id != packing)
        assert screen.model is not None and screen.model.board.name == "Assembly"


async def test_every_board_archived_says_so_and_how_to_restore_one(
    db: Database, settings: Settings
) -> None:
    """Defect 6: it used to say "There is no board yet"."""
    board_id, _ = make_board(db, "Old line")
    boards.set_board_archived(db, board_id, True)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen) and screen.model is None
        message = str(screen.query_one("#board-message", Static).content)
        assert "Every board is archived" in message and "bring it back" in message
        assert "no board yet" not in message
        await pilot.press("B")  # the list shows the archived board at once
        assert "Old line (archived)" in list_text(app.screen)
        await pilot.press("a", "enter")
        await until(pilot, lambda: screen.model is not None)
        assert not boards.board_info(db, board_id).archived
        assert screen.model is not None and screen.model.board.name == "Old line"


async def test_a_new_board_when_every_board_is_archived(db: Database, settings: Settings) -> None:
    board_id, _ = make_board(db, "Old line")
    boards.set_board_archived(db, board_id, True)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        actions = {b.binding.action for b in screen.active_bindings.values()}
        assert "new_card" not in actions and "boards" in actions
        await pilot.press("B")
        await pilot.press("n")
        app.screen.query_one("#f-name", Input).value = "New line"
        await pilot.press("enter")
        await until(pilot, lambda: screen.model is not None)
        assert screen.model is not None and screen.model.board.name == "New line"
        assert len(screen.query(ColumnHeader)) == 4


# --- filter words (no screen) --------------------------------------------------------


def _row(**fields: object) -> CardRow:
    base: dict[str, object] = {
        "id": 1,
        "column_id": 1,
        "position": 0,
        "title": "Fix pump",
        "owner": "王伟",
        "tags": "safety,5S",
        "priority": 0,
        "due": None,
        "blocked": False,
        "moved_at": datetime(2026, 1, 1, tzinfo=UTC),
        "description": "",
        "board_id": 1,
        "version": 1,
    }
    base.update(fields)
    return CardRow(**base)  # type: ignore[arg-type]


def test_parse_filter_words_in_both_languages() -> None:
    flt = parse_filter('owner:王 tag:Safety blocked overdue "pump house"')
    assert flt.owner == ("王",) and flt.tags == ("safety",)
    assert flt.blocked and flt.overdue and flt.text == ("pump house",)
    same = parse_filter("负责人：王 标签:safety 阻塞 逾期")
    assert (same.owner, same.tags, same.blocked, same.overdue) == (("王",), ("safety",), True, True)
    assert not parse_filter("   ").active
    assert parse_filter('unbalanced "quote').text == ("unbalanced", '"quote')


def test_matches_and_flow_signals() -> None:
    today = date(2026, 3, 10)
    row = _row(due=date(2026, 3, 9))
    assert matches(row, parse_filter("owner:王 tag:5s pump"), "queue", today)
    assert not matches(row, parse_filter("owner:李"), "queue", today)
    assert not matches(row, parse_filter("blocked"), "queue", today)
    assert matches(row, parse_filter("overdue"), "queue", today)
    assert not is_overdue(row.due, "done", today)  # a finished card is never late
    moved = datetime(2026, 3, 1, tzinfo=UTC)
    at = moved + timedelta(days=8)
    assert is_stale(_row(moved_at=moved).moved_at, "active", at)
    assert not is_stale(_row(moved_at=moved).moved_at, "backlog", at)
    assert not is_stale(_row(moved_at=moved).moved_at, "active", moved + timedelta(days=3))
