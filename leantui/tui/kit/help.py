"""`?`: the keys that work on the screen beneath, from its live bindings (keys.key_rows):
a key rebound in [keymap] is listed in its place under its new key. Two columns when
the box is wide enough, so a whole screen's keys fit at 80x24."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from leantui.core.i18n import fit, t
from leantui.tui.kit.dialogs import Dialog
from leantui.tui.kit.keys import key_rows

GAP = 2  # cells between a key and its description, and between the two halves


def key_table(rows: list[tuple[str, str]], width: int) -> Table:
    """The rows in one column of (keys, description) pairs, or two when both halves fit
    in `width` cells; each half is filled top to bottom."""
    keys_width = max((cell_len(k) for k, _ in rows), default=0)
    text_width = max((cell_len(d) for _, d in rows), default=0)
    pair = keys_width + GAP + text_width
    halves = 2 if len(rows) > 8 and 2 * pair + GAP * 2 <= width else 1
    table = Table.grid(padding=(0, GAP, 0, 0))
    for _ in range(halves):
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
    height = -(-len(rows) // halves)
    for y in range(height):
        cells: list[str] = []
        for half in range(halves):
            index = half * height + y
            if index < len(rows):
                keys, text = rows[index]
                cells += [keys, fit(text, max(1, width - keys_width - GAP))]
            else:
                cells += ["", ""]
        table.add_row(*cells)
    return table


class HelpScreen(Dialog[None]):
    BOX = "help"
    BINDINGS = [Binding("escape,q", "dismiss", t("app.key_close"), id="help.close")]

    def __init__(self, beneath: Screen[Any]) -> None:
        super().__init__(t("app.help_title"))
        self.beneath = beneath

    def body(self) -> ComposeResult:
        yield Static(key_table(key_rows(self.beneath), 0), id="keys")
        yield Static(t("app.help_hint"), classes="hint")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """Laid out in the width the stylesheet gave the list."""
        keys = self.query_one("#keys", Static)
        width = keys.content_region.width or self.size.width // 2
        keys.update(key_table(key_rows(self.beneath), width))

    def action_help(self) -> None:  # `?` again closes the list
        self.dismiss(None)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
