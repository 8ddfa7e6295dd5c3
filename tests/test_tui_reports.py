"""The reports screen by keys: open it with 5, read the figures of the default board,
pick a team and periods, custom dates (a bad one keeps the form), scrolling; help and the
palette list its verbs; reading a report writes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from test_tui_board import form_of, list_text, until
from test_tui_kit import bar_text, palette_lines
from textual.pilot import Pilot
from textual.widgets import Static

from leantui.core import clock
from leantui.core.clock import pinned
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.services import info, workspace
from leantui.tui.app import LeanApp
from leantui.tui.kit.bars import TitleBar
from leantui.tui.kit.help import HelpScreen
from leantui.tui.kit.keys import key_rows
from leantui.tui.reports.export import ExportDialog, Running
from leantui.tui.reports.screen import ReportsScreen, ScopeList, Section

SIZE = (80, 24)


def history(db: Database) -> None:
    """Line: A lead 4 d, cycle 2 d; B lead 5 d, cycle 4 d; C under way for 3 days.
    Packing (team Z): D lead 6 d, cycle 5 d."""
    now = clock.now()

    def at(days: float) -> pinned:  # type: ignore[valid-type]
        return pinned(now - timedelta(days=days))

    line = boards.create_board(db, "Line")
    team = workspace.create_team(db, "Team Z")
    packing = boards.create_board(db, "Packing", team_id=team.id)
    backlog, _ready, doing, done = (c.id for c in boards.columns(db, line.id))
    p_backlog, _p_ready, p_doing, p_done = (c.id for c in boards.columns(db, packing.id))
    with at(10):
        a = cards.add_card(db, line.id, "A", backlog).card_id
        b = cards.add_card(db, line.id, "B", backlog).card_id
    with at(9):
        c = cards.add_card(db, line.id, "C 质量检查", backlog).card_id
        cards.move_card(db, b, doing)
    with at(8):
        cards.move_card(db, a, doing)
    with at(7):
        d = cards.add_card(db, packing.id, "D", p_backlog).card_id
    with at(6):
        cards.move_card(db, a, done)
        cards.move_card(db, d, p_doing)
    with at(5):
        cards.move_card(db, b, done)
    with at(3):
        cards.move_card(db, c, doing)
    with at(1):
        cards.move_card(db, d, p_done)


def section(screen: ReportsScreen, name: str) -> str:
    widget = screen.query_one(f"#sec-{name}", Section)
    return widget._text(widget.content_region.width or 76).plain


async def report_ready(pilot: Pilot[None]) -> ReportsScreen:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen), screen
    assert screen.report is not None and not screen.computing
    return screen


def title(screen: ReportsScreen) -> str:
    bar = screen.query_one(TitleBar)
    return f"{bar.title}{bar.detail}"


async def test_reports_by_keys(db: Database, settings: Settings) -> None:
    history(db)
    before = info.row_counts(db)["events"]
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        screen = await report_ready(pilot)
        assert "Line" in title(screen) and "Last 4 weeks" in title(screen)
        summary = section(screen, "summary")
        assert "2 cards done" in summary
        assert "Lead time  p50 4.0 d  p85 5.0 d" in summary
        assert "Cycle time  p50 2.0 d  p85 4.0 d" in summary
        assert "◄ p50" in section(screen, "cycle") and "◄ p85" in section(screen, "cycle")
        assert "C 质量检查" in section(screen, "aging") and "3.0 d" in section(screen, "aging")
        cfd = section(screen, "cfd")
        assert "Backlog 0" in cfd and "Doing 1" in cfd and "Done 2" in cfd
        week = clock.today().isocalendar()
        assert f"{week[0]}-W{week[1]:02d}" in section(screen, "throughput")
        assert "Scroll" not in bar_text(pilot) and "Board/team" in bar_text(pilot)

        # The team: its board's one card.
        await pilot.press("b")
        assert isinstance(app.screen, ScopeList)
        assert "Team Z" in list_text(app.screen)
        await pilot.press("down", "down", "enter")
        screen = await report_ready(pilot)
        assert "Team Z" in title(screen)
        assert "1 card done" in section(screen, "summary")
        assert "p50 6.0 d" in section(screen, "summary")
        assert "In progress" in section(screen, "cfd") or "Done 1" in section(screen, "cfd")

        # Periods: this week, then the next preset in turn.
        await pilot.press("w")
        screen = await report_ready(pilot)
        assert "This week" in title(screen)
        await pilot.press("p")
        screen = await report_ready(pilot)
        assert "Last 4 weeks" in title(screen)

        # Custom dates: a bad end keeps the form and what was typed.
        await pilot.press("c")
        form = form_of(pilot)
        start = (clock.today() - timedelta(days=2)).isoformat()
        form.query_one("#f-start").value = start  # type: ignore[attr-defined]
        form.query_one("#f-end").value = "2000-01-01"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "before the start" in str(form.query_one("#field-end .field-error").render())
        form.query_one("#f-end").value = clock.today().isoformat()  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        screen = await report_ready(pilot)
        assert f"Custom {start}" in title(screen)
        assert "1 card done" in section(screen, "summary")  # D, done yesterday

        # Scrolling with the keyboard.
        await pilot.press("end")
        assert screen.query_one("#reports-body").scroll_y > 0
        await pilot.press("home")
        assert screen.query_one("#reports-body").scroll_y == 0
    assert info.row_counts(db)["events"] == before  # reading writes nothing


async def test_help_and_palette_list_the_reports_verbs(db: Database, settings: Settings) -> None:
    history(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await report_ready(pilot)
        lines = await palette_lines(pilot)
        assert "Report on a board or team  b" in lines and "Report custom dates  c" in lines
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = key_rows(app.screen.beneath)  # type: ignore[attr-defined]
        for row in (("b", "Board/team"), ("p", "Period"), ("c", "Dates"), ("w", "This week")):
            assert row in rows
        assert ("5", "Reports") in rows


async def test_an_empty_database_says_so(db: Database, settings: Settings) -> None:
    boards.create_board(db, "Empty")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        screen = await report_ready(pilot)
        assert "0 cards done" in section(screen, "summary")
        assert "No card was done" in section(screen, "cycle")


def toasts(app: LeanApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def export_to(pilot: Pilot[None], folder: Path) -> object:
    """Opens the reports, asks for an export into `folder`; the form it was asked in."""
    await pilot.press("5")
    await report_ready(pilot)
    await pilot.press("e")
    form = form_of(pilot)
    form.query_one("#f-folder").value = str(folder)  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")
    return form


async def test_export_from_the_reports_screen(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    """e asks what to export and where (a missing folder keeps the form), writes the
    board's tables over the period on screen in a worker, and says where they went."""
    history(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await export_to(pilot, tmp_path / "missing")
        assert app.screen is form
        form.query_one("#f-folder").value = str(tmp_path)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await until(pilot, lambda: any("Wrote" in toast for toast in toasts(app)))
        assert not isinstance(app.screen, ExportDialog)
        (folder,) = tmp_path.glob("leantui-export-*")
        cards_csv = (folder / "cards.csv").read_text(encoding="utf-8-sig")
        assert "C 质量检查" in cards_csv and "Packing" not in cards_csv  # the board on screen


async def test_an_export_is_cancelled_with_escape(
    db: Database, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Escape during the export stops it at its next batch: nothing is left behind."""
    history(db)
    rows = Running.rows

    def held(self: Running, name: str, count: int) -> None:
        self.dialog.cancelled.wait(10)  # as if the table were long
        rows(self, name, count)

    monkeypatch.setattr(Running, "rows", held)
    out = tmp_path / "out"
    out.mkdir()
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await export_to(pilot, out)
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        assert "Esc cancels" in str(app.screen.query_one(".hint", Static).render())
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        await until(pilot, lambda: "Export cancelled. Nothing was written." in toasts(app))
        assert isinstance(app.screen, ReportsScreen)
    assert list(out.iterdir()) == []  # no folder, no hidden part
