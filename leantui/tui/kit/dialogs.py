"""Dialogs: a centred box with a title, the dialog's own key bar at the bottom (so the
footer under a dialog shows only keys that work there), and `?` for its keys. Each
returns its answer through `dismiss`. `AskText` and `Confirm` are the two small ones
every module uses; forms.py and lists.py build on `Dialog` too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.text import shown
from leantui.tui.kit.bars import KeyBar
from leantui.tui.kit.keys import Verb
from leantui.tui.kit.palette import VerbCommands

T = TypeVar("T")


class Dialog(ModalScreen[T], Generic[T]):
    """Subclasses yield their widgets from `body`; BOX names extra CSS classes of the
    box (its width: "wide", "narrow"). The title is stored text or not: it is shown
    through `shown` either way, never as markup."""

    BOX: ClassVar[str] = ""
    AUTO_FOCUS = "Input, TextArea, Choice, DataTable"  # the first field, not the box
    VERBS: ClassVar[tuple[Verb, ...]] = ()  # its keys and palette lines (keys.Verb)
    COMMANDS = {VerbCommands}
    BINDINGS = [
        Binding("question_mark", "help", t("app.key_help"), id="app.help", show=False),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes=f"dialog {self.BOX}".strip(), id="dialog"):
            yield Static(Text(shown(self.dialog_title)), classes="dialog-title")
            yield from self.body()
        yield KeyBar()

    def body(self) -> ComposeResult:
        yield from ()

    def retitle(self, title: str) -> None:
        """A new title, for a dialog kept built between uses (forms.kept)."""
        self.dialog_title = title
        if self.is_mounted:
            self.query_one(".dialog-title", Static).update(Text(shown(title)))

    def action_help(self) -> None:
        help_action = getattr(self.app, "action_help", None)
        if help_action is not None:
            help_action()


class AskText(Dialog[str | None]):
    """Ask for one line of text. `check` may raise LeanError: the message is shown under
    the field and the dialog stays open with what was typed."""

    BOX = "narrow"
    BINDINGS = [Binding("escape", "cancel", t("app.key_cancel"), id="dialog.cancel")]

    def __init__(
        self, title: str, label: str, value: str = "", check: Callable[[str], Any] | None = None
    ) -> None:
        super().__init__(title)
        self.label, self.value, self.check = label, value, check

    def body(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(self.value, id="answer", select_on_focus=False)
        yield Static("", id="error", classes="error")
        yield Static(t("app.dialog_hint"), classes="hint")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            if self.check is not None:
                self.check(event.value)
        except LeanError as exc:
            self.query_one("#error", Static).update(Text(exc.message()))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(Dialog[bool]):
    """A yes/no question; y or Enter says yes, n or Esc says no."""

    BOX = "narrow"
    BINDINGS = [
        Binding("y,enter", "answer(True)", t("app.key_yes"), id="dialog.yes"),
        Binding("n,escape", "answer(False)", t("app.key_no"), id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(question)

    def body(self) -> ComposeResult:
        yield Static(t("app.confirm_hint"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
