"""The 5S screens driven from the keyboard: each test presses keys and checks both the
database (through the services) and what the screen draws."""

from __future__ import annotations

from datetime import date, timedelta

from test_tui_board import list_text, until, widgets_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from leantui.core import clock
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.five_s import areas, audits, redtags, rules, templates
from leantui.core.kanban import boards, cards
from leantui.core.modules import describe_source
from leantui.core.services import workspace
from leantui.tui.app import LeanApp
from leantui.tui.five_s.audit import AuditScreen
from leantui.tui.five_s.overview import OverviewScreen
from leantui.tui.five_s.redtags import RedTagList
from leantui.tui.five_s.result import ResultScreen
from leantui.tui.kanban.detail import CardDetail
from leantui.tui.kit.dialogs import Confirm
from leantui.tui.kit.forms import FormScreen

SIZE = (80, 24)

SMALL = """
name = "small"
version = 1
title = "Small audit"
na_allowed = {na}
[scale]
min = 0
max = 5
[levels]
0 = "Not done"
1 = "Started"
2 = "Partly"
3 = "Mostly"
4 = "Done"
5 = "Exemplary"
[[items]]
id = "sort-1"
s = "sort"
text = {{ en = "No unneeded items in the area", zh_CN = "区域内无不需要的物品" }}
[[items]]
id = "sort-2"
s = "sort"
text = "Only this shift's materials at the line"
weight = 2
[[items]]
id = "shine-1"
s = "shine"
text = "Floors are clean"
[[items]]
id = "shine-2"
s = "shine"
text = "Machines are wiped down"
"""


def small_template(na: bool = True) -> None:
    folder = templates.user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "small.toml").write_text(SMALL.format(na="true" if na else "false"), "utf-8")


def workspace_with_area(db: Database, na: bool = True) -> int:
    """A board (so the app opens on it), a team of two in one area audited with the
    small template; returns the area's id."""
    small_template(na)
    boards.create_board(db, "Line 1")
    team = workspace.create_team(db, "Team A", "Packing", ["王芳", "Li Wei"])
    assert team.area_id is not None
    areas.set_settings(db, team.area_id, "small")
    return team.area_id


async def overview(pilot: Pilot[None]) -> OverviewScreen:
    """Open the module (key 2) and wait (bounded) until its rows are read."""
    await pilot.press("2")
    for _ in range(100):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, OverviewScreen) and not screen._loading and screen.rows:
            return screen
        if isinstance(screen, Confirm):  # the resume question
            return screen  # type: ignore[return-value]
    raise AssertionError("the overview did not load")


def table_text(screen: object) -> str:
    table = screen.query_one(DataTable)  # type: ignore[attr-defined]
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def screen_text(pilot: Pilot[None]) -> str:
    return widgets_text(pilot.app.screen.query("Static, Pane"))


async def test_a_whole_audit_by_keys(db: Database, settings: Settings) -> None:
    area_id = workspace_with_area(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await overview(pilot)
        assert "Packing" in table_text(screen) and "never audited" in table_text(screen)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("tab", *"Li", "right", "ctrl+s")  # the team member completed
        await until(pilot, lambda: isinstance(app.screen, AuditScreen))
        audit = app.screen
        assert isinstance(audit, AuditScreen)
        assert audit.audit.auditor == "Li Wei" and audit.audit.template == "small"
        text = screen_text(pilot)
        assert "1/4" in text and "整理 Sort 1/2" in text and "No unneeded items" in text
        assert "Exemplary" in text and "N/A" in text  # the meaning of every level
        # 4 on the first item; every key is committed at once, the cursor moves on.
        await pilot.press("4")
        items = audits.items_of(db, audit.audit.id)
        assert (items[0].score, items[0].na) == (4, False)
        assert "2/4" in screen_text(pilot)
        await pilot.press("9")  # off the scale: refused, nothing saved
        assert "from 0 to 5" in screen_text(pilot)
        assert audits.items_of(db, audit.audit.id)[1].score is None
        await pilot.press("2", "x")  # weight 2 item scored 2, shine-1 N/A
        await pilot.press("k", "c")  # back to shine-1, comment it
        await pilot.press(*"dust", "enter")
        items = audits.items_of(db, audit.audit.id)
        assert [(i.score, i.na) for i in items] == [
            (4, False),
            (2, False),
            (None, True),
            (None, False),
        ]
        assert items[2].comment == "dust"
        assert "dust" in screen_text(pilot)
        # Finishing names the one item left unanswered; it stays unanswered.
        await pilot.press("f")
        confirm = app.screen
        assert isinstance(confirm, Confirm) and "1 item has no answer" in confirm.dialog_title
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ResultScreen))
        finished = audits.get_audit(db, audit.audit.id)
        assert finished.status == "finished"
        last = audits.items_of(db, audit.audit.id)[3]
        assert last.score is None and not last.na  # never zero
        # (4 + 2*2) / (5 + 5*2) = 53 %; sort 53 %, shine has no score.
        result = audits.result(db, audit.audit.id)
        assert round(result.total or 0) == 53 and result.by_s["shine"] is None
        text = screen_text(pilot) + widgets_text(app.screen.query("SBars"))
        assert "Total 53%" in text and "poor" in text
        assert "整理 Sort" in text and "清扫 Shine" in text and "—" in text
        assert "Only this shift's materials" in text  # lowest items
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        await until(pilot, lambda: "53%" in table_text(screen))
        assert areas.overview(db)[0].area_id == area_id


async def test_na_is_refused_where_the_template_forbids_it(
    db: Database, settings: Settings
) -> None:
    area_id = workspace_with_area(db, na=False)
    started = audits.start_audit(db, area_id, "王芳")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        confirm = await overview(pilot)
        assert isinstance(confirm, Confirm) and f"#{started.id}" in confirm.dialog_title
        await pilot.press("y")  # reopening offers the draft
        await until(pilot, lambda: isinstance(app.screen, AuditScreen))
        await pilot.press("x")
        assert "does not allow N/A" in screen_text(pilot)
        item = audits.items_of(db, started.id)[0]
        assert item.score is None and not item.na


async def test_a_draft_resumes_at_the_first_open_item(db: Database, settings: Settings) -> None:
    area_id = workspace_with_area(db)
    started = audits.start_audit(db, area_id, "王芳")
    first, second, *_ = audits.items_of(db, started.id)
    audits.answer(db, first.id, 3)
    audits.answer(db, second.id, na=True)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        confirm = await overview(pilot)
        await pilot.press("n")  # not now: the overview shows the draft
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert f"#{started.id}" in table_text(screen)
        await pilot.press("r")
        audit = app.screen
        assert isinstance(audit, AuditScreen) and audit.index == 2
        assert "3/4" in screen_text(pilot) and "Floors are clean" in screen_text(pilot)
    assert confirm is not None


async def test_corrective_cards_from_the_result_linked_both_ways(
    db: Database, settings: Settings
) -> None:
    area_id = workspace_with_area(db)
    started = audits.start_audit(db, area_id, "王芳")
    items = audits.items_of(db, started.id)
    for item, score in zip(items, (1, 5, 2, 4), strict=True):
        audits.answer(db, item.id, score)
    audits.finish(db, started.id)
    due = (clock.today() + timedelta(days=7)).isoformat()
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await overview(pilot)
        await pilot.press("o")
        result = app.screen
        assert isinstance(result, ResultScreen)
        assert "2 items at or below the threshold" in screen_text(pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("tab", *"Li Wei", "tab", *due, "ctrl+s")
        await until(pilot, lambda: app.screen is result)
        low = [i for i in audits.items_of(db, started.id) if i.card_id]
        assert [i.key for i in low] == ["sort-1", "shine-1"]
        card = cards.get_card(db, low[0].card_id or 0)
        assert (card.source_type, card.source_id) == (audits.SOURCE_TYPE, low[0].id)
        assert card.owner == "Li Wei" and card.due == date.fromisoformat(due)
        # The audit shows each action with its state; the card shows where it came from.
        text = screen_text(pilot)
        assert f"#{card.id}" in text and "open" in text
        await pilot.press("1")
        await until(pilot, lambda: getattr(app.screen, "card", None) is not None)
        await pilot.press("v")
        detail = app.screen
        assert isinstance(detail, CardDetail)
        source = describe_source(db, card.source_type, low[0].id)
        assert source and f"5S audit #{started.id}" in source
        assert source in widgets_text(detail.query(Static).results(Static))


async def test_red_tags_by_keys(db: Database, settings: Settings) -> None:
    area_id = workspace_with_area(db)
    late = redtags.add_tag(
        db, area_id, "Old pallet", decision_due=clock.today() - timedelta(days=2)
    )
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await overview(pilot)
        await pilot.press("t")
        tags = app.screen
        assert isinstance(tags, RedTagList)
        assert "Old pallet" in list_text(tags)
        late_cell = tags.table.get_row_at(0)[1]
        assert "red" in str(late_cell.style)  # undecided past its date: stands out
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        due = (clock.today() + timedelta(days=5)).isoformat()
        await pilot.press("tab", *"Broken chair", "tab", *"Aisle 3", "tab", *"not needed")
        await pilot.press("tab", "backspace", "2", "tab", *"Li Wei", "tab", *due, "ctrl+s")
        await until(pilot, lambda: app.screen is tags)
        made = [tag for tag in redtags.list_tags(db) if tag.item == "Broken chair"]
        assert len(made) == 1
        tag = made[0]
        assert (tag.location, tag.reason, tag.quantity, tag.tagged_by) == (
            "Aisle 3",
            "not needed",
            2,
            "Li Wei",
        )
        assert tag.decision_due == date.fromisoformat(due) and tag.area_id == area_id
        assert "Broken chair" in list_text(tags)
        # Decide it: relocate (one step right from keep), with a note.
        await pilot.press("d")
        decide = app.screen
        assert isinstance(decide, FormScreen)
        await pilot.press("right", "tab", *"to store", "ctrl+s")
        await until(pilot, lambda: app.screen is tags)
        decided = next(t for t in redtags.list_tags(db) if t.id == tag.id)
        assert decided.disposition == "relocate" and decided.decided_at is not None
        assert decided.note == "to store"
        await pilot.pause()
        assert f"relocate {clock.today().isoformat()}" in list_text(tags)
        await pilot.press("u")  # undecided only
        assert "Broken chair" not in list_text(tags) and "Old pallet" in list_text(tags)
    assert late.id


async def test_the_overview_sorts_by_score_and_by_due(db: Database, settings: Settings) -> None:
    small_template()
    boards.create_board(db, "Line 1")
    scores = {"Alpha": 5, "Bravo": 1, "Charlie": 3}
    for name, score in scores.items():
        area = workspace.create_area(db, name)
        areas.set_settings(
            db, area.id, "small", cadence_days={"Alpha": 1, "Bravo": 30, "Charlie": 7}[name]
        )
        with clock.pinned(clock.now() - timedelta(days=3)):
            started = audits.start_audit(db, area.id, "王芳")
            for item in audits.items_of(db, started.id):
                audits.answer(db, item.id, score)
            audits.finish(db, started.id)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await overview(pilot)
        assert [r.name for r in screen.rows] == ["Alpha", "Bravo", "Charlie"]
        await pilot.press("s")
        assert [r.name for r in screen.rows] == ["Bravo", "Charlie", "Alpha"]
        assert "by score" in widgets_text(screen.query("TitleBar"))
        await pilot.press("d")  # Alpha is 2 days over its cadence, Bravo far from due
        assert [r.name for r in screen.rows] == ["Alpha", "Charlie", "Bravo"]
        text = table_text(screen)
        assert "overdue 2d" in text and "in 27d" in text
        assert rules.is_due(screen.rows[0].last_date, 1, clock.today())


async def test_a_long_overview_shows_a_screenful_first_then_every_area(
    db: Database, settings: Settings
) -> None:
    boards.create_board(db, "Line 1")
    for n in range(40):
        workspace.create_area(db, f"Area {n:02d}")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await overview(pilot)
        table = screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 40)
        assert "Area 00" in table_text(screen)
        assert table.get_row_at(39)[0].plain == "Area 39"
        await pilot.press(*"j" * 39)
        assert screen.selected is not None and screen.selected.name == "Area 39"
