"""Defect 1: double-width characters in overlays. Textual's compositor cut every screen
line at the edges of every widget, hidden ones included, and a double-width character
across a cut became two spaces: a Chinese toast over the board read "正在加  演示工作区…"
(Textualize/textual#6357). leantui/tui/widechar.py patches four compositor functions on
the Textual version it was tested with; these tests hold it to that, on what the
compositor draws and on what a terminal shows after Textual's partial updates."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
import textual
from rich.console import Console
from test_tui_board import ready
from textual.widgets._toast import Toast
from vterm import VTerm

from leantui.core import i18n
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.i18n import t
from leantui.core.kanban import boards, cards
from leantui.tui import widechar
from leantui.tui.app import LeanApp
from leantui.tui.kanban.column import CardList

pytestmark = pytest.mark.skipif(
    textual.__version__ not in widechar.TESTED_TEXTUAL_VERSIONS,
    reason=f"widechar.py is tested with Textual {widechar.TESTED_TEXTUAL_VERSIONS} only",
)


class Recorded(LeanApp):
    """LeanApp whose every screen update is replayed into a VTerm."""

    vterm: VTerm | None = None
    _console = Console(force_terminal=True, color_system="truecolor", legacy_windows=False)

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            if self.vterm is None:
                self.vterm = VTerm(*self.size)
            self.vterm.feed(renderable.render_segments(self._console))


def composed(app: LeanApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def seen(app: Recorded) -> list[str]:
    assert app.vterm is not None
    return app.vterm.lines()


def toasts(app: Recorded) -> list[tuple[str, ...]]:
    """Each toast's text as composed and as a terminal shows it, its border and spaces
    taken out (a long message wraps; a lost character shows as spaces: still missing)."""
    strips = app.screen._compositor.render_strips()
    assert app.vterm is not None
    out: list[tuple[str, ...]] = []
    for toast in app.screen.query(Toast):
        x, y, width, height = toast.region
        drawn = "".join(strip.crop(x, x + width).text for strip in strips[y : y + height])
        shown = "".join(app.vterm.region(x, y, width, height))
        out.append(tuple("".join(text.replace("▌", " ").split()) for text in (drawn, shown)))
    return out


def whole(app: Recorded, messages: list[str]) -> None:
    found = toasts(app)
    for message in messages:
        wanted = "".join(message.split())
        assert any(wanted in drawn for drawn, _ in found), (message, found)
        assert any(wanted in shown for _, shown in found), (message, found)


async def drawn(pilot: Any, app: Recorded, messages: list[str], limit: float = 20.0) -> None:
    """Until every message is drawn whole in a toast (or `limit` seconds): a loaded
    machine may not have drawn them after a fixed pause. `whole` then checks."""
    wanted = ["".join(message.split()) for message in messages]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        found = toasts(app)
        if all(any(w in d and w in s for d, s in found) for w in wanted):
            return


def board_of(db: Database, columns: int) -> None:
    kinds = ["backlog", "queue", "active", "active", "done", "done"]
    spec = [(f"列{i}", kinds[i], None) for i in range(columns)]
    board = boards.create_board(db, "包装看板", columns=spec)
    for column in boards.columns(db, board.id):
        for n in range(12):
            cards.add_card(db, board.id, f"卡片标题很长的任务 {n}", column.id, owner="周杰")


def test_cuts_are_kept_only_where_the_front_widget_changes() -> None:
    # A toast (front) over two columns (behind): the column edge at 40 lies under it.
    spans = [(30, 60), (0, 40), (40, 80)]
    assert widechar._visible_cuts(spans, 80) == [0, 30, 60, 80]
    assert widechar._visible_cuts([(0, 40), (40, 80)], 80) == [0, 40, 80]


@pytest.mark.parametrize("columns", [4, 5, 6])
async def test_chinese_toasts_over_the_board_keep_every_character(
    db: Database, settings: Settings, columns: int
) -> None:
    board_of(db, columns)
    i18n.set_language("zh_CN")
    messages = [
        t("app.demo_loading"),
        t("app.demo_loaded"),
        t("board.card_archived", title="卡片标题很长"),
    ]
    app = Recorded(settings, db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await ready(pilot)
        for message in messages:
            app.notify(message, timeout=30)
        await drawn(pilot, app, messages)
        whole(app, messages)
        # Columns under the toasts repaint (partial updates): still whole.
        for card_list in screen.query(CardList):
            card_list.scroll_to(y=6, animate=False)
        await pilot.pause(0.3)
        assert seen(app) == composed(app)
        whole(app, messages)


async def test_a_chinese_title_in_an_english_toast(db: Database, settings: Settings) -> None:
    board_of(db, 5)
    app = Recorded(settings, db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("a")  # archive: the toast quotes the title
        await pilot.pause(0.5)
        whole(app, ["Archived “卡片标题很长的任务 0”"])


async def test_random_toasts_and_repaints_match_a_full_composite(
    db: Database, settings: Settings
) -> None:
    """Fuzz, seeded: random Chinese toasts while random columns repaint beneath them.
    What the terminal shows equals a full composite, and every toast is whole."""
    board_of(db, 5)
    rng = random.Random(8)
    alphabet = "正在加载演示工作区已卡片标题任务abc 1"
    app = Recorded(settings, db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await ready(pilot)
        lists = list(screen.query(CardList))
        for _ in range(8):
            messages = [
                "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 14))).strip() or "x"
                for _ in range(rng.randint(1, 3))
            ]
            for message in messages:
                app.notify(message, timeout=60)
            await pilot.pause(0.2)
            for _ in range(2):
                for card_list in rng.sample(lists, 2):
                    card_list.scroll_to(y=rng.randint(0, 16), animate=False)
                await pilot.pause(0.1)
                assert seen(app) == composed(app)
                whole(app, messages)
            app.clear_notifications()
            await pilot.pause(0.2)


def test_installs_only_on_the_textual_it_was_tested_with(monkeypatch: pytest.MonkeyPatch) -> None:
    widechar.uninstall()
    try:
        monkeypatch.setattr(textual, "__version__", "99.0.0")
        assert widechar.install() is False  # an untested Textual is left alone
        assert not widechar._originals
    finally:
        monkeypatch.undo()
        assert widechar.install() is True
