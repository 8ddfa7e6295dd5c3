"""The screens under snapshot test (tests/test_snapshots.py), and their runner.

    python tests/snapshot_scenes.py LANGUAGE OUTDIR [SCENE ...]

writes OUTDIR/<scene>-<language>.svg (App.export_screenshot) and .txt (the same screen as
plain text, for a readable diff). A language needs a process of its own: binding labels
are translated when their classes are defined. Everything that could differ between
runs is fixed: the clock (clock.pinned), the time zone, the demo workspace (seeded, and
built relative to the pinned day), the user, the terminal size, and the text cursor
(not blinking). To look at one: rsvg-convert -o x.png x.svg (fonts-noto-cjk for Chinese).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
USER = "王芳"
Steps = Callable[[Any, Any], Awaitable[None]]  # (app, pilot)


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Steps
    size: tuple[int, int] = (80, 24)
    demo: bool = True  # the demo workspace; else an empty database


async def board(app: Any, pilot: Any) -> None:
    pass


async def detail(app: Any, pilot: Any) -> None:
    await pilot.press("l", "l", "v")  # a blocked card in progress, with its history


async def help_keys(app: Any, pilot: Any) -> None:
    await pilot.press("question_mark")


async def form_error(app: Any, pilot: Any) -> None:
    from leantui.core.i18n import t

    await pilot.press("l", "n")
    form = app.screen
    form.query_one("#f-title").value = t("board.cmd_new_card")
    form.query_one("#f-owner").value = "周杰"
    form.query_one("#f-due").value = "31/12"  # not a date: the error shows at the field
    await pilot.press("ctrl+s")


async def board_list(app: Any, pilot: Any) -> None:
    await pilot.press("B")


async def columns(app: Any, pilot: Any) -> None:
    await pilot.press("C")


async def palette(app: Any, pilot: Any) -> None:
    """The board's card verbs with their keys. (A query, not the whole list: the
    palette lists several providers' commands in the order they arrive.)"""
    from textual.command import CommandInput, CommandList

    from leantui.core.i18n import language

    await pilot.press("l", "ctrl+p")
    app.screen.query_one(CommandInput).value = "卡片" if language() == "zh_CN" else "card"
    for _ in range(50):
        await pilot.pause(0.05)
        if app.screen.query_one(CommandList).option_count >= 5:
            break


async def filtered(app: Any, pilot: Any) -> None:
    await pilot.press("slash", *"blocked", "enter")


async def toast(app: Any, pilot: Any) -> None:
    """The demo's toasts and an archive toast quoting a Chinese title, over the board."""
    from leantui.core.i18n import t
    from leantui.core.kanban import cards

    screen = app.screen
    assert screen.model is not None
    column = screen.model.columns[0].info
    change = cards.add_card(app.db, screen.model.board.id, "更换气动扳手并校准扭矩", column.id)
    screen.changed(change)
    app.notify(t("app.demo_loading"), timeout=60)
    app.notify(t("app.demo_loaded"), timeout=60)
    await pilot.press("end", "a")


async def welcome(app: Any, pilot: Any) -> None:
    pass


SCENES = [
    Scene("board", board),
    Scene("detail", detail),
    Scene("help", help_keys),
    Scene("form-error", form_error),
    Scene("board-list", board_list),
    Scene("columns", columns),
    Scene("palette", palette),
    Scene("filter", filtered),
    Scene("toast", toast),
    Scene("welcome", welcome, demo=False),
    Scene("board-160", board, (160, 48)),
    Scene("detail-160", detail, (160, 48)),
]


async def _ready(app: Any, pilot: Any) -> None:
    """The whole board read (bounded), or the welcome screen up."""
    for _ in range(200):
        await pilot.pause(0.02)
        screen = app.screen
        model = getattr(screen, "model", None)
        if model is not None and not model.partial and not screen._loading:
            return
        if type(screen).__name__ == "WelcomeScreen":
            return
    raise RuntimeError("the board did not load")


def _still_cursors(app: Any) -> None:
    """Text cursors shown and not blinking, wherever they are."""
    from textual.widgets import Input, TextArea

    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
                widget._cursor_visible = widget.has_focus


async def shoot(scene: Scene, db_file: Path, language: str) -> tuple[str, str]:
    from leantui.core import clock
    from leantui.core.config import Settings
    from leantui.core.db.opening import open_database
    from leantui.tui.app import LeanApp

    db, _ = open_database(db_file, create=True)
    app = LeanApp(Settings(language=language, user=USER), db)
    with clock.pinned(NOW):
        async with app.run_test(size=scene.size, notifications=True) as pilot:
            await _ready(app, pilot)
            await scene.steps(app, pilot)
            await pilot.pause(0.4)
            _still_cursors(app)
            await pilot.pause()
            svg = app.export_screenshot(title="leantui")
            text = "\n".join(s.text.rstrip() for s in app.screen._compositor.render_strips())
    db.close()
    return svg, text + "\n"


def _demo(folder: Path) -> Path:
    from leantui.core import actor, clock
    from leantui.core.db.opening import open_database
    from leantui.core.demo import load_demo

    path = folder / "demo.db"
    db, _ = open_database(path, create=True)
    actor.set_actor(USER)
    with clock.pinned(NOW):
        load_demo(db)
    db.close()
    return path


def main(argv: list[str], scenes: list[Scene] = SCENES) -> None:
    """Draw `scenes` (a module's own scenes file passes its list)."""
    language, out, names = argv[0], Path(argv[1]), set(argv[2:])
    os.environ["TZ"] = "UTC"
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    time.tzset()
    from leantui.core import i18n

    i18n.set_language(language)  # before leantui.tui is imported
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = _demo(folder)
        for index, scene in enumerate(scenes):
            if names and scene.name not in names:
                continue
            db_file = folder / f"scene{index}.db"
            if scene.demo:
                shutil.copy(demo, db_file)
            svg, text = asyncio.run(shoot(scene, db_file, language))
            (out / f"{scene.name}-{language}.svg").write_text(svg, encoding="utf-8")
            (out / f"{scene.name}-{language}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
