"""First start on an empty database: offer the demo workspace or a first board."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from leantui.core.i18n import t


class WelcomeScreen(ModalScreen[str]):
    """Returns "demo", "board" or "quit"."""

    BINDINGS = [
        Binding("d", "choose('demo')", t("app.welcome_demo_key"), id="welcome.demo"),
        Binding("n", "choose('board')", t("app.welcome_board_key"), id="welcome.board"),
        Binding("q,escape", "choose('quit')", t("app.key_quit"), id="welcome.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog welcome"):
            yield Static(t("app.welcome_title"), classes="dialog-title")
            yield Static(t("app.welcome_text"))
            yield Static(t("app.welcome_choices"), id="choices")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
