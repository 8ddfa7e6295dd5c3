"""Keys rebound by binding id in the config's [keymap] table take effect."""

from __future__ import annotations

from dataclasses import replace

from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.tui.app import LeanApp
from leantui.tui.kanban.screen import BoardScreen
from leantui.tui.kit.help import HelpScreen, key_rows


async def test_a_rebound_key_moves_the_card_and_help_shows_it(
    db: Database, settings: Settings
) -> None:
    board = boards.create_board(db, "Line 1")
    columns = boards.columns(db, board.id)
    card_id = cards.add_card(db, board.id, "Change over die 3").card_id
    app = LeanApp(replace(settings, keymap={"kanban.move_right": "m"}), db)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if isinstance(app.screen, BoardScreen) and app.screen.card is not None:
                break
        await pilot.press("L")  # the default key no longer moves
        assert cards.get_card(db, card_id).column_id == columns[0].id
        await pilot.press("m")
        assert cards.get_card(db, card_id).column_id == columns[1].id
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("m", "Move →") in key_rows(app.screen.beneath)
