"""The kaizen screens driven from the keyboard: quick capture from two screens (the board
and the kaizen list), the review workflow by keys, the follow-ups, the list's filters,
order and pages, the metrics table, and the [kaizen] settings. Each test presses keys
and checks the database (through the services) and what the screen shows."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from rich.cells import cell_len
from test_tui_board import error_text, form_of, ready, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TextArea

from leantui.core import clock, i18n
from leantui.core.config import KaizenSettings, Settings
from leantui.core.db.engine import Database
from leantui.core.kaizen import metrics as core_metrics
from leantui.core.kaizen import suggestions as sg
from leantui.core.kaizen.models import Suggestion
from leantui.core.kanban import boards, cards
from leantui.core.pdca import cycles
from leantui.core.services import workspace
from leantui.tui.app import LeanApp
from leantui.tui.kaizen import metrics as metrics_screen
from leantui.tui.kaizen.capture import NAME as CAPTURE
from leantui.tui.kaizen.capture import CaptureForm, NewPerson
from leantui.tui.kaizen.cells import compact_money, spark
from leantui.tui.kaizen.detail import SuggestionDetail
from leantui.tui.kaizen.metrics import MetricsScreen, TeamMonths
from leantui.tui.kaizen.screen import HEAD, PAGE, KaizenScreen
from leantui.tui.kit.bars import TitleBar
from leantui.tui.kit.keys import declared_bindings
from leantui.tui.modules import screen_classes

SIZE = (80, 24)


@pytest.fixture
def team(db: Database) -> int:
    team = workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜", "张强"])
    boards.create_board(db, "Line 1", team_id=team.id)
    workspace.create_team(db, "Packing", "Dock", ["孙丽"])
    return team.id


def capture(db: Database, title: str, submitter: str = "王伟", **kwargs: object) -> int:
    return sg.capture(db, title, "before", "after", None, submitter, **kwargs).id  # type: ignore[arg-type]


async def kaizen_list(pilot: Pilot[None]) -> KaizenScreen:
    """Open the kaizen module (key 4) and wait (bounded) until its list is read."""
    await pilot.press("4")
    screen = pilot.app.screen
    assert isinstance(screen, KaizenScreen), screen
    # The first page comes with the first frame (later ones as the cursor goes down).
    await until(pilot, lambda: not screen.reading, rounds=100)
    await pilot.pause()
    return screen


async def kaizen_metrics(pilot: Pilot[None]) -> MetricsScreen:
    """Open the kaizen list, then its metrics (m), without waiting for their figures."""
    await kaizen_list(pilot)
    await pilot.press("m")
    screen = pilot.app.screen
    assert isinstance(screen, MetricsScreen), screen
    return screen


def table_text(table: DataTable[object]) -> str:
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def screen_text(pilot: Pilot[None]) -> str:
    return "\n".join(s.text for s in pilot.app.screen._compositor.render_strips())


class Keys:
    """Presses keys and counts them: a typed text counts one key a character."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot, self.count, self.typed = pilot, 0, 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)

    async def type(self, text: str) -> None:
        self.typed += len(text)
        await self.pilot.press(*text)


# --- quick capture -------------------------------------------------------------------


async def test_quick_capture_from_the_board_in_six_keys_besides_the_words(
    db: Database, settings: Settings, team: int
) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        keys = Keys(pilot)
        await keys.press("ctrl+k")
        form = form_of(pilot)
        assert isinstance(form, CaptureForm)
        assert form.query_one("#f-title", Input).has_focus
        assert form.values()["team_id"] == team  # the board's team
        await keys.type("Screw bins at hand")
        await keys.press("tab")
        await keys.type("Operators turn round")
        await keys.press("tab")
        await keys.type("Bins on the working side")
        await keys.press("tab")
        await keys.type("李")  # completes from the team's people: 李娜
        await keys.press("right", "enter")
        await until(pilot, lambda: not isinstance(app.screen, CaptureForm))
        assert keys.count == 6  # Ctrl+K, Tab, Tab, Tab, →, Enter
        assert "Kaizen #1 saved" in screen_text(pilot)
    [row] = sg.list_suggestions(db)
    assert (row.title, row.problem, row.proposal, row.submitter) == (
        "Screw bins at hand",
        "Operators turn round",
        "Bins on the working side",
        "李娜",
    )
    assert (row.team_id, row.area, row.status, row.currency) == (
        team,
        "总装车间",
        "submitted",
        "CNY",
    )


async def test_quick_capture_from_the_kaizen_list_offers_to_add_a_new_name(
    db: Database, settings: Settings, team: int
) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await kaizen_list(pilot)
        assert "No suggestions yet" in screen_text(pilot)
        await pilot.press("ctrl+k")
        form = form_of(pilot)
        assert isinstance(form, CaptureForm) and form.values()["team_id"] is None  # two teams
        await pilot.press(*"Label the gauges", "tab", "tab", "tab", *"赵六", "tab", "left")
        assert form.values()["team_id"] == team
        await pilot.press("enter")
        assert isinstance(app.screen, NewPerson)
        assert "赵六 is not one of 装配一组's people" in screen_text(pilot)
        await pilot.press("escape")  # back to the form, everything kept
        assert app.screen is form and form.query_one("#f-submitter", Input).value == "赵六"
        await pilot.press("enter", "y")
        await until(pilot, lambda: app.screen is screen and len(screen.rows) == 1)
        assert "Label the gauges" in table_text(screen.table)
        await pilot.press("ctrl+k")  # the next idea starts with the team of the last one
        assert isinstance(app.screen, CaptureForm) and app.screen.values()["team_id"] == team
        await pilot.press("ctrl+k")  # not twice over itself
        assert len(app.screen_stack) == 2
    [row] = sg.list_suggestions(db)
    assert (row.submitter, row.team_id) == ("赵六", team)
    assert "赵六" in sg.submitters(db, team)  # added to the team's people


async def test_the_capture_form_keeps_what_was_typed_on_a_refusal(
    db: Database, settings: Settings, team: int
) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+k")
        form = form_of(pilot)
        form.query_one("#f-title", Input).value = "Second hoist"
        form.query_one("#f-problem", TextArea).text = "Waiting for the crane"
        form.query_one("#f-submitter", Input).value = "王伟"
        form.query_one("#f-estimated_saving", Input).value = "lots"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "not an amount of money" in error_text(pilot)
        assert form.query_one("#f-problem", TextArea).text == "Waiting for the crane"
        assert form.query_one("#f-estimated_saving", Input).has_focus
        form.query_one("#f-estimated_saving", Input).value = "¥1,200"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, CaptureForm)
    [row] = sg.list_suggestions(db)
    assert (row.estimated_saving, row.problem) == (Decimal("1200.00"), "Waiting for the crane")


async def test_the_capture_form_is_kept_built_and_starts_afresh_each_time(
    db: Database, settings: Settings, team: int
) -> None:
    """The form is built once (the key then only draws it): each capture starts empty,
    with no error from the last one, the cursor in the title, and the people as they are
    now."""
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+k")
        form = form_of(pilot)
        await pilot.press("ctrl+s")
        assert "Title is required" in error_text(pilot)
        form.query_one("#f-estimated_saving", Input).value = "lots"
        await pilot.press("escape")  # given up: nothing saved
        assert not isinstance(app.screen, CaptureForm)
        await pilot.press("ctrl+k")
        assert app.screen is form
        assert form.query_one("#f-title", Input).has_focus
        assert form.values()["estimated_saving"] == "" and "required" not in error_text(pilot)
        await pilot.press(*"Gauge labels", "tab", "tab", "tab", *"赵六", "enter", "y")
        await until(pilot, lambda: not isinstance(app.screen, CaptureForm))
        await pilot.press("ctrl+k")
        assert app.screen is form and form.values()["title"] == ""
        await pilot.press("tab", "tab", "tab", *"赵", "right")  # a name added meanwhile
        assert form.values()["submitter"] == "赵六"
    assert [row.title for row in sg.list_suggestions(db)] == ["Gauge labels"]


async def test_the_capture_form_is_built_unseen_once_the_app_is_idle(
    db: Database, settings: Settings, team: int
) -> None:
    """In a terminal the app builds and lays out the form after its first frame
    (prepare_capture; tests run headless, so it is called here): the board stays as it
    was, and the first Ctrl+K shows that form, filled in afresh."""
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        board, focused = app.screen, app.focused
        await app.prepare_capture()
        await until(
            pilot,
            lambda: (
                app.is_screen_installed(CAPTURE)
                and app.screen_stack == [board]
                and not app.get_screen(CAPTURE).in_use
            ),
        )
        assert (app.screen_stack, app.focused) == ([board], focused)
        form = app.get_screen(CAPTURE)
        assert isinstance(form, CaptureForm) and form.is_mounted and not form.in_use
        await pilot.press("ctrl+k")
        assert app.screen is form and form.values()["team_id"] == team
        await pilot.press(*"Gauge labels", "tab", "tab", "tab", *"李", "right", "enter")
        await until(pilot, lambda: not isinstance(app.screen, CaptureForm))
    assert [(row.title, row.submitter) for row in sg.list_suggestions(db)] == [
        ("Gauge labels", "李娜")
    ]


async def test_the_capture_form_lines_its_fields_up_in_chinese(
    db: Database, settings: Settings, team: int
) -> None:
    """Every field's text starts in the same column, after labels of any display width
    (问题（改善前） is 14 cells): a text of several lines too."""
    i18n.set_language("zh_CN")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+k", *"扳手", "tab", *"取扳手")
        form = form_of(pilot)
        lines = screen_text(pilot).splitlines()
        starts = set()
        for label, typed in (("标题", "扳手"), ("问题（改善前）", "取扳手"), ("班组", "◀")):
            line = next(line for line in lines if label in line and typed in line)
            starts.add(cell_len(line[: line.index(typed)]))
        assert len(starts) == 1, starts
        assert len({form.query_one(f"#f-{f.name}").content_region.x for f in form.fields}) == 1


def test_the_capture_key_is_free_on_every_screen() -> None:
    """Ctrl+K is the app's, with priority: no screen or dialog of leantui binds it."""
    [capture_binding] = [b for b in declared_bindings(LeanApp) if b.id == "app.kaizen_capture"]
    assert capture_binding.key == "ctrl+k" and capture_binding.priority
    for cls in screen_classes():
        keys = {key for b in declared_bindings(cls) for key in b.key.split(",")}
        assert "ctrl+k" not in keys, cls


# --- the review by keys --------------------------------------------------------------


async def test_a_review_by_keys(db: Database, settings: Settings, team: int) -> None:
    first = capture(db, "Screw bins at hand", estimated_saving="1200")
    second = capture(db, "Second hoist", submitter="李娜")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        screen = await kaizen_list(pilot)
        assert screen.selected_id == second  # the newest first
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, SuggestionDetail)
        await pilot.press("r")  # start the review
        assert sg.get(db, second).status == "under_review"
        assert sg.get(db, second).reviewer == "tester"
        assert "under review" in screen_text(pilot)
        await pilot.press("x")  # reject: the reason is required
        form_of(pilot)
        await pilot.press("enter")
        assert "needs a reason" in error_text(pilot)
        assert sg.get(db, second).status == "under_review"
        await pilot.press(*"Crane comes in spring", "enter")
        assert app.screen is detail
        found = sg.get(db, second)
        assert (found.status, found.reason) == ("rejected", "Crane comes in spring")
        assert "Crane comes in spring" in screen_text(pilot)  # the history says why
        await pilot.press("a")  # decided already: the key does nothing
        assert app.screen is detail
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen and not screen.reading)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, SuggestionDetail) and app.screen.row.id == first
        await pilot.press("a")  # adopt straight from submitted, with a date
        await pilot.press(*"2099-01-31", "enter")
        found = sg.get(db, first)
        assert (found.status, found.implement_by) == ("adopted", date(2099, 1, 31))
        await pilot.press("i")  # implemented: the date is today's, the savings typed
        implement = form_of(pilot)
        assert implement.query_one("#f-implemented_on", Input).value == date.today().isoformat()
        await pilot.press("tab", *"900", "enter")
        found = sg.get(db, first)
        assert (found.status, found.actual_saving) == ("implemented", Decimal("900.00"))
        assert [e.action for e in sg.detail(db, first).history] == ["implement", "adopt", "submit"]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen and not screen.reading)
        text = table_text(screen.table)
        assert "done" in text and "rejected" in text and "900" in text


async def test_follow_ups_by_keys_are_linked_both_ways(
    db: Database, settings: Settings, team: int
) -> None:
    one = capture(db, "Poka-yoke pin")
    sg.decide(db, one, "adopt", implement_by="2099-02-28")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await kaizen_list(pilot)
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, SuggestionDetail)
        await pilot.press("c")  # a card on the team's board, owner and due filled in
        card_form = form_of(pilot)
        assert card_form.values()["owner"] == "王伟"
        await pilot.press("ctrl+s")
        await pilot.press("p")  # and a PDCA cycle
        cycle_form = form_of(pilot)
        assert cycle_form.values()["due"] == "2099-02-28"
        await pilot.press("ctrl+s")
        assert app.screen is detail
        assert "Line 1" in screen_text(pilot) and "P · open" in screen_text(pilot)
        await pilot.press("c")  # both made: the keys do nothing now
        await pilot.press("p")
        assert app.screen is detail
    row = sg.get(db, one)
    assert row.card_id is not None and row.follow_up_cycle_id is not None
    card = cards.get_card(db, row.card_id)
    assert (card.source_type, card.source_id, card.due) == ("kaizen", one, date(2099, 2, 28))
    assert cycles.cycle_row(db, row.follow_up_cycle_id).title == "Poka-yoke pin"
    assert sg.of_cycle(db, row.follow_up_cycle_id) == row


# --- the list --------------------------------------------------------------------------


async def test_filters_order_and_the_overdue_mark(
    db: Database, settings: Settings, team: int
) -> None:
    packing = next(t.id for t in workspace.list_teams(db) if t.name == "Packing")
    with clock.pinned(datetime.now(UTC) - timedelta(days=20)):
        late = capture(db, "Old idea waiting", category="motion")
    capture(db, "Fresh idea", category="defects")
    capture(db, "Packing idea", submitter="孙丽", team_id=packing)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await kaizen_list(pilot)
        title = screen.query_one(TitleBar)
        assert "3 in all" in title.render().plain and "1 overdue" in title.render().plain
        lines = table_text(screen.table).splitlines()
        assert any("! new" in line and "Old idea" in line for line in lines)
        await pilot.press("o")  # overdue only
        await until(pilot, lambda: not screen.reading)
        assert [r.id for r in screen.rows] == [late]
        await pilot.press("escape")  # all again
        await until(pilot, lambda: not screen.reading and len(screen.rows) == 3)
        await pilot.press("slash")  # the filter form: team Packing
        form = form_of(pilot)
        await pilot.press("tab", "tab", "right")  # (any), Packing, 装配一组
        assert form.values()["team_id"] == packing
        await pilot.press("enter")
        await until(pilot, lambda: not screen.reading and len(screen.rows) == 1)
        assert screen.rows[0].submitter == "孙丽"
        assert screen.context_team() == packing  # a capture from here is Packing's
        await pilot.press("slash")
        form = form_of(pilot)
        form.query_one("#f-month", Input).value = "March"
        await pilot.press("ctrl+s")
        assert "not a month" in error_text(pilot)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: not screen.reading and len(screen.rows) == 3)
        await pilot.press("s", "right", "right", "right", "tab", "right", "enter")  # by title, A-Z
        await until(pilot, lambda: not screen.reading and screen.order.sort == "title")
        assert [r.title for r in screen.rows] == ["Fresh idea", "Old idea waiting", "Packing idea"]
        await pilot.press("r")
        await until(pilot, lambda: not screen.reading and screen.rows[0].title == "Packing idea")


async def test_the_list_reads_a_page_at_a_time(db: Database, settings: Settings) -> None:
    team = workspace.create_team(db, "Line", "Hall", ["A"]).id
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [
        {
            "title": f"Idea {n}",
            "submitter": "A",
            "team_id": team,
            "submitted_at": start + timedelta(hours=n),
            "status": "submitted",
            "currency": "CNY",
            "version": 1,
        }
        for n in range(PAGE * 2 + 50)
    ]
    with db.write() as session:
        session.execute(Suggestion.__table__.insert(), rows)  # type: ignore[attr-defined]
    boards.create_board(db, "Line board", team_id=team)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await kaizen_list(pilot)
        assert len(screen.rows) == HEAD and screen.more  # the first frame's rows
        assert f"{HEAD} of {len(rows)}" in screen.query_one(TitleBar).render().plain
        for _ in range(3):
            await pilot.press("end")
            await until(pilot, lambda: not screen.reading)
        assert len(screen.rows) == len(rows) and not screen.more
        assert len({r.id for r in screen.rows}) == len(rows)
        assert screen.rows[-1].title == "Idea 0"


# --- metrics ---------------------------------------------------------------------------


async def test_the_metrics_table_per_team_with_sparklines(
    db: Database, settings: Settings, team: int
) -> None:
    one = capture(db, "First")
    capture(db, "Second", submitter="李娜")
    sg.decide(db, one, "adopt")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        metrics = await kaizen_metrics(pilot)
        await until(
            pilot, lambda: not metrics.reading and metrics.table.size.height > 2, rounds=100
        )
        await pilot.pause()
        text = screen_text(pilot)
        assert "装配一组" in text and "Packing" in text
        mine = next(line for line in text.splitlines() if "装配一组" in line)
        assert "▁▁▁▁▁█ 2" in mine and "100%" in mine and "67%" in mine  # 2 of 3 people
        await pilot.press("down", "enter")  # 装配一组 (Packing comes first)
        assert isinstance(app.screen, TeamMonths)
        months = app.screen.rows
        assert len(months) == 6 and months[0].submitted == 2 and months[0].adoption_rate == 1.0
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, KaizenScreen)


async def test_metrics_read_longer_than_a_blink_come_after_a_frame_saying_so(
    db: Database, settings: Settings, team: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    capture(db, "First")
    slow = threading.Event()  # the read waits for it: longer than the screen waits
    read = core_metrics.recent

    def slow_read(*args: Any, **kwargs: Any) -> Any:
        slow.wait(10)
        return read(*args, **kwargs)

    monkeypatch.setattr(core_metrics, "recent", slow_read)
    monkeypatch.setattr(metrics_screen, "QUICK_READ", 0.05)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        metrics = await kaizen_metrics(pilot)
        await pilot.pause()
        legend = metrics.query_one("#metrics-legend", Static)
        shown = [str(legend.render())]
        slow.set()
        await until(pilot, lambda: not metrics.reading, rounds=100)
        await pilot.pause()
        shown.append(str(legend.render()))
        assert shown[0] == i18n.t("kaizen.metrics_reading")
        assert shown[1] == i18n.t("kaizen.metrics_legend", currency="CNY")
        assert "装配一组" in screen_text(pilot)


def test_sparklines_and_amounts() -> None:
    assert spark([0, 1, 2, None, 4]) == "▁▃▅·█"
    assert spark([0.5, 1.0], top=1.0) == "▅█"
    assert spark([0, 0]) == "▁▁" and spark([]) == ""
    assert compact_money(Decimal("9999")) == "9,999"
    assert compact_money(Decimal("12345")) == "12.3k"
    assert compact_money(None) == "—"


# --- the [kaizen] settings ---------------------------------------------------------------


async def test_the_currency_and_the_decision_limit_come_from_the_settings(
    db: Database, settings: Settings, team: int
) -> None:
    with clock.pinned(datetime.now(UTC) - timedelta(days=5)):
        waiting = capture(db, "Five days old")
    app = LeanApp(replace(settings, kaizen=KaizenSettings("EUR", 3)), db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await kaizen_list(pilot)
        assert "1 overdue" in screen.query_one(TitleBar).render().plain
        assert screen.selected_id == waiting
        await pilot.press("ctrl+k")
        form = form_of(pilot)
        assert "EUR" in form.query_one("#f-estimated_saving", Input).placeholder
        form.query_one("#f-title", Input).value = "Priced idea"
        form.query_one("#f-submitter", Input).value = "王伟"
        form.query_one("#f-estimated_saving", Input).value = "50"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and len(screen.rows) == 2)
        await pilot.press("up", "enter")
        assert "50.00 EUR" in screen_text(pilot)
    assert sg.list_suggestions(db, sort="id")[0].currency == "EUR"  # the newest


async def test_the_app_can_open_on_the_kaizen_module(
    db: Database, settings: Settings, team: int
) -> None:
    capture(db, "First idea")
    app = LeanApp(settings, db, start="kaizen")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, KaizenScreen)
        await until(pilot, lambda: not screen.reading and len(screen.rows) == 1, rounds=100)
        await pilot.press("1")
        assert not isinstance(app.screen, KaizenScreen)  # the other modules are there
