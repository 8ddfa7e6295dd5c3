"""The end of a stand-up: who attended — the team's people, all ticked at first; space
unticks whoever is absent — beside what was discussed, the actions made and the
escalations raised. Ctrl+S (or `f`) saves it as the stand-up's record (services.finish);
Esc goes back to the stops."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, SelectionList, Static

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.standup.rows import StandupRecord
from leantui.core.text import shown
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.palette import VerbCommands
from leantui.tui.kit.screens import Context
from leantui.tui.standup.lobby import verb
from leantui.tui.standup.record import record_text
from leantui.tui.standup.walk import WIDE


class SummaryScreen(Screen[StandupRecord | None]):
    VERBS: ClassVar[tuple[Verb, ...]] = (
        Verb(
            "standup.save",
            "save",
            "ctrl+s,f",
            "standup_tui.key_save",
            "standup_tui.cmd_save",
            "standup_tui.cmd_save_help",
            priority=True,
        ),
        verb("summary_back", "back", "escape"),
    )
    BINDINGS = bindings(VERBS)
    COMMANDS = {VerbCommands}
    AUTO_FOCUS = "SelectionList"

    def __init__(self, ctx: Context, record: StandupRecord) -> None:
        super().__init__()
        self.ctx = ctx
        self.record = record

    def compose(self) -> ComposeResult:
        from leantui.core.services import workspace

        people = workspace.people(self.ctx.db, self.record.team_id)
        yield TitleBar()
        with Horizontal(id="summary"):
            with Vertical(id="attendance"):
                yield Static(t("standup_tui.attendance_title"), classes="standup-section")
                yield SelectionList[str](
                    *((shown(name), name, True) for name in people), id="attendees"
                )
                yield Static(t("standup_tui.attendance_hint"), classes="hint")
            with VerticalScroll(id="summary-body"):
                with Horizontal(id="summary-tally"):
                    for value, label in self.tally():
                        with Vertical(classes="tally"):
                            yield Digits(value)
                            yield Static(label)
                yield Static(record_text(self.record, attendance=False))
        yield Static("", id="summary-error", classes="error")
        yield KeyBar()

    def on_mount(self) -> None:
        team = shown(self.record.team_name)
        self.query_one(TitleBar).show(t("standup_tui.summary_title"), f" · {team}")

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    def tally(self) -> list[tuple[str, str]]:
        """What came out of it, in big digits for the room: stops discussed, actions,
        escalations."""
        record = self.record
        discussed = sum(1 for stop in record.stops if stop.outcome == "discussed")
        return [
            (f"{discussed}", t("standup_tui.tally_discussed", total=len(record.stops))),
            (f"{len(record.actions)}", t("standup_tui.tally_actions")),
            (f"{len(record.escalations)}", t("standup_tui.tally_escalations")),
        ]

    @property
    def attendees(self) -> SelectionList[str]:
        return self.query_one("#attendees", SelectionList)

    def action_save(self) -> None:
        from leantui.core.standup import services

        listed = self.attendees
        present = list(listed.selected)
        absent = [
            listed.get_option_at_index(i).value
            for i in range(listed.option_count)
            if listed.get_option_at_index(i).value not in present
        ]
        try:
            record = services.finish(self.ctx.db, self.record.id, present, absent)
        except LeanError as exc:
            self.query_one("#summary-error", Static).update(exc.message())
            return
        self.dismiss(record)

    def action_back(self) -> None:
        self.dismiss(None)
