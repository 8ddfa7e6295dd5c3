"""Placeholder board screen; the kanban module replaces it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from leantui.tui.modules import Command


class BoardScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("board", id="board")
        yield Footer()


def board_commands() -> list[Command]:
    return []
