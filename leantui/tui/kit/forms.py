"""Declarative forms. A form is a list of `Field`s, each declared once: its label, the
widget kind, how to load it from a row, how to turn what was typed into the service's
argument, and a hint ("YYYY-MM-DD", "digits only"). `FormScreen` lays them out in a grid
(labels in an `auto` column, so they align by display width with no measuring in code),
hands the values to a `save` callback, and shows a LeanError from it at the field it
names (ValidationError.field), focusing that field. Validation stays in the services;
nothing typed is lost, and the form closes only when the save worked."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from leantui.core.errors import LeanError, ValidationError
from leantui.core.i18n import fit, t
from leantui.core.text import shown
from leantui.tui.kit.dialogs import Dialog

T = TypeVar("T")
F = TypeVar("F", bound="FormScreen[Any]")
Choices = list[tuple[str, Any]]  # (label, value)

TEXT, LINES, CHOICE = "text", "lines", "choice"


@dataclass(frozen=True)
class Field:
    """One field of a form."""

    name: str  # the service's argument; the widget's id is "f-<name>"
    label: str  # translation key of its label
    kind: str = TEXT  # TEXT, LINES (several lines) or CHOICE
    hint: str = ""  # translation key of the hint shown while it is empty
    load: Callable[[Any], Any] | None = None  # row -> value shown (default: the attribute)
    dump: Callable[[Any], Any] | None = None  # value typed or chosen -> service argument
    choices: Callable[[], Choices] | None = None  # CHOICE: (label, value) pairs
    blank: str = ""  # CHOICE: translation key of "none" (then None is a choice)
    error_name: str = ""  # the field name service errors use, when not `name`
    default: Any = None  # the value of a new record

    def initial(self, row: Any) -> Any:
        if row is None:
            return self.default
        if self.load is not None:
            return self.load(row)
        return getattr(row, self.name) if not isinstance(row, Mapping) else row.get(self.name)

    def value(self, raw: Any) -> Any:
        return self.dump(raw) if self.dump is not None else raw


class Choice(Widget, can_focus=True):
    """One of a few values, chosen with ←/→ (or space): no dropdown to draw outside
    its dialog. Enter submits the form like Enter in a text field."""

    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right,space", "step(1)", show=False),
        Binding("enter", "submit", show=False),
    ]
    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        background: $boost;
        &:focus { background: $primary 25%; text-style: bold; }
    }
    """

    index: reactive[int] = reactive(0)

    class Submitted(Message):
        pass

    def __init__(self, choices: Choices, value: Any = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = choices
        values = [v for _, v in choices]
        self.set_reactive(Choice.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> Any:
        return self.choices[self.index][1] if self.choices else None

    def refill(self, choices: Choices, value: Any) -> None:
        self.choices = choices
        values = [v for _, v in choices]
        self.index = values.index(value) if value in values else 0
        self.refresh()

    def action_step(self, delta: int) -> None:
        if self.choices:
            self.index = (self.index + delta) % len(self.choices)

    def action_submit(self) -> None:
        self.post_message(self.Submitted())

    def on_click(self, event: events.Click) -> None:
        self.action_step(-1 if event.x < 2 else 1)

    def render(self) -> Text:
        width = max(4, self.content_region.width)
        label = self.choices[self.index][0] if self.choices else ""
        text = Text(no_wrap=True, end="")
        text.append("◀ ", style="dim")
        text.append(fit(shown(label), width - 4))
        text.append(" " * max(0, width - 4 - cell_len(fit(shown(label), width - 4))))
        text.append(" ▶", style="dim")
        return text


def _completions(suggestions: Mapping[str, Iterable[str]] | None) -> dict[str, list[str]]:
    return {k: sorted({s for s in v if s}) for k, v in (suggestions or {}).items()}


class FormScreen(Dialog[T], Generic[T]):
    """A titled grid of fields. `row` (an object or a mapping) fills them; `choices`
    and `suggestions` give run-time choices and completions by field name."""

    BOX = "form"
    BINDINGS = [
        Binding("ctrl+s", "save", t("app.key_save"), id="form.save"),
        Binding("escape", "cancel", t("app.key_cancel"), id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        save: Callable[[dict[str, Any]], T],
        row: Any = None,
        *,
        choices: Mapping[str, Choices] | None = None,
        suggestions: Mapping[str, Iterable[str]] | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(title)
        self.in_use = False  # kept built and open (kept())
        self.fields = list(fields)
        self.save = save
        self.row = row
        self.choices = dict(choices or {})
        self.suggestions = _completions(suggestions)
        self.hint = hint or t("app.form_hint")

    # --- building -----------------------------------------------------------------

    def body(self) -> ComposeResult:
        with Grid(classes="form-grid"):
            for field in self.fields:
                yield Label(t(field.label), classes="form-label")
                with Vertical(classes="field", id=f"field-{field.name}"):
                    yield self.widget(field)
                    yield Static("", classes="field-error")
        yield Static("", id="error", classes="error")
        yield Static(self.hint, classes="hint")

    def widget(self, field: Field) -> Widget:
        widget_id = f"f-{field.name}"
        if field.kind == CHOICE:
            return Choice(self.options(field), field.initial(self.row), id=widget_id)
        placeholder = t(field.hint) if field.hint else ""
        if field.kind == LINES:
            text = self.text(field)
            return TextArea(
                text, id=widget_id, compact=True, soft_wrap=True, placeholder=placeholder
            )
        return Input(
            self.text(field),
            placeholder=placeholder,
            id=widget_id,
            compact=True,
            suggester=self.suggester(field),
            select_on_focus=False,
        )

    def options(self, field: Field) -> Choices:
        """A choice field's (label, value) pairs, the value it shows always among them."""
        value = field.initial(self.row)
        options = list(self.choices.get(field.name) or (field.choices() if field.choices else []))
        if field.blank:
            options = [(t(field.blank), None), *options]
        if value is not None and value not in [v for _, v in options]:
            options.append((str(value), value))  # a stored value no longer offered
        return options

    def text(self, field: Field) -> str:
        value = field.initial(self.row)
        return "" if value is None else str(value)

    def suggester(self, field: Field) -> SuggestFromList | None:
        found = self.suggestions.get(field.name)
        return SuggestFromList(found, case_sensitive=False) if found else None

    # --- opening again ------------------------------------------------------------

    def refill(
        self,
        row: Any = None,
        *,
        choices: Mapping[str, Choices] | None = None,
        suggestions: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """Show `row` (None: a new record) as if the form were new, for a form that is
        kept built between uses (`kept`): no error, the cursor in the first field."""
        self.row = row
        self.choices = dict(choices or {})
        self.suggestions = _completions(suggestions)
        if not self.is_mounted:
            return  # compose() builds it from these
        for field in self.fields:
            widget = self.query_one(f"#f-{field.name}")
            if isinstance(widget, Choice):
                widget.refill(self.options(field), field.initial(self.row))
            elif isinstance(widget, TextArea):
                widget.text = self.text(field)
            elif isinstance(widget, Input):
                widget.value = self.text(field)
                widget.suggester = self.suggester(field)
        self.show_error(None)
        self.query_one("#dialog").scroll_home(animate=False)
        self.query_one(f"#f-{self.fields[0].name}").focus()

    @on(events.DescendantFocus)
    def _typing_goes_at_the_end(self, event: events.DescendantFocus) -> None:
        """Tab into a text of several lines puts the cursor after what is there."""
        if isinstance(event.widget, TextArea):
            area = event.widget
            area.move_cursor(area.document.end)

    # --- reading ------------------------------------------------------------------

    def raw(self, field: Field) -> Any:
        widget = self.query_one(f"#f-{field.name}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Input | Choice):
            return widget.value
        raise TypeError(field.kind)

    def values(self) -> dict[str, Any]:
        return {field.name: field.value(self.raw(field)) for field in self.fields}

    # --- saving -------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Choice.Submitted)
    def submitted(self, event: Message) -> None:
        event.stop()
        self.action_save()

    def show_error(self, exc: LeanError | None) -> None:
        """`exc` at the field it names (focused), or under the form; None clears."""
        for box in self.query(".field.-error"):
            box.remove_class("-error")
        general = self.query_one("#error", Static)
        general.display = False
        if exc is None:
            return
        message = Text(exc.message())
        name = exc.field if isinstance(exc, ValidationError) else ""
        field = next((f for f in self.fields if name and name in (f.name, f.error_name)), None)
        if field is None:
            general.update(message)
            general.display = True
            return
        box = self.query_one(f"#field-{field.name}")
        box.add_class("-error")
        box.query_one(".field-error", Static).update(message)
        self.query_one(f"#f-{field.name}").focus()

    def action_save(self) -> None:
        try:
            result = self.save(self.values())
        except LeanError as exc:
            self.show_error(exc)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        self.in_use = False
        return super().dismiss(result)


def kept(app: App[Any], name: str, build: Callable[[], F]) -> F:
    """The form kept built in `app` under `name` (made by `build` the first time), for
    a form opened often (the kaizen quick capture): refilled (`refill`) and shown again,
    it draws in a third of the time that building its widgets anew takes. While it is
    still open (left under another module's screens), a new one."""
    if not app.is_screen_installed(name):
        app.install_screen(build(), name)
    form = cast(F, app.get_screen(name))
    if form.in_use:
        return build()
    form.in_use = True
    return form
