"""The board screen driven from the keyboard: each test presses keys and checks both the
database (through the services) and what the screen draws."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static

from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards
from leantui.core.services import events
from leantui.tui.app import LeanApp
from leantui.tui.kanban.column import CardList, ColumnHeader
from leantui.tui.kanban.screen import BoardScreen
from leantui.tui.kit.bars import TitleBar
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.forms import FormScreen

SIZE = (80, 24)


def make_board(db: Database, name: str = "Line 1") -> tuple[int, list[int]]:
    """A board with Backlog, Ready, Doing (WIP 3, active), Done; returns ids."""
    board = boards.create_board(db, name)
    return board.id, [c.id for c in boards.columns(db, board.id)]


async def ready(pilot: Pilot[None]) -> BoardScreen:
    """Wait (bounded) until the whole board is loaded."""
    for _ in range(100):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        loaded = isinstance(screen, BoardScreen) and screen.model and not screen.model.partial
        if loaded and not screen._loading:
            return screen
    raise AssertionError("the board did not load")


async def until(pilot: Pilot[None], condition: object, rounds: int = 40) -> None:
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("condition not met")


def column_lines(screen: BoardScreen, index: int) -> list[str]:
    card_list = screen.query(CardList)[index]
    return [card_list.render_line(y).text for y in range(card_list.size.height)]


def column_text(screen: BoardScreen, index: int) -> str:
    return "\n".join(column_lines(screen, index))


def widgets_text(widgets: Iterable[Widget]) -> str:
    """What the widgets draw, line by line."""
    return "\n".join(w.render_line(y).text.rstrip() for w in widgets for y in range(w.size.height))


def error_text(pilot: Pilot[None]) -> str:
    """The error a dialog shows: at a form's field, or under the dialog."""
    screen = pilot.app.screen
    shown = [str(w.content) for w in screen.query(".field.-error .field-error").results(Static)]
    return "\n".join([*shown, str(screen.query_one("#error", Static).content)]).strip()


def list_text(screen: object) -> str:
    """What a list dialog's table draws, header included."""
    table = screen.query_one("#entries")  # type: ignore[attr-defined]
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def form_of(pilot: Pilot[None]) -> FormScreen[object]:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen), screen
    return screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


# --- drawing -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_board_draws_cards_counts_and_header(
    db: Database, settings: Settings, size: tuple[int, int]
) -> None:
    board_id, cols = make_board(db)
    long_title = "更换 3 号工位的气动扳手并校准扭矩，记录在点检表上 " * 3
    cards.add_card(db, board_id, long_title, cols[0], owner="王伟")
    for i in range(4):
        card = cards.add_card(db, board_id, f"Doing {i}", cols[0])
        cards.move_card(db, card.card_id, cols[2], override_reason="rush" if i == 3 else None)
    overdue = date.today() - timedelta(days=3)
    cards.add_card(db, board_id, "Late one", cols[1], due=overdue.isoformat())
    app = LeanApp(settings, db)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        title = screen.query_one(TitleBar)
        assert "Line 1" in title.render().plain
        backlog = column_lines(screen, 0)
        # The Chinese title is cut with an ellipsis to the column's width in cells.
        assert backlog[0].startswith("更换 3 号")
        assert "…" in backlog[0]
        width = screen.query(CardList)[0].scrollable_content_region.width
        assert all(cell_len(line) == width for line in backlog)
        assert "王伟" in backlog[1] and "0d" in backlog[1]
        assert overdue.strftime("%m-%d") in column_text(screen, 1)
        doing = screen.query(ColumnHeader)[2]
        assert doing.column.over_limit
        assert "4/3" in doing.render().plain


# --- moving ------------------------------------------------------------------------


async def test_move_with_H_L_sets_flow_timestamps(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Fix the valve", cols[1]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l")  # to Ready, where the card is
        assert screen.card is not None and screen.card.id == card_id
        await pilot.press("L")
        card = cards.get_card(db, card_id)
        assert card.column_id == cols[2] and card.started_at is not None
        assert card.completed_at is None
        assert "Fix the valve" in column_text(screen, 2)
        assert "Fix the valve" not in column_text(screen, 1)
        assert screen.current == 2  # the cursor follows the card
        await pilot.press("shift+right")
        card = cards.get_card(db, card_id)
        assert card.column_id == cols[3] and card.completed_at is not None
        await pilot.press("H")
        card = cards.get_card(db, card_id)
        assert card.column_id == cols[2] and card.completed_at is None
        assert "Fix the valve" in column_text(screen, 2)
        moves = [e for e in events.history(db, "card", card_id) if e.action == "move"]
        assert [m.payload["to"] for m in moves] == ["Doing", "Done", "Doing"]


async def test_reorder_with_J_K(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    first = cards.add_card(db, board_id, "First", cols[0]).card_id
    second = cards.add_card(db, board_id, "Second", cols[0]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("J")
        order = [r.id for r in cards.board_cards(db, board_id)]
        assert order == [second, first]
        lines = column_lines(screen, 0)
        assert lines[0].startswith("Second") and lines[2].startswith("First")
        assert screen.card is not None and screen.card.id == first
        await pilot.press("shift+up")
        assert [r.id for r in cards.board_cards(db, board_id)] == [first, second]
        assert column_lines(screen, 0)[0].startswith("First")


async def test_edge_columns_hide_moves(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    cards.add_card(db, board_id, "Card", cols[0])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        actions = {b.binding.action for b in screen.active_bindings.values()}
        assert "move(1)" in actions and "move(-1)" not in actions
        assert "clear_filter" not in actions
        await pilot.press("l")  # an empty column: no card keys at all
        actions = {b.binding.action for b in screen.active_bindings.values()}
        assert "edit_card" not in actions and "move(1)" not in actions
        assert "new_card" in actions


async def test_wip_limit_asks_for_reason(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    for i in range(3):
        cards.add_card(db, board_id, f"Busy {i}", cols[2])
    card_id = cards.add_card(db, board_id, "One more", cols[1]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "L")
        assert isinstance(app.screen, AskText)
        assert "WIP limit" in str(app.screen.query_one(".dialog-title", Static).content)
        await pilot.press("escape")  # cancels: nothing moved
        assert app.screen is screen
        assert cards.get_card(db, card_id).column_id == cols[1]
        await pilot.press("L")
        await pilot.press("enter")  # an empty reason is refused, the dialog stays
        assert isinstance(app.screen, AskText)
        assert "Reason is required" in error_text(pilot)
        await type_text(pilot, "urgent customer order")
        await pilot.press("enter")
        assert app.screen is screen
        assert cards.get_card(db, card_id).column_id == cols[2]
        move = events.history(db, "card", card_id)[0]
        assert move.action == "move"
        assert move.payload["override_reason"] == "urgent customer order"
        assert "One more" in column_text(screen, 2)
        assert "4/3" in screen.query(ColumnHeader)[2].render().plain


async def test_new_card_in_a_full_column_asks_for_a_reason_first(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    for i in range(3):
        cards.add_card(db, board_id, f"Busy {i}", cols[2])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "l", "n")
        assert isinstance(app.screen, AskText)
        await pilot.press("escape")  # no reason: no form, nothing added
        assert app.screen is screen
        await pilot.press("n")
        await type_text(pilot, "line down")
        await pilot.press("enter")
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#f-title", Input).value = "Rush job"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
    rows = cards.board_cards(db, board_id)
    assert [r.title for r in rows if r.column_id == cols[2]][-1] == "Rush job"
    created = events.history(db, "card", rows[-1].id)[-1]
    assert created.payload["override_reason"] == "line down"


# --- forms -------------------------------------------------------------------------


async def test_new_card_needs_a_title_and_keeps_input(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-owner", Input).value = "王伟"
        form.query_one("#f-due", Input).value = "next friday"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "Title is required" in error_text(pilot)
        assert cards.board_cards(db, board_id) == []
        await type_text(pilot, "Label the tool wall")  # the title field has the focus
        await pilot.press("enter")
        assert app.screen is form
        assert "not a date" in error_text(pilot)
        assert form.query_one("#f-owner", Input).value == "王伟"  # nothing typed is lost
        assert form.query_one("#f-title", Input).value == "Label the tool wall"
        assert form.focused is form.query_one("#f-due", Input)  # the field at fault
        assert cards.board_cards(db, board_id) == []
        form.query_one("#f-title", Input).value = "x" * 10_000
        form.query_one("#f-due", Input).value = "2030-01-31"
        await pilot.press("ctrl+s")
        assert "too long" in error_text(pilot)
        assert cards.board_cards(db, board_id) == []
        form.query_one("#f-title", Input).value = "Label the tool wall"
        await pilot.press("ctrl+s")
        assert app.screen is screen
        [row] = cards.board_cards(db, board_id)
        assert row.column_id == cols[1] and row.owner == "王伟"
        assert row.due == date(2030, 1, 31)
        assert "Label the tool wall" in column_text(screen, 1)
        assert screen.card is not None and screen.card.id == row.id


async def test_the_new_card_form_is_kept_built_and_starts_afresh(
    db: Database, settings: Settings
) -> None:
    """Built once (the key then only draws it): the next new card, in another column,
    gets the same form with that column in its title, empty, saving there."""
    board_id, cols = make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen) and "Backlog" in form.dialog_title
        await type_text(pilot, "Given up")
        await pilot.press("escape", "l", "n")
        assert app.screen is form and form.values()["title"] == ""
        assert "Ready" in str(form.query_one(".dialog-title", Static).content)
        await type_text(pilot, "Second one")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
    [row] = cards.board_cards(db, board_id)
    assert (row.title, row.column_id) == ("Second one", cols[1])


async def test_edit_card(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Old title", cols[0], tags="5S").card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-title", Input).value == "Old title"
        form.query_one("#f-title", Input).value = "New title"
        form.query_one("#f-tags", Input).value = "5S, safety"
        await pilot.press("ctrl+s")
        assert app.screen is screen
        card = cards.get_card(db, card_id)
        assert card.title == "New title" and card.tags == "5S,safety"
        assert column_lines(screen, 0)[0].startswith("New title")


async def test_edit_refuses_a_change_made_meanwhile(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Shared card", cols[0]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        cards.update_card(db, card_id, 1, owner="Someone else")
        form.query_one("#f-title", Input).value = "My edit"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "changed by someone else" in error_text(pilot)
        assert form.query_one("#f-title", Input).value == "My edit"
        assert cards.get_card(db, card_id).title == "Shared card"


async def test_edit_saves_after_a_move_made_meanwhile(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Shared card", cols[0]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        cards.move_card(db, card_id, cols[1])  # a colleague moves it from the CLI
        form.query_one("#f-title", Input).value = "My edit"
        await pilot.press("ctrl+s")
        assert app.screen is not form
        card = cards.get_card(db, card_id)
        assert (card.title, card.column_id) == ("My edit", cols[1])


async def test_block_with_reason_then_unblock(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Waiting part", cols[0], owner="Li").card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, AskText)
        await pilot.press("enter")
        assert "required" in error_text(pilot)
        await type_text(pilot, "no spare valve")
        await pilot.press("enter")
        card = cards.get_card(db, card_id)
        assert card.blocked and card.blocked_reason == "no spare valve"
        title, meta = column_lines(screen, 0)[:2]
        # The badge leads the title line (short at this width); the owner keeps its place.
        assert title.startswith("B Waiting part") and meta.startswith("Li ")
        await pilot.press("b")
        assert not cards.get_card(db, card_id).blocked
        assert column_lines(screen, 0)[0].startswith("Waiting part")


async def test_archive_and_restore(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Old idea", cols[0]).card_id
    cards.add_card(db, board_id, "Keep me", cols[0])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("a")
        assert cards.get_card(db, card_id).archived_at is not None
        assert "Old idea" not in column_text(screen, 0)
        assert "Keep me" in column_text(screen, 0)
        await pilot.press("u")
        await pilot.pause()
        assert "Old idea" in list_text(app.screen)
        await pilot.press("enter")
        assert cards.get_card(db, card_id).archived_at is None
        await pilot.press("escape")
        assert app.screen is screen
        assert "Old idea" in column_text(screen, 0)


async def test_restore_into_a_full_column_asks_for_a_reason(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Old idea", cols[2]).card_id
    cards.set_archived(db, card_id, True)
    for i in range(3):
        cards.add_card(db, board_id, f"Busy {i}", cols[2])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("u")
        await pilot.pause()
        archived = app.screen
        assert "Old idea" in list_text(archived)
        await pilot.press("enter")
        assert isinstance(app.screen, AskText)
        assert "WIP limit" in str(app.screen.query_one(".dialog-title", Static).content)
        await pilot.press("escape")  # cancels: still archived
        assert app.screen is archived
        assert cards.get_card(db, card_id).archived_at is not None
        await pilot.press("enter")
        await pilot.press("enter")  # an empty reason is refused, the dialog stays
        assert isinstance(app.screen, AskText)
        assert "Reason is required" in error_text(pilot)
        await type_text(pilot, "audit reopened it")
        await pilot.press("enter")
        assert app.screen is archived
        assert cards.get_card(db, card_id).archived_at is None
        restore = events.history(db, "card", card_id)[0]
        assert restore.action == "restore"
        assert restore.payload["override_reason"] == "audit reopened it"
        await pilot.press("escape")
        assert app.screen is screen
        assert "Old idea" in column_text(screen, 2)
        assert "4/3" in screen.query(ColumnHeader)[2].render().plain


async def test_delete_after_confirmation(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Duplicate", cols[0]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert cards.card_row(db, card_id) is not None
        await pilot.press("D", "y")
        assert app.screen is screen
        assert cards.board_cards(db, board_id) == []
        assert "Duplicate" not in column_text(screen, 0)
        assert events.history(db, "card", card_id)[0].action == "delete"


async def test_detail_shows_whole_title_and_history(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    title = "A very long title that never fits on the board " * 3
    card_id = cards.add_card(db, board_id, title, cols[0]).card_id
    cards.move_card(db, card_id, cols[1])
    cards.block_card(db, card_id, "waiting for the supplier")
    app = LeanApp(settings, db)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await pilot.press("l", "v")
        shown = widgets_text(app.screen.query(Static))
        assert " ".join(title.split()) in " ".join(shown.split())
        blocked = shown.index("Blocked: waiting for the supplier")
        moved = shown.index("Moved Backlog → Ready")
        created = shown.index("Created in Backlog")
        assert blocked < moved < created  # newest first
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


# --- filter, boards, live ------------------------------------------------------------


async def test_filter_and_escape(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    cards.add_card(db, board_id, "Wang's task", cols[0], owner="王伟")
    cards.add_card(db, board_id, "Safety rail", cols[0], owner="Li", tags="safety")
    cards.add_card(db, board_id, "Blocked one", cols[1], owner="王芳")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        app.screen.query_one("#f-query", Input).value = "owner:王"
        await pilot.press("enter")
        assert app.screen is screen
        assert "Wang's task" in column_text(screen, 0)
        assert "Safety rail" not in column_text(screen, 0)
        assert "Blocked one" in column_text(screen, 1)
        assert "owner:王" in screen.query_one(TitleBar).render().plain
        assert "1 of 2" in screen.query(ColumnHeader)[0].render().plain
        await pilot.press("slash")
        app.screen.query_one("#f-query", Input).value = "tag:safety"
        await pilot.press("enter")
        assert "Safety rail" in column_text(screen, 0)
        assert "Wang's task" not in column_text(screen, 0)
        await pilot.press("escape")
        assert "Wang's task" in column_text(screen, 0)
        assert "Safety rail" in column_text(screen, 0)
        assert "Filter" not in screen.query_one(TitleBar).render().plain


async def test_switch_boards_and_back_to_default(db: Database, settings: Settings) -> None:
    first, cols = make_board(db, "A line")
    second, cols2 = make_board(db, "B line")
    cards.add_card(db, first, "On A", cols[0])
    cards.add_card(db, second, "On B", cols2[0])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.board_id == first
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("down", "enter")
        await until(pilot, lambda: screen.board_id == second and not screen._loading)
        assert "On B" in column_text(screen, 0)
        assert "B line" in screen.query_one(TitleBar).render().plain
        await pilot.press("g")
        await until(pilot, lambda: screen.board_id == first and not screen._loading)
        assert "On A" in column_text(screen, 0)


async def test_change_from_another_connection_appears(
    db: Database, db_path: Path, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        other, _ = open_database(db_path)  # like the CLI in another terminal
        try:
            cards.add_card(other, board_id, "Added by the CLI", cols[0])
        finally:
            other.close()
        await until(pilot, lambda: "Added by the CLI" in column_text(screen, 0), rounds=30)
