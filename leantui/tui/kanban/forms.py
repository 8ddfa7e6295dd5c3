"""The kanban forms: card, column, board and filter. Each is a ModalScreen that hands what
was typed to a `save` callback (which calls the service); a LeanError from it is shown
under the form, the field at fault gets the focus, and nothing typed is lost. The form
closes only when the save worked, returning what `save` returned."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from leantui.core.errors import LeanError, ValidationError
from leantui.core.i18n import t
from leantui.core.kanban.rules import COLUMN_KINDS

T = TypeVar("T")

PRIORITY_KEYS = ("board.priority_0", "board.priority_1", "board.priority_2", "board.priority_3")
SOURCE_TYPES = ("5s_audit_item", "pdca", "kaizen", "andon")


def priority_label(value: int) -> str:
    return t(PRIORITY_KEYS[value]) if 0 <= value < len(PRIORITY_KEYS) else str(value)


def kind_label(kind: str) -> str:
    return {
        "backlog": t("board.kind_backlog"),
        "queue": t("board.kind_queue"),
        "active": t("board.kind_active"),
        "done": t("board.kind_done"),
    }.get(kind, kind)


def source_label(source: str) -> str:
    return {
        "5s_audit_item": t("board.source_5s"),
        "pdca": t("board.source_pdca"),
        "kaizen": t("board.source_kaizen"),
        "andon": t("board.source_andon"),
    }.get(source, source)


def field_label(field: str) -> str:
    return {
        "title": t("fields.title"),
        "description": t("fields.description"),
        "owner": t("fields.owner"),
        "tags": t("fields.tags"),
        "priority": t("fields.priority"),
        "due": t("fields.due"),
        "source_type": t("fields.source_type"),
        "source_id": t("fields.source_id"),
        "name": t("fields.name"),
        "kind": t("fields.kind"),
        "wip_limit": t("fields.wip_limit"),
        "policy": t("fields.policy"),
        "team": t("fields.team"),
    }.get(field, field)


class FormScreen(ModalScreen[T], Generic[T]):
    """A titled grid of labelled fields. Subclasses yield rows from `fields()` (widgets
    with id "f-<service field name>") and read them back in `values()`."""

    BINDINGS = [
        Binding("ctrl+s", "save", t("board.key_save"), id="kanban.form_save"),
        Binding("escape", "cancel", t("app.key_cancel"), id="kanban.form_cancel"),
    ]

    def __init__(self, title: str, save: Callable[[dict[str, Any]], T]) -> None:
        super().__init__()
        self.form_title = title
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog kanban-form"):
            yield Static(self.form_title, classes="dialog-title")
            with Vertical(classes="form-rows"):
                yield from self.fields()
            yield Static("", id="error", classes="error")
            yield Static(self.hint(), classes="hint")

    def hint(self) -> str:
        return t("board.form_hint")

    def fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def row(self, field: str, widget: Widget) -> Iterable[Widget]:
        widget.id = f"f-{field}"
        yield Horizontal(
            Label(field_label(field), classes="form-label"), widget, classes="form-row"
        )

    def on_mount(self) -> None:
        labels = list(self.query(".form-label").results(Label))
        width = max((cell_len(str(label.content)) for label in labels), default=0)
        for label in labels:
            label.styles.width = width + 1
        for widget in self.query(".form-rows *"):
            if widget.focusable:
                widget.focus()
                break

    def text_of(self, field: str) -> str:
        return self.query_one(f"#f-{field}", Input).value

    def choice_of(self, field: str) -> Any:
        value = self.query_one(f"#f-{field}", Select).value
        return None if value is Select.NULL else value

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        error = self.query_one("#error", Static)
        try:
            result = self.save(self.values())
        except LeanError as exc:
            error.update(exc.message())
            error.display = True
            if isinstance(exc, ValidationError) and exc.field:
                for widget in self.query(f"#f-{exc.field}"):
                    widget.focus()
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CardForm(FormScreen[T]):
    """Every editable field of a card. `values` holds the current ones when editing."""

    def __init__(
        self,
        title: str,
        save: Callable[[dict[str, Any]], T],
        values: dict[str, Any] | None = None,
        owners: Iterable[str] = (),
    ) -> None:
        super().__init__(title, save)
        self.initial = values or {}
        self.owners = sorted({o for o in owners if o})

    def fields(self) -> Iterable[Widget]:
        v = self.initial
        yield from self.row("title", Input(v.get("title", ""), compact=True))
        description = TextArea(v.get("description", ""), compact=True, soft_wrap=True)
        yield from self.row("description", description)
        suggester = SuggestFromList(self.owners, case_sensitive=False) if self.owners else None
        yield from self.row("owner", Input(v.get("owner", ""), compact=True, suggester=suggester))
        yield from self.row(
            "tags", Input(v.get("tags", ""), placeholder=t("board.tags_hint"), compact=True)
        )
        priorities = [(priority_label(p), p) for p in range(4)]
        yield from self.row(
            "priority",
            Select(priorities, value=v.get("priority", 0), allow_blank=False, compact=True),
        )
        yield from self.row(
            "due", Input(v.get("due", ""), placeholder=t("board.date_hint"), compact=True)
        )
        current = v.get("source_type", "")
        kinds = [*SOURCE_TYPES, *([current] if current and current not in SOURCE_TYPES else [])]
        yield from self.row(
            "source_type",
            Select(
                [(source_label(k), k) for k in kinds],
                value=current or Select.NULL,
                prompt=t("board.source_none"),
                compact=True,
            ),
        )
        source_id = v.get("source_id")
        yield from self.row(
            "source_id", Input("" if source_id is None else str(source_id), compact=True)
        )

    def values(self) -> dict[str, Any]:
        return {
            "title": self.text_of("title"),
            "description": self.query_one("#f-description", TextArea).text,
            "owner": self.text_of("owner"),
            "tags": self.text_of("tags"),
            "priority": self.choice_of("priority") or 0,
            "due": self.text_of("due"),
            "source_type": self.choice_of("source_type") or "",
            "source_id": self.text_of("source_id"),
        }


class ColumnForm(FormScreen[T]):
    def __init__(
        self,
        title: str,
        save: Callable[[dict[str, Any]], T],
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(title, save)
        self.initial = values or {}

    def fields(self) -> Iterable[Widget]:
        v = self.initial
        yield from self.row("name", Input(v.get("name", ""), compact=True))
        kinds = [(kind_label(k), k) for k in COLUMN_KINDS]
        yield from self.row(
            "kind", Select(kinds, value=v.get("kind", "queue"), allow_blank=False, compact=True)
        )
        limit = v.get("wip_limit")
        yield from self.row(
            "wip_limit",
            Input(
                "" if limit is None else str(limit),
                placeholder=t("board.wip_hint"),
                compact=True,
            ),
        )
        yield from self.row("policy", Input(v.get("policy", ""), compact=True))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.text_of("name"),
            "kind": self.choice_of("kind") or "queue",
            "wip_limit": self.text_of("wip_limit"),
            "policy": self.text_of("policy"),
        }


class BoardForm(FormScreen[T]):
    def __init__(
        self,
        title: str,
        save: Callable[[dict[str, Any]], T],
        teams: list[tuple[str, int]],
        name: str = "",
        team_id: int | None = None,
    ) -> None:
        super().__init__(title, save)
        self.teams, self.board_name, self.team_id = teams, name, team_id

    def fields(self) -> Iterable[Widget]:
        yield from self.row("name", Input(self.board_name, compact=True))
        yield from self.row(
            "team",
            Select(
                self.teams,
                value=self.team_id if self.team_id is not None else Select.NULL,
                prompt=t("board.no_team"),
                compact=True,
            ),
        )

    def values(self) -> dict[str, Any]:
        return {"name": self.text_of("name"), "team_id": self.choice_of("team")}


class FilterForm(FormScreen[T]):
    """One line of filter words; the hint explains them."""

    def __init__(self, save: Callable[[dict[str, Any]], T], query: str = "") -> None:
        super().__init__(t("board.filter_title"), save)
        self.query_text = query

    def hint(self) -> str:
        return t("board.filter_hint")

    def fields(self) -> Iterable[Widget]:
        yield Label(t("board.filter_label"))
        yield Input(
            self.query_text, placeholder=t("board.filter_placeholder"), id="f-query", compact=True
        )

    def values(self) -> dict[str, Any]:
        return {"query": self.text_of("query")}
