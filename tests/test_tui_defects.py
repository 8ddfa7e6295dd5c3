"""The defects a new user hit on the board (issue 8), each pinned by a test that failed
before its fix. Chinese here is the catalog's at run time (i18n.set_language after
import): card lines, headers and history are translated when drawn; only binding labels
are fixed when their classes are defined (the snapshot tests run whole screens in
Chinese)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rich.cells import cell_len
from rich.style import Style
from test_tui_board import (
    column_lines,
    form_of,
    list_text,
    make_board,
    ready,
    type_text,
    until,
    widgets_text,
)
from textual.widgets import Static, TextArea

from leantui.core import clock, i18n
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.services import workspace
from leantui.tui.app import LeanApp
from leantui.tui.kanban.column import CardList, ColumnHeader
from leantui.tui.kanban.detail import CardDetail

NOW = datetime(2026, 11, 14, 9, 0, tzinfo=UTC)
FIVE = [
    ("待办", "backlog", None),
    ("就绪", "queue", 6),
    ("进行中", "active", 3),
    ("验证", "active", 2),
    ("完成", "done", None),
]


def screen_lines(app: LeanApp) -> list[str]:
    """The whole screen as composed, line by line (overlays included)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


# --- 2: at 80x24 in Chinese, blocked and done cards keep owner, due date and age -----


async def test_chinese_cards_keep_owner_due_date_and_age_at_80x24(
    db: Database, settings: Settings
) -> None:
    with clock.pinned(NOW - timedelta(days=7)):
        board = boards.create_board(db, "包装看板", columns=FIVE)
        cols = [c.id for c in boards.columns(db, board.id)]
        blocked = cards.add_card(
            db, board.id, "自动贴标机试用", cols[3], owner="周杰", due="2026-11-21"
        )
        cards.block_card(db, blocked.card_id, "等待供应商")
    with clock.pinned(NOW - timedelta(days=46)):
        for i in range(12):  # enough for a scrollbar: the narrowest column of all
            cards.add_card(
                db, board.id, f"缩短装箱时间 {i}", cols[4], owner="黄婷", due="2026-09-30"
            )
    i18n.set_language("zh_CN")
    with clock.pinned(NOW):
        app = LeanApp(settings, db)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            title, meta = column_lines(screen, 3)[:2]
            assert "周杰" in meta and "11-21" in meta and ("7天" in meta or "7d" in meta)
            assert title.startswith("阻") and "自动贴标机" in title
            done = screen.query(CardList)[4]
            assert done.scrollable_content_region.width <= 14
            meta = column_lines(screen, 4)[1]
            assert "黄婷" in meta and "09-30" in meta and ("46天" in meta or "46d" in meta)
            widths = {cell_len(line) for i in range(5) for line in column_lines(screen, i)}
            assert len(widths) <= 2  # every line fills its column exactly


# --- 4: the history tells the reason of every way into a full column -------------------


async def test_history_shows_the_reasons_for_going_over_a_wip_limit(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)  # Doing (cols[2]) has WIP 3
    for i in range(3):
        cards.add_card(db, board_id, f"Busy {i}", cols[2])
    card = cards.add_card(db, board_id, "Rush job", cols[2], "line down").card_id
    cards.set_archived(db, card, True)
    cards.set_archived(db, card, False, "audit reopened it")
    waiting = cards.add_card(db, board_id, "Waiting", cols[1]).card_id
    boards.delete_column(db, cols[1], cols[2], "merging the queue")
    app = LeanApp(settings, db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "end", "k", "v")  # Doing: Rush job, above Waiting
        assert isinstance(app.screen, CardDetail)
        shown = " ".join(widgets_text(app.screen.query(Static)).split())
        assert "Created in Doing · over the WIP limit: line down" in shown
        assert "Restored to Doing · over the WIP limit: audit reopened it" in shown
        await pilot.press("escape", "j", "v")
        shown = " ".join(widgets_text(app.screen.query(Static)).split())
        assert "its column was deleted · over the WIP limit: merging the queue" in shown
        assert screen.card is not None and screen.card.id == waiting


# --- 9: the column editor, the filtered header, choices, the description ------------


async def test_column_editor_shows_a_wip_limit_of_zero(db: Database, settings: Settings) -> None:
    _, cols = make_board(db)
    boards.update_column(db, cols[1], "Ready", "queue", "0", "")
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("C")
        ready_line = next(line for line in list_text(app.screen).splitlines() if "Ready" in line)
        assert ready_line.split()[:3] == ["Ready", "Queue", "0"]


async def test_filtered_header_keeps_the_column_name(db: Database, settings: Settings) -> None:
    with clock.pinned(NOW):
        board = boards.create_board(db, "Line", columns=[(n, k, w) for n, k, w in FIVE])
        cols = [c.id for c in boards.columns(db, board.id)]
        boards.update_column(db, cols[2], "Doing", "active", "3", "")
        for i in range(4):
            cards.add_card(db, board.id, f"Job {i}", cols[2], "rush", tags="x" if i else "")
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"tag:x", "enter")
        doing = screen.query(ColumnHeader)[2].render().plain
        assert doing.startswith("Doing ") and doing.split()[-1] != "Do…"
        i18n.set_language("zh_CN")
        screen.query(ColumnHeader)[2].refresh()
        doing = screen.query(ColumnHeader)[2].render().plain
        assert doing.startswith("Doing ") and "/共" not in doing


async def test_choices_stay_inside_their_dialog(db: Database, settings: Settings) -> None:
    """The card form's Source list and the new-board Team list drew over the border and
    the hint: every field is now drawn inside the dialog, whatever is chosen."""
    make_board(db)
    workspace.create_team(db, "装配一组")
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        for keys, choice in ((("n",), "#f-source_type"), (("B", "n"), "#f-team_id")):
            await pilot.press(*keys)
            form = form_of(pilot)
            form.query_one(choice).focus()
            await pilot.press("right", "space")
            await pilot.pause()
            box = form.query_one(".dialog").content_region  # inside its border
            for widget in form.query("*"):
                if widget.display and widget.region.area and not widget.has_class("dialog"):
                    inside = box.contains_region(widget.region)
                    assert inside or type(widget).__name__ == "KeyBar", widget
            while app.screen is not screen:
                await pilot.press("escape")


async def test_tab_into_the_description_types_after_it(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    cards.add_card(db, board_id, "Pump", cols[0], description="Seal leaks")
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("e", "tab")
        area = app.screen.query_one("#f-description", TextArea)
        assert app.screen.focused is area
        await type_text(pilot, " again")
        assert area.text == "Seal leaks again"


# --- issue 7, TUI side: stored text never reaches the terminal as escape sequences ---


def _poison(db_path: Path) -> None:
    """Older data (or another program) put control characters in every stored text."""
    bad = "\x1b[2J\x1b]0;pwned\x07 ok"
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE cards SET title = ?, owner = ?, tags = ?", (bad, bad, bad))
        conn.execute("UPDATE board_columns SET name = ?, policy = ? WHERE position = 0", (bad, bad))
        conn.execute("UPDATE boards SET name = ?", (bad,))
        conn.execute("UPDATE teams SET name = ?", (bad,))
        conn.execute("UPDATE events SET actor = ?", (bad,))


async def test_stored_escape_sequences_are_shown_not_sent(
    db: Database, db_path: Path, settings: Settings
) -> None:
    team = workspace.create_team(db, "Team")
    board = boards.create_board(db, "Line", team_id=team.id)
    cards.add_card(db, board.id, "Card", owner="Li")
    _poison(db_path)
    seen = "␛[2J␛]0;pwned␇ ok"
    app = LeanApp(settings, db)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        screen = await ready(pilot)
        pages: list[list[str]] = []

        def page() -> None:
            strips = app.screen._compositor.render_strips()
            assert not any("\x1b" in seg.text or "\x07" in seg.text for s in strips for seg in s)
            pages.append([strip.text for strip in strips])

        page()  # the board: title bar, column header and policy, card title and owner
        await pilot.press("v")
        page()  # the detail: title, owner, tags, history actor
        await pilot.press("escape", "B")
        page()  # the board list: board and team names
        await pilot.press("escape", "a")
        await until(pilot, lambda: bool(app._notifications))
        await pilot.pause(0.3)
        page()  # the toast quoting the title
        text = "\n".join("\n".join(p) for p in pages)
        assert text.count(seen) >= 8
        assert screen.model is not None


# --- 1: double-width characters in overlays --------------------------------------------
# (tests/test_tui_widechar.py: the compositor patch, its fuzz test and the toast)


def test_owner_cut_keeps_width() -> None:
    """A column too narrow for everything cuts the owner, never the age."""
    i18n.set_language("zh_CN")
    from leantui.core.kanban.rows import CardRow, ColumnRow
    from leantui.tui.kanban.model import ColumnCards

    row = CardRow(1, 1, 0, "标题", "欧阳娜娜", "", 0, date(2026, 11, 21), False, NOW, "", 1, 1)
    column = ColumnCards(ColumnRow(1, "验证", "active", None, ""), [row], [row])
    card_list = CardList(column)
    card_list._styles = {name: Style() for name in CardList.COMPONENT_CLASSES}  # unmounted
    with clock.pinned(NOW):
        card_list.rows_changed()
        for width in (10, 12, 14, 16, 20):
            text = "".join(part for part, _ in card_list._meta_parts(row, width))
            assert cell_len(text) == width, (width, text)
            assert text.endswith(("0天", "0d")), text
