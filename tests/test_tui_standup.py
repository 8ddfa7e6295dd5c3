"""The stand-up driven from the keyboard: the safety cross recorded from the lobby, a
whole stand-up walked by keys (an action card, an escalation, stops discussed), the
summary with who was absent, and the record and the new card checked in the database;
the timer turning when over (its clock driven by the test); escalations shown on the
next stand-up and cleared; past stand-ups opened; the card moved from its stop; an
action card into a column at its WIP limit only with a reason, asked first."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from test_tui_board import error_text, form_of, until
from textual.pilot import Pilot
from textual.widgets import Static

from leantui.core import clock
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.services import events, workspace
from leantui.core.standup import safety, services
from leantui.tui.app import LeanApp
from leantui.tui.kit.dialogs import AskText
from leantui.tui.kit.help import HelpScreen, key_rows
from leantui.tui.standup.lobby import WALK, StandupScreen
from leantui.tui.standup.record import RecordView
from leantui.tui.standup.summary import SummaryScreen
from leantui.tui.standup.walk import WalkScreen

SIZE = (80, 24)


@pytest.fixture
def team(db: Database) -> int:
    """A team with a board holding a blocked card, an overdue one, and a quiet one."""
    team = workspace.create_team(db, "Assembly A", "Hall 1", ["Wang Wei", "Li Na", "Zhang Qiang"])
    board = boards.create_board(db, "Line 1", team_id=team.id)
    columns = boards.columns(db, board.id)
    blocked = cards.add_card(db, board.id, "Die change on press 3", columns[2].id).card_id
    cards.block_card(db, blocked, "waiting for the die from the tool room")
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    cards.add_card(db, board.id, "Label the racks", columns[1].id, due=yesterday, owner="Li Na")
    cards.add_card(db, board.id, "Order gloves", columns[0].id)
    return team.id


async def lobby(pilot: Pilot[None]) -> StandupScreen:
    screen = pilot.app.screen
    assert isinstance(screen, StandupScreen), screen
    await until(pilot, lambda: screen.lobby is not None and not screen.reading, rounds=100)
    return screen


async def begin(pilot: Pilot[None]) -> WalkScreen:
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, WalkScreen), rounds=100)
    walk = pilot.app.screen
    assert isinstance(walk, WalkScreen)
    await pilot.pause()
    return walk


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_a_whole_stand_up_by_keys(db: Database, settings: Settings, team: int) -> None:
    app = LeanApp(settings, db, start="standup")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await lobby(pilot)
        assert "Today: not recorded yet" in text_of(screen, "#safety-today")
        # Safety first: a near miss needs a note; the form keeps the state chosen.
        await pilot.press("s", "right", "enter")
        assert "say in a few words" in error_text(pilot)
        form = form_of(pilot)
        form.query_one("#f-note").focus()
        await pilot.press(*"Forklift close call at dock 2", "enter")
        await until(pilot, lambda: "near miss" in text_of(screen, "#safety-today"))
        today = clock.today()
        entry = safety.month(db, team, today.year, today.month)[today.day - 1]
        assert entry is not None and entry.state == "near_miss"

        walk = await begin(pilot)
        stops = walk.stops
        assert [s.kind for s in stops[:2]] == ["blocked", "overdue"]  # the board right to left
        assert "Die change on press 3" in text_of(walk, "#stop-title")
        assert "waiting for the die" in text_of(walk, "#stop-why")
        # An action card for the first stop, with owner and due date.
        await pilot.press("a")
        form = form_of(pilot)
        await pilot.press(*"Fetch the die", "tab", *"Wang Wei", "tab", *"2031-01-15", "enter")
        assert not isinstance(app.screen, type(form))
        assert "Fetch the die" in text_of(walk, "#stop-actions")
        # Escalated, with a note; then discussed, which goes on to the next stop.
        await pilot.press("e", *"Tool room needs a second shift", "enter")
        assert "Tool room needs a second shift" in text_of(walk, "#stop-outcome")
        await pilot.press("d")
        assert walk.index == 1 and "Label the racks" in text_of(walk, "#stop-title")
        await pilot.press("b")
        assert walk.index == 0 and "Discussed" in text_of(walk, "#stop-outcome")
        await pilot.press("space", "d")  # the second discussed too
        # The timer turns when the stand-up runs over (its clock driven here).
        timer = walk.timer
        assert not timer.has_class("-over")
        timer.now = lambda: walk.record.started_at + timedelta(minutes=16)
        timer.tick()
        assert timer.has_class("-over")
        # The summary: Zhang Qiang (third in the list) was absent.
        await pilot.press("f")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        await pilot.press("down", "down", "space", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RecordView))
        record_view = app.screen
        assert isinstance(record_view, RecordView)
        assert "Zhang Qiang" in text_of(record_view, "#record-body")
        await pilot.press("escape")
        assert isinstance(app.screen, StandupScreen)

    [row] = services.list_standups(db, team)
    record = services.show(db, row.id)
    assert record.ended_at is not None
    assert sorted(record.present) == ["Li Na", "Wang Wei"] and record.absent == ["Zhang Qiang"]
    assert [s.outcome for s in record.stops[:2]] == ["discussed", "discussed"]
    [action] = record.actions
    card = cards.get_card(db, action.card_id)
    assert (card.title, card.owner, str(card.due)) == ("Fetch the die", "Wang Wei", "2031-01-15")
    assert (card.source_type, card.source_id) == ("standup_stop", record.stops[0].id)
    [escalation] = record.escalations
    assert escalation.note == "Tool room needs a second shift"
    assert escalation.stop_id == record.stops[0].id


async def test_enter_stores_the_agenda_the_lobby_read_ahead(
    db: Database, settings: Settings, team: int
) -> None:
    """Read while the lobby shows, the agenda is taken as it is (nothing changed since);
    Enter begins even while the lobby is being read again."""
    app = LeanApp(settings, db, start="standup")
    async with app.run_test(size=SIZE) as pilot:
        screen = await lobby(pilot)
        await until(pilot, lambda: screen.plan is not None, rounds=100)
        assert screen.plan is not None
        marked = ["(read ahead)"] * len(screen.plan.items)  # 3: blocked, overdue, audit due
        screen.plan = replace(screen.plan, lines=marked)
        screen.load()
        walk = await begin(pilot)
        assert [s.why for s in walk.stops] == marked
        assert walk.stops == services.show(db, walk.record.id).stops  # stored before shown


async def test_the_walk_screen_is_built_ahead_and_kept(
    db: Database, settings: Settings, team: int
) -> None:
    """Built unseen while the lobby shows (in a terminal, once the agenda is read
    ahead), the walk screen is only filled on Enter, and kept for the next walk: left
    and resumed, it starts again at the first stop not discussed, its agenda refilled."""
    app = LeanApp(settings, db, start="standup")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lobby(pilot)
        await screen._build_walk()
        built = app.get_screen(WALK)
        assert isinstance(built, WalkScreen) and built.is_mounted and app.screen is screen
        walk = await begin(pilot)
        assert walk is built and "Die change on press 3" in text_of(walk, "#stop-title")
        await until(pilot, lambda: walk.agenda.row_count == len(walk.stops) == 3)
        await pilot.press("d", "escape")  # the first discussed, then left for later
        await lobby(pilot)
        again = await begin(pilot)
        assert again is built and again.index == 1
        assert "Label the racks" in text_of(again, "#stop-title")
        await until(pilot, lambda: again.agenda.row_count == 3)
        assert again.agenda.cursor_row == 1


async def test_escalations_wait_on_the_lobby_until_cleared(
    db: Database, settings: Settings, team: int
) -> None:
    standup = services.begin(db, team)
    first = services.stops(db, standup.id)[0]
    services.escalate(db, first.id, "Needs the plant manager")
    services.finish(db, standup.id, ["Li Na"], [])
    app = LeanApp(settings, db, start="standup")
    async with app.run_test(size=SIZE) as pilot:
        screen = await lobby(pilot)
        assert "1 escalation still open" in text_of(screen, "#escalations-title")
        walk = await begin(pilot)  # the next stand-up stops at it first
        assert walk.stops[0].kind == "escalation"
        assert "Needs the plant manager" in text_of(walk, "#stop-why")
        await pilot.press("escape")  # left for later: resumed by Enter
        assert isinstance(app.screen, StandupScreen)
        await pilot.press("c", "y")
        await until(pilot, lambda: screen.lobby is not None and not screen.lobby.escalations)
        await pilot.press("p")
        await pilot.press("down", "enter")  # the older one: finished
        assert isinstance(app.screen, RecordView)
        body = text_of(app.screen, "#record-body")
        assert "Present (1)" in body and "! Die change on press 3 — Needs the plant manager" in body
    assert services.open_escalations(db, team) == []


async def test_the_card_of_a_stop_moves_with_the_boards_column_list(
    db: Database, settings: Settings, team: int
) -> None:
    app = LeanApp(settings, db, start="standup")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await lobby(pilot)
        walk = await begin(pilot)
        card_id = walk.stops[0].card_id
        assert card_id is not None
        await pilot.press("m")
        await pilot.press("down", "down", "down", "enter")  # the last column: done
        card = cards.get_card(db, card_id)
        assert card.completed_at is not None and not card.blocked
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = key_rows(app.screen.beneath)
        for keys, label in (("n space", "Next"), ("d", "Discussed"), ("m", "Move")):
            assert (keys, label) in rows, rows


async def test_an_action_card_into_a_full_column_asks_why_first(
    db: Database, settings: Settings, team: int
) -> None:
    """As a new card on the board: the reason is asked before the form, and recorded."""
    board_id = boards.list_boards(db)[0].id
    first = boards.columns(db, board_id)[0]  # where action cards go; it holds one card
    boards.update_column(db, first.id, first.name, first.kind, 1, first.policy)
    app = LeanApp(settings, db, start="standup")
    async with app.run_test(size=SIZE) as pilot:
        await lobby(pilot)
        walk = await begin(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AskText)
        await pilot.press("escape")  # no reason: no form, nothing made
        assert app.screen is walk
        await pilot.press("a", *"line down", "enter")
        form_of(pilot)
        await pilot.press(*"Fetch the die", "tab", *"Wang Wei", "ctrl+s")
        await until(pilot, lambda: app.screen is walk)
        assert "Fetch the die" in text_of(walk, "#stop-actions")
    made = [c for c in cards.board_cards(db, board_id) if c.title == "Fetch the die"]
    assert len(made) == 1 and made[0].column_id == first.id
    assert events.history(db, "card", made[0].id)[-1].payload["override_reason"] == "line down"


def test_the_standup_command_opens_the_app_on_the_teams_standup(
    db: Database, db_path: object, team: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`leantui standup --team NAME` (no subcommand) opens the app on the stand-up of
    that team; an unknown team is said plainly, without opening anything."""
    from test_cli import run_cli

    from leantui.tui import app

    opened: list[tuple[str, int | None]] = []

    class Opened(app.LeanApp):
        def run(self, *args: object, **kwargs: object) -> None:
            opened.append((self.start_module, self.ctx.team_id))

    monkeypatch.setattr(app, "LeanApp", Opened)
    assert run_cli("--db", str(db_path), "standup", "--team", "assembly a").exit_code == 0
    assert opened == [("standup", team)]
    result = run_cli("--db", str(db_path), "standup", "--team", "Nobody")
    assert result.exit_code != 0 and "Nobody" in result.stderr
    assert len(opened) == 1
