"""`?`: the keys that work on the screen beneath, built from its live bindings."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from leantui.core.i18n import t


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, description) of every enabled binding active on `screen`; the keys of one
    binding (h and ←, say) share a row."""
    rows: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # Only our own bindings carry an id; Textual's built-in ones (focus, copy) are
        # untranslated and not what a team lead is looking for.
        if not active.enabled or not binding.id or not binding.description:
            continue
        keys = rows.setdefault((binding.id, binding.description), [])
        label = screen.app.get_key_display(binding)
        if label not in keys:
            keys.append(label)
    return [(" ".join(keys), description) for (_id, description), keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", t("app.key_close"), id="help.close")]

    def __init__(self, beneath: Screen) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, description in key_rows(self.beneath):
            table.add_row(key, description)
        with VerticalScroll(classes="dialog help"):
            yield Static(t("app.help_title"), classes="dialog-title")
            yield Static(table, id="keys")
            yield Static(t("app.help_hint"), classes="hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
