"""A stand-up record in words: who was there (and who was not), each stop with its
outcome, the actions made and the escalations raised. The summary before saving and a
past stand-up opened from the list draw it alike."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from leantui.core.i18n import t
from leantui.core.standup.rows import StandupRecord
from leantui.core.text import shown
from leantui.tui.kit.dialogs import Dialog
from leantui.tui.standup import cells


def _section(text: Text, title: str) -> None:
    if text:
        text.append("\n\n")
    text.append(title, style="bold underline")


def record_text(record: StandupRecord, attendance: bool = True) -> Text:
    """Head, attendance, then what came out of it (actions, escalations), then every
    stop with its mark. One line each, cut with an ellipsis: a list to scan."""
    text = Text(no_wrap=True, overflow="ellipsis")
    head = t(
        "standup_tui.record_head",
        team=shown(record.team_name),
        when=cells.when(record.started_at),
        took=cells.duration(record),
        lead=shown(record.led_by) or cells.NOTHING,
    )
    text.append(head, style="bold")
    if attendance:
        _section(text, t("standup_tui.present", count=len(record.present)))
        text.append("\n" + cells.names(record.present))
        _section(text, t("standup_tui.absent", count=len(record.absent)))
        text.append("\n" + cells.names(record.absent))
    _section(text, t("standup_tui.actions", count=len(record.actions)))
    for action in record.actions:
        text.append("\n+ " + t("standup_tui.action_line", **cells.action_args(action)))
    _section(text, t("standup_tui.escalations", count=len(record.escalations)))
    for escalation in record.escalations:
        text.append("\n! " + shown(escalation.stop_title), style="bold")
        text.append(" — " + shown(escalation.note))
        if escalation.cleared_at is not None:
            text.append(" " + t("standup_tui.cleared", when=cells.when(escalation.cleared_at)))
    discussed = sum(1 for stop in record.stops if stop.outcome == "discussed")
    _section(text, t("standup_tui.stops_discussed", n=discussed, total=len(record.stops)))
    for stop in record.stops:
        text.append(f"\n{cells.MARKS.get(stop.outcome, ' ')} ", style="bold")
        text.append(f"{cells.kind_label(stop)} · ", style="bold")
        text.append(shown(stop.title))
        if stop.why:
            text.append(" — " + shown(stop.why), style="dim")
    return text


class RecordView(Dialog[None]):
    BOX = "detail"
    AUTO_FOCUS = "#dialog"  # the arrow keys scroll a long record
    BINDINGS = [Binding("escape,q", "close", t("standup_tui.key_close"), id="standup.record_close")]

    def __init__(self, record: StandupRecord) -> None:
        super().__init__(t("standup_tui.record_title", id=record.id))
        self.record = record

    def body(self) -> ComposeResult:
        yield Static(record_text(self.record), id="record-body")

    def action_close(self) -> None:
        self.dismiss(None)
