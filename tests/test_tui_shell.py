"""The application shell: first start, help, command palette, language."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards
from leantui.tui.app import LeanApp
from leantui.tui.kit.dialogs import AskText
from leantui.tui.kit.help import HelpScreen, key_rows
from leantui.tui.welcome import WelcomeScreen


def screen_text(app: LeanApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def test_empty_database_offers_demo_or_first_board(db: Database, settings: Settings) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Load the demo workspace" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, AskText)
        await pilot.press("enter")  # empty name: refused, dialog stays
        assert isinstance(app.screen, AskText)
        assert "Name is required" in str(app.screen.query_one("#error", Static).render())
        await pilot.press(*"Line 1")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, (AskText, WelcomeScreen))
    assert [b.name for b in boards.list_boards(db)] == ["Line 1"]


async def test_first_board_dialog_keeps_text_after_a_refusal(
    db: Database, settings: Settings
) -> None:
    boards.create_board(db, "Taken")
    boards.set_board_archived(db, boards.find_board(db, "Taken").id, True)
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask_first_board()
        await pilot.pause()
        await pilot.press(*"Taken", "enter")
        assert isinstance(app.screen, AskText)
        assert app.screen.query_one(Input).value == "Taken"
        assert "exists already" in str(app.screen.query_one("#error", Static).render())


async def test_demo_choice_loads_the_demo_workspace(db: Database, settings: Settings) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
    assert len(boards.list_boards(db)) >= 1


async def test_quit_from_the_welcome_screen(db: Database, settings: Settings) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert boards.list_boards(db) == []


async def test_question_mark_lists_the_keys_of_this_screen(
    db: Database, settings: Settings
) -> None:
    boards.create_board(db, "Line 1")
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#keys", Static).render())
        rows = set(key_rows(app.screen.beneath))
        assert ("^q", "Quit") in rows and ("1", "Boards") in rows
        assert "Focus Next" not in keys  # Textual's own, untranslated bindings stay out
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_lists_translated_verbs(db: Database, settings: Settings) -> None:
    boards.create_board(db, "Line 1")
    app = LeanApp(settings, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" in titles and "Keys" in titles and "Boards" in titles


def test_shell_in_chinese(tmp_path: Path) -> None:
    """Bindings are translated when their classes are defined, so Chinese runs in a
    process of its own, as the CLI does it."""
    script = textwrap.dedent(
        f"""
        import asyncio
        from leantui.core import i18n
        i18n.set_language("zh_CN")
        from leantui.core.config import Settings
        from leantui.core.db.opening import open_database
        from leantui.tui.app import LeanApp

        async def main():
            db, _ = open_database({str(tmp_path / "zh.db")!r}, create=True)
            app = LeanApp(Settings(language="zh_CN"), db)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                print(app.export_screenshot())
        asyncio.run(main())
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    svg = out.stdout
    for text in ("欢迎使用", "加载演示工作区", "退出", "按键"):
        assert text in svg.replace("&#160;", " "), text


async def test_an_unexpected_error_shows_two_lines_and_writes_a_crash_log(
    db: Database, settings: Settings, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    boards.create_board(db, "Line 1")
    app = LeanApp(settings, db)

    def boom() -> None:
        raise ZeroDivisionError("bug")

    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 1
    shown = capfd.readouterr().err
    assert "unexpected error" in shown and "Traceback" not in shown
    (log,) = (tmp_path / "home").rglob("crash-*.txt")
    assert log.name in shown
    assert "ZeroDivisionError: bug" in log.read_text(encoding="utf-8")
