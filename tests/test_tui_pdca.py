"""The PDCA screens driven from the keyboard: a cycle created, planned, put on a board,
measured and walked to Act by keys, checked in the database (through the services) and
on the screen, the A3 included; the list's filters; bad input kept in the form."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.pdca import cycles
from leantui.tui.app import LeanApp
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.forms import FormScreen
from leantui.tui.kit.help import HelpScreen
from leantui.tui.kit.keys import key_rows
from leantui.tui.kit.lists import ListDialog
from leantui.tui.pdca.a3view import A3Screen
from leantui.tui.pdca.cycle import CycleScreen
from leantui.tui.pdca.screen import CycleListScreen

SIZE = (80, 24)


async def until(pilot: Pilot[None], condition: object, rounds: int = 200) -> None:
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


async def open_list(pilot: Pilot[None]) -> CycleListScreen:
    await pilot.press("3")
    await until(pilot, lambda: isinstance(pilot.app.screen, CycleListScreen))
    screen = pilot.app.screen
    assert isinstance(screen, CycleListScreen)
    await until(pilot, lambda: screen.loaded)
    return screen


async def fill(pilot: Pilot[None], values: dict[str, str]) -> None:
    """Type into the form's fields by name (as a user would, key by key)."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        widget = form.query_one(f"#f-{name}")
        widget.focus()
        await pilot.pause()
        if isinstance(widget, Input):
            widget.value = ""
        elif isinstance(widget, TextArea):
            widget.clear()
        await pilot.press(*value)


def screen_text(pilot: Pilot[None]) -> str:
    app = pilot.app
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def only_cycle(db: Database) -> int:
    [row] = cycles.list_cycles(db)
    return row.id


async def test_a_cycle_walked_from_plan_to_act_by_keys(db: Database, settings: Settings) -> None:
    board = boards.create_board(db, "Line 1")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        assert "No PDCA cycles yet" in screen_text(pilot)

        # New cycle: a goal equal to the baseline is refused at its field, nothing lost.
        await pilot.press("n")
        await fill(
            pilot,
            {
                "title": "Cut scrap",
                "metric": "scrap",
                "unit": "%",
                "baseline": "5",
                "goal": "5",
                "due": "2099-12-31",
            },
        )
        await pilot.press("ctrl+s")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "same as the baseline" in str(
            form.query_one("#field-goal .field-error", Static).content
        )
        assert form.query_one("#f-title", Input).value == "Cut scrap"
        await fill(pilot, {"goal": "2"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen))
        cycle_id = only_cycle(db)
        view = cycles.view(db, cycle_id)
        assert (view.row.title, view.row.phase, view.row.target.direction) == (
            "Cut scrap",
            "P",
            "lower",
        )
        assert view.row.owner == "tester"

        # Plan: the current state and root cause, two whys, a countermeasure.
        await pilot.press("p")
        await fill(pilot, {"current_state": "5 % scrap", "root_cause": "worn die"})
        await pilot.press("ctrl+s")
        for why, because in (("why scrap", "burrs"), ("why burrs", "worn die")):
            await pilot.press("w")
            await fill(pilot, {"why": why, "because": because})
            await pilot.press("ctrl+s")
        await pilot.press("c")
        await fill(pilot, {"text": "Replace the die"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen))
        view = cycles.view(db, cycle_id)
        assert (view.current_state, view.root_cause) == ("5 % scrap", "worn die")
        assert [(w.why, w.because) for w in view.whys] == [
            ("why scrap", "burrs"),
            ("why burrs", "worn die"),
        ]
        assert [c.text for c in view.countermeasures] == ["Replace the die"]
        assert "why burrs" in screen_text(pilot)

        # Edit the second why on its line: focus the whys and press e.
        screen = app.screen
        assert isinstance(screen, CycleScreen)
        screen.query_one("#cycle-whys").focus()
        await pilot.press("down", "e")
        await fill(pilot, {"because": "the die is worn"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: cycles.view(db, cycle_id).whys[1].because == "the die is worn")

        # Do: to the next phase, then the countermeasure onto the board as a card.
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: cycles.view(db, cycle_id).row.phase == "D")
        await pilot.press("b")
        assert isinstance(app.screen, ListDialog)
        await pilot.press("enter")
        await until(pilot, lambda: cycles.view(db, cycle_id).cards != [])
        [action] = cycles.view(db, cycle_id).cards
        card = cards.get_card(db, action.card_id or 0)
        assert (card.board_id, card.source_type, card.source_id) == (board.id, "pdca", cycle_id)
        assert f"#{card.id} Backlog" in screen_text(pilot)

        # Check: a measurement, refused in the future first (the form keeps it).
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: cycles.view(db, cycle_id).row.phase == "C")
        await pilot.press("m")
        await fill(pilot, {"on": "2099-01-01", "value": "1.5", "note": "after the new die"})
        await pilot.press("ctrl+s")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-value", Input).value == "1.5"
        await fill(pilot, {"on": date.today().isoformat()})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: cycles.view(db, cycle_id).measurements != [])
        view = cycles.view(db, cycle_id)
        assert [m.value for m in view.measurements] == [1.5]
        assert view.target_met is True
        assert view.change_percent == -70.0

        # Back to Do needs a reason; then on to Act again.
        await pilot.press("less_than_sign")
        assert isinstance(app.screen, AskText)
        await pilot.press(*"one more die", "enter")
        await until(pilot, lambda: cycles.view(db, cycle_id).row.phase == "D")
        assert cycles.view(db, cycle_id).history[-1].reason == "one more die"
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: cycles.view(db, cycle_id).row.phase == "C")
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: cycles.view(db, cycle_id).row.phase == "A")
        assert [c.to_phase for c in cycles.view(db, cycle_id).history] == [
            "P",
            "D",
            "C",
            "D",
            "C",
            "A",
        ]
        screen = app.screen
        assert isinstance(screen, CycleScreen)
        enabled = [d for _, d in key_rows(screen)]
        assert "Standardize" in enabled and "Measure" in enabled
        assert "Why" not in enabled and "Next phase" not in enabled

        # The A3 shows every section with what was entered.
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, A3Screen))
        a3_screen = app.screen
        assert isinstance(a3_screen, A3Screen)
        await until(pilot, lambda: a3_screen.a3 is not None)
        await pilot.pause()
        page = screen_text(pilot)  # read at 80x24 by paging down to the end
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
            page += "\n" + screen_text(pilot)
        for expected in (
            "Background and problem",
            "Current state",
            "5 % scrap",
            "Target",
            "scrap",
            "Root cause (5 Whys)",
            "the die is worn",
            "Countermeasures",
            "Replace the die",
            "Check",
            "1.5",
            "Act",
        ):
            assert expected in page, expected
        assert "A3 · PDCA #1 · Cut scrap" in page
        await pilot.press("escape")
        assert isinstance(app.screen, CycleScreen)

        # Act: standardize, and the cycle is closed.
        await pilot.press("s")
        await fill(pilot, {"what": "New die every 50k strokes", "where": "SOP 12"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: cycles.view(db, cycle_id).row.status == "closed")
        assert cycles.view(db, cycle_id).standard == "New die every 50k strokes"

        # Back on the list: the closed cycle, with its target met.
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, CycleListScreen)
        await until(pilot, lambda: "closed" in screen_text(pilot))
        assert "Cut scrap" in screen_text(pilot)


async def test_the_list_filters_and_overdue_stands_out(db: Database, settings: Settings) -> None:
    boards.create_board(db, "Line 1")  # else the app greets an empty workspace
    cycles.create_cycle(db, "Old one", "Ann", "2020-02-01", start="2020-01-01")
    cycles.create_cycle(db, "New one", "Bob", "2099-01-01")
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        assert [r.title for r in screen.rows] == ["Old one", "New one"]
        text = screen_text(pilot)
        assert "2020-02-01 !" in text and "1 overdue" in text
        await pilot.press("j")  # vim keys move the cursor
        assert screen.selected is not None and screen.selected.title == "New one"
        await pilot.press("k")
        assert screen.selected is not None and screen.selected.title == "Old one"
        await pilot.press("slash")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-owner").focus()
        await pilot.press("right", "right", "enter")  # (all) -> Ann -> Bob
        await until(pilot, lambda: [r.title for r in screen.rows] == ["New one"])
        assert "Bob" in screen_text(pilot).splitlines()[0]  # the filter's badge
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.rows) == 2)
        await pilot.press("s")  # open only
        await until(pilot, lambda: screen.flt.status == "open")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = [d for _, d in key_rows(screen)]
        for label in ("New", "Edit", "A3", "Filter", "Status", "All cycles"):
            assert label in described, label


async def test_going_to_check_without_cards_asks_first(db: Database, settings: Settings) -> None:
    from leantui.core.pdca import phases

    boards.create_board(db, "Line 1")
    change = cycles.create_cycle(db, "Quick check", "Ann", "2099-01-01")
    phases.advance(db, change.view.id)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen))
        await pilot.press("greater_than_sign")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert cycles.view(db, change.view.id).row.phase == "D"
        await pilot.press("greater_than_sign", "y")
        await until(pilot, lambda: cycles.view(db, change.view.id).row.phase == "C")
        await pilot.press("X", *"no longer needed", "enter")
        await until(pilot, lambda: cycles.view(db, change.view.id).row.status == "abandoned")
