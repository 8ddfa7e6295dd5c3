"""The stand-up's lists: the team to hold it for, and the team's past stand-ups (Enter
opens one)."""

from __future__ import annotations

from textual.binding import Binding

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.rows import TeamRow
from leantui.core.services import Database
from leantui.core.standup.rows import StandupRow
from leantui.core.text import shown
from leantui.tui.kit.lists import ListColumn, ListDialog
from leantui.tui.standup import cells


class PickTeam(ListDialog[int | None, TeamRow]):
    BINDINGS = [Binding("escape", "close", t("app.key_cancel"), id="standup.team_cancel")]
    columns = (ListColumn[TeamRow]("fields.team", lambda r: r.name, grow=True),)

    def __init__(self, teams: list[TeamRow], current: int | None) -> None:
        super().__init__(t("standup_tui.team_title"), t("standup_tui.team_hint"), str(current))
        self.teams = teams

    def read(self) -> list[TeamRow]:
        return self.teams

    def chosen(self, row: TeamRow) -> None:
        self.dismiss(row.id)


def _state(row: StandupRow) -> str:
    return cells.duration(row) if row.ended_at else t("standup_tui.running")


class PastStandups(ListDialog[None, StandupRow]):
    BOX = "wide"
    BINDINGS = [Binding("escape", "close", t("app.key_close"), id="standup.past_close")]
    empty = "standup_tui.no_standup_yet"
    columns = (
        ListColumn[StandupRow]("standup_tui.h_started", lambda r: cells.when(r.started_at)),
        ListColumn[StandupRow]("standup_tui.h_took", _state),
        ListColumn[StandupRow]("standup_tui.h_lead", lambda r: shown(r.led_by), grow=True),
    )

    def __init__(self, db: Database, team_id: int) -> None:
        super().__init__(t("standup_tui.past_title"), t("standup_tui.past_hint"))
        self.db, self.team_id = db, team_id

    def read(self) -> list[StandupRow]:
        from leantui.core.standup import services

        return services.list_standups(self.db, self.team_id)

    def chosen(self, row: StandupRow) -> None:
        from leantui.core.standup import services
        from leantui.tui.standup.record import RecordView

        try:
            record = services.show(self.db, row.id)
        except LeanError as exc:
            self.show_error(exc)
            return
        self.app.push_screen(RecordView(record))
