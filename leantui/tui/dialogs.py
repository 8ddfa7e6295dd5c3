"""Small modal dialogs shared by every module. Each returns its answer via `dismiss`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from leantui.core.errors import LeanError
from leantui.core.i18n import t


class AskText(ModalScreen[str | None]):
    """Ask for one line of text. `check` may raise LeanError: the message is shown under
    the field and the dialog stays open with what was typed."""

    BINDINGS = [Binding("escape", "cancel", t("app.key_cancel"), id="dialog.cancel")]

    def __init__(
        self, title: str, label: str, value: str = "", check: Callable[[str], Any] | None = None
    ) -> None:
        super().__init__()
        self.title_text, self.label, self.value, self.check = title, label, value, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Label(self.label)
            yield Input(self.value, id="answer")
            yield Static("", id="error", classes="error")
            yield Static(t("app.dialog_hint"), classes="hint")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        try:
            if self.check is not None:
                self.check(event.value)
        except LeanError as exc:
            self.query_one("#error", Static).update(exc.message())
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Esc says no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", t("app.key_yes"), id="dialog.yes"),
        Binding("n,escape", "answer(False)", t("app.key_no"), id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            yield Static(t("app.confirm_hint"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
