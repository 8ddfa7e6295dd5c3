"""Card detail: every field, the whole title and description, and the card's history
newest first, each event told in words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from leantui.core.i18n import fit, t
from leantui.core.kanban.rows import CardRecord
from leantui.core.services.events import HistoryEntry
from leantui.core.text import shown, shown_block
from leantui.tui.kanban.forms import priority_label, source_label
from leantui.tui.kit.dialogs import Dialog

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
    return fit(shown(str(value)), 40)


def _over(payload: dict[str, Any]) -> str:
    """The reason given for going over a WIP limit, when there was one."""
    reason = payload.get("override_reason")
    return " · " + t("board.h_override", reason=reason) if reason else ""


def describe(entry: HistoryEntry) -> str:
    """One history entry as a sentence in the user's language. Any way into a full
    column (create, move, restore, a deleted column's cards) shows the reason given."""
    p = entry.payload
    action = entry.action
    if action == "create":
        return t("board.h_create", column=p.get("column", NOTHING)) + _over(p)
    if action == "move":
        text = t("board.h_move", source=p.get("from", NOTHING), target=p.get("to", NOTHING))
        if p.get("column_deleted"):
            text += " · " + t("board.h_column_deleted")
        return text + _over(p)
    if action == "edit":
        parts = [
            t(
                "board.h_change",
                field=t(f"fields.{name}"),
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
        column = p.get("column")
        text = t("board.h_restore_to", column=column) if column else t("board.h_restore")
        return text + _over(p)
    if action == "delete":
        return t("board.h_delete")
    return action


def _date(day: date | None) -> str:
    return day.isoformat() if day else NOTHING


class CardDetail(Dialog[None]):
    BOX = "detail"
    BINDINGS = [
        Binding("escape,q,v,space", "close", t("app.key_close"), id="kanban.detail_close"),
    ]

    def __init__(
        self,
        card: CardRecord,
        column: str,
        history: list[HistoryEntry],
        source: str | None = None,
    ) -> None:
        super().__init__(card.title)
        self.card, self.column, self.history = card, column, history
        self.source = source  # the source link in words (core.modules.describe_source)

    def body(self) -> ComposeResult:
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
            if self.source:
                source = self.source
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
            fields.add_row(label, Text(shown(value)))
        history = Table.grid(padding=(0, 1))
        history.add_column(no_wrap=True, style="dim")
        history.add_column(no_wrap=True)
        history.add_column()
        for entry in self.history:
            history.add_row(
                when(entry.at), Text(shown(entry.actor)), Text(shown_block(describe(entry)))
            )
        yield Static(fields)
        if card.description:
            yield Static(t("fields.description"), classes="section-title")
            yield Static(Text(shown_block(card.description)))
        yield Static(t("board.history_title"), classes="section-title")
        yield Static(history if self.history else t("board.history_empty"))
        yield Static(t("board.detail_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#dialog").focus()

    def action_close(self) -> None:
        self.dismiss(None)
