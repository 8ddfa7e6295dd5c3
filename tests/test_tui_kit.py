"""The TUI kit (leantui/tui/kit) as the kanban module uses it: the palette of the screen
you are on, keys after a [keymap], the key bar under dialogs, the welcome screen's keys,
forms, lists, and who is acting."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.cells import cell_len
from test_tui_board import form_of, list_text, make_board, ready, until
from textual.command import CommandList
from textual.pilot import Pilot

from leantui.core import actor, i18n
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.services import events, workspace
from leantui.tui.app import LeanApp
from leantui.tui.kanban.detail import CardDetail
from leantui.tui.kanban.forms import CARD_FIELDS
from leantui.tui.kanban.screen import BoardScreen
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.forms import Choice
from leantui.tui.kit.help import HelpScreen
from leantui.tui.kit.keys import key_rows
from leantui.tui.kit.palette import Palette
from leantui.tui.kit.screens import Context
from leantui.tui.welcome import WelcomeScreen

SIZE = (80, 24)


async def palette_lines(pilot: Pilot[None]) -> list[str]:
    """Open the palette and wait (bounded) until its list is filled."""
    await pilot.press("ctrl+p")
    palette = pilot.app.screen
    assert isinstance(palette, Palette)
    found: list[str] = []
    for _ in range(50):
        await pilot.pause(0.05)
        options = palette.query_one(CommandList).options
        found = [str(option.prompt).split("\n")[0] for option in options]
        if found:
            break
    return found


def bar_text(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(KeyBar).render().plain


# --- structure ----------------------------------------------------------------------


def test_module_screens_get_what_they_need_when_made(db: Database, settings: Settings) -> None:
    screen = BoardScreen(Context(db, settings))
    assert screen.db is db and screen.settings is settings


def test_the_readme_lists_every_key_id() -> None:
    from leantui.tui.kit.keys import declared_bindings
    from leantui.tui.modules import screen_classes

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    classes = [LeanApp, *screen_classes()]
    ids = {binding.id for cls in classes for binding in declared_bindings(cls)}
    assert len(ids) > 40
    assert sorted(i for i in ids if f"`{i}`" not in readme) == []


def test_the_card_form_declares_every_editable_field_once() -> None:
    assert [field.name for field in CARD_FIELDS] == list(cards.EDITABLE)


# --- palette ------------------------------------------------------------------------


async def test_the_palette_holds_every_verb_of_the_board_with_its_key(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Fix the valve", cols[0]).card_id
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        lines = await palette_lines(pilot)
        for verb, key in (
            ("New card", "n"),
            ("Move card right", "L"),
            ("Move card down", "J"),
            ("Edit card", "e"),
            ("Card detail", "v"),
            ("Block / unblock card", "b"),
            ("Archive card", "a"),
            ("Delete card", "D"),
            ("Filter cards", "/"),
            ("Switch board", "B"),
            ("New board", ""),
            ("Switch user", ""),
            ("Keys", ""),
        ):
            line = next((line for line in lines if line.startswith(verb)), None)
            assert line is not None, (verb, lines)
            assert line.split("  ")[-1].split()[0] == key if key else True, line
        assert not any(line.startswith("Move card left") for line in lines)  # first column
        assert not any(line.startswith("Clear filter") for line in lines)  # no filter
        await pilot.press(*"move card right", "enter")
        await until(pilot, lambda: cards.get_card(db, card_id).column_id == cols[1])


async def test_the_palette_shows_a_rebound_key(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    cards.add_card(db, board_id, "Fix the valve", cols[0])
    app = LeanApp(replace(settings, keymap={"kanban.move_right": "m"}), db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        lines = await palette_lines(pilot)
        assert any(line.startswith("Move card right") and line.endswith("  m") for line in lines)


async def test_a_dialog_has_its_own_palette_verbs(db: Database, settings: Settings) -> None:
    make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("B")
        lines = await palette_lines(pilot)
        assert any(line.startswith("New board  n") for line in lines)
        assert not any(line.startswith("Move card") for line in lines)


# --- keys -----------------------------------------------------------------------------


async def test_a_rebound_key_keeps_its_place_in_help_and_the_footer(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    cards.add_card(db, board_id, "Card", cols[0])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        before = [description for _, description in key_rows(screen)]
        bar = bar_text(pilot)
        assert bar.startswith(" L Move → ")
    rebound = LeanApp(replace(settings, keymap={"kanban.move_right": "m"}), db)
    async with rebound.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        rows = key_rows(screen)
        assert [description for _, description in rows] == before
        assert rows[before.index("Move →")] == ("m", "Move →")
        assert bar_text(pilot).startswith(" m Move → ")  # where L was, not cut off the end
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        assert ("m", "Move →") in key_rows(pilot.app.screen.beneath)  # type: ignore[attr-defined]


async def test_a_bad_keymap_is_reported_with_the_file_and_the_id(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    make_board(db)
    config = tmp_path / "config.toml"
    keymap = {"kanban.no_such_thing": "x", "kanban.block": "n", "kanban.move_right": "m"}
    app = LeanApp(replace(settings, keymap=keymap, config_path=config), db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: len(app.keymap_warnings) >= 2)
        unknown, clash = app.keymap_warnings
        assert str(config) in unknown and "kanban.no_such_thing" in unknown
        assert str(config) in clash and "kanban.block" in clash and "kanban.new_card" in clash
        assert len(app.keymap_warnings) == 2  # the move to m is fine


async def test_the_footer_under_a_dialog_shows_only_its_keys(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    cards.add_card(db, board_id, "Card", cols[0])
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v")
        assert isinstance(app.screen, CardDetail)
        bar = bar_text(pilot)
        assert "Close" in bar and "Keys" in bar
        assert " e " not in bar and " L " not in bar and "Edit" not in bar
        await pilot.press("question_mark")  # ? lists the detail's keys
        assert isinstance(app.screen, HelpScreen)
        assert [d for _, d in key_rows(app.screen.beneath)] == ["Close", "Keys"]


async def test_welcome_screen_help_and_escape(db: Database, settings: Settings) -> None:
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        descriptions = [d for _, d in key_rows(app.screen.beneath)]
        assert descriptions[:3] == ["Demo", "New board", "Quit"]
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("escape")  # asks first
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
    assert app.return_code == 0


# --- forms and lists -----------------------------------------------------------------


async def test_form_labels_align_by_display_width(db: Database, settings: Settings) -> None:
    make_board(db)
    i18n.set_language("zh_CN")  # labels are translated when the form is made
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("n")
        form = form_of(pilot)
        starts = {form.query_one(f"#f-{field.name}").region.x for field in CARD_FIELDS}
        assert len(starts) == 1  # every field starts in one column
        widest = max(cell_len(str(label.content)) for label in form.query(".form-label"))
        assert widest == cell_len("来源编号")
        labels_x = form.query_one(".form-label").region.x
        assert starts == {labels_x + widest + 1}


async def test_a_choice_changes_with_arrows_and_enter_saves(
    db: Database, settings: Settings
) -> None:
    board_id, cols = make_board(db)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("n", *"Sweep")
        form = form_of(pilot)
        priority = form.query_one("#f-priority", Choice)
        priority.focus()
        await pilot.press("right", "right", "right", "left", "enter")
    [row] = cards.board_cards(db, board_id)
    assert (row.title, row.priority, row.column_id) == ("Sweep", 2, cols[0])


async def test_lists_cut_wide_names_and_keep_the_other_columns(
    db: Database, settings: Settings
) -> None:
    team = workspace.create_team(db, "装配一组")
    long_name = "总装车间第三条生产线换型与设备点检改善看板" * 2
    boards.create_board(db, long_name, team_id=team.id)
    app = LeanApp(settings, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("B")
        row = list_text(app.screen).splitlines()[1]
        assert "…" in row and "装配一组" in row and row.rstrip().endswith("0")
        width = app.screen.query_one("#entries").size.width
        assert cell_len(row) == width
    app = LeanApp(settings, db)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await pilot.press("B")
        await pilot.pause()
        assert "改善看板总装车间" in list_text(app.screen)


# --- who is acting ------------------------------------------------------------------


async def test_the_user_is_shown_and_can_be_switched(db: Database, settings: Settings) -> None:
    board_id, cols = make_board(db)
    card_id = cards.add_card(db, board_id, "Card", cols[0]).card_id
    app = LeanApp(replace(settings, user="王芳"), db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert "User: 王芳" in screen.query_one(TitleBar).render().plain
        await pilot.press("b", *"no parts", "enter")
        await palette_lines(pilot)
        await pilot.press(*"switch user", "enter")
        await until(pilot, lambda: isinstance(app.screen, AskText))
        answer = app.screen.query_one("#answer")
        answer.value = ""  # type: ignore[attr-defined]
        await pilot.press("enter")  # an empty name is refused
        assert isinstance(app.screen, AskText)
        await pilot.press(*"李娜", "enter")
        assert app.screen is screen
        assert "User: 李娜" in screen.query_one(TitleBar).render().plain
        await pilot.press("b")  # unblock, as 李娜
    assert [e.actor for e in events.history(db, "card", card_id)[:2]] == ["李娜", "王芳"]
    assert actor.current_actor() == "李娜"


def test_every_verb_is_translated() -> None:
    from leantui.core.i18n import catalog
    from leantui.tui.kit.keys import Verb
    from leantui.tui.modules import screen_classes

    verbs: list[Verb] = [v for cls in screen_classes() for v in cls.__dict__.get("VERBS", ())]
    assert len(verbs) > 30
    keys = {k for v in verbs for k in (v.label, v.command, v.help) if k}
    for language in ("en", "zh_CN"):
        assert sorted(keys - set(catalog(language))) == [], language
