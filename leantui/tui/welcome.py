"""First start on an empty database: offer the demo workspace or a first board."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from leantui.core.i18n import t
from leantui.tui.kit.dialogs import Dialog
from leantui.tui.kit.keys import Verb, bindings


class WelcomeScreen(Dialog[str]):
    """Returns "demo", "board" or "quit". Esc asks before quitting."""

    VERBS = (
        Verb("welcome.demo", "choose('demo')", "d", "app.welcome_demo_key", "app.cmd_demo"),
        Verb(
            "welcome.board", "choose('board')", "n", "app.welcome_board_key", "app.cmd_first_board"
        ),
        Verb("welcome.quit", "choose('quit')", "q", "app.key_quit"),
        Verb("welcome.escape", "ask_quit", "escape", "app.key_quit_ask", show=False),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self) -> None:
        super().__init__(t("app.welcome_title"))

    def body(self) -> ComposeResult:
        yield Static(t("app.welcome_text"))
        yield Static(t("app.welcome_choices"), id="choices")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_ask_quit(self) -> None:
        from leantui.tui.kit.dialogs import Confirm

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss("quit")

        self.app.push_screen(Confirm(t("app.confirm_quit")), answer)
