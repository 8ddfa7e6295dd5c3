"""Card detail: every field, the whole title and description, and the card's history
newest first, each event told in words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from leantui.core.i18n import fit, t
from leantui.core.kanban.rows import CardRecord
from leantui.core.services.events import HistoryEntry
from leantui.tui.kanban.forms import field_label, priority_label, source_label

NOTHING = "—"


def when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else NOTHING


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return NOTHING
    if field == "priority" and isinstance(value, int):
        return priority_label(value)
    if field == "source_type":
        return source_label(str(value))
    return fit(str(value).replace("\n", " "), 40)


def describe(entry: HistoryEntry) -> str:
    """One history entry as a sentence in the user's language."""
    p = entry.payload
    action = entry.action
    if action == "create":
        return t("board.h_create", column=p.get("column", NOTHING))
    if action == "move":
        text = t("board.h_move", source=p.get("from", NOTHING), target=p.get("to", NOTHING))
        if p.get("override_reason"):
            text += " · " + t("board.h_override", reason=p["override_reason"])
        if p.get("column_deleted"):
            text += " · " + t("board.h_column_deleted")
        return text
    if action == "edit":
        parts = [
            t(
                "board.h_change",
                field=field_label(name),
                old=_value(name, change[0]),
                new=_value(name, change[1]),
            )
            for name, change in p.items()
            if isinstance(change, list) and len(change) == 2
        ]
        return t("board.h_edit") + ("\n" + "\n".join(parts) if parts else "")
    if action == "reorder":
        return t("board.h_reorder_up") if p.get("delta", 0) < 0 else t("board.h_reorder_down")
    if action == "block":
        return t("board.h_block", reason=p.get("reason", ""))
    if action == "unblock":
        return t("board.h_unblock")
    if action == "archive":
        return t("board.h_archive")
    if action == "restore":
        return t("board.h_restore")
    if action == "delete":
        return t("board.h_delete")
    return action


def _date(day: date | None) -> str:
    return day.isoformat() if day else NOTHING


class CardDetail(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,v,space", "close", t("app.key_close"), id="kanban.detail_close"),
    ]

    def __init__(self, card: CardRecord, column: str, history: list[HistoryEntry]) -> None:
        super().__init__()
        self.card, self.column, self.history = card, column, history

    def compose(self) -> ComposeResult:
        card = self.card
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column()
        blocked = (
            t("board.blocked_since", reason=card.blocked_reason, since=when(card.blocked_since))
            if card.blocked
            else NOTHING
        )
        source = NOTHING
        if card.source_type:
            source = source_label(card.source_type)
            if card.source_id is not None:
                source += f" #{card.source_id}"
        for label, value in (
            (t("board.field_id"), f"#{card.id}"),
            (t("fields.column"), self.column),
            (t("fields.owner"), card.owner or NOTHING),
            (t("fields.tags"), card.tags.replace(",", ", ") or NOTHING),
            (t("fields.priority"), priority_label(card.priority)),
            (t("fields.due"), _date(card.due)),
            (t("board.field_blocked"), blocked),
            (t("fields.source_type"), source),
            (t("board.field_created"), when(card.created_at)),
            (t("board.field_started"), when(card.started_at)),
            (t("board.field_completed"), when(card.completed_at)),
            (t("board.field_moved"), when(card.moved_at)),
        ):
            fields.add_row(label, Text(value))
        history = Table.grid(padding=(0, 1))
        history.add_column(no_wrap=True, style="dim")
        history.add_column(no_wrap=True)
        history.add_column()
        for entry in self.history:
            history.add_row(when(entry.at), Text(entry.actor), Text(describe(entry)))
        with VerticalScroll(classes="dialog kanban-detail"):
            yield Static(Text(card.title), classes="dialog-title")
            yield Static(fields)
            if card.description:
                yield Static(t("fields.description"), classes="section-title")
                yield Static(Text(card.description))
            yield Static(t("board.history_title"), classes="section-title")
            yield Static(history if self.history else t("board.history_empty"))
            yield Static(t("board.detail_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
