"""The stand-up module's screen (key 6): safety first. For the chosen team it shows the
month's safety cross with today's state (`s` records it), the escalations still open
from earlier stand-ups (`c` clears one), and the last stand-up; Enter (or space, `n`)
begins the stand-up — or resumes today's unfinished one — and walks its stops
(walk.py). `t` picks another team (the app remembers it: the team of the newest
stand-up), `p` lists past stand-ups. Everything is read in a worker (reading.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from leantui.core import clock
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.rows import TeamRow
from leantui.core.standup.rows import (
    EscalationRow,
    Plan,
    SafetyDay,
    StandupRecord,
    StandupRow,
)
from leantui.core.text import shown
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn, ListTable
from leantui.tui.kit.screens import Context, ModuleScreen, lay_out_unseen
from leantui.tui.standup import cells
from leantui.tui.standup.cross import SafetyCross, state_label
from leantui.tui.standup.reading import ReadingScreen

if TYPE_CHECKING:
    from leantui.tui.standup.walk import WalkScreen

PLAN_EVERY = 4 * 60.0  # seconds: within services.PLAN_KEEPS
WALK = "standup-walk"  # the walk screen kept built in the app (_walk)


def verb(name: str, action: str, keys: str, show: bool = True, command: bool = True) -> Verb:
    """A stand-up verb: binding id standup.<name>, label standup_tui.key_<name>, palette
    title standup_tui.cmd_<name> and its _help line (unless `command` is False)."""
    return Verb(
        f"standup.{name}",
        action,
        keys,
        f"standup_tui.key_{name}",
        f"standup_tui.cmd_{name}" if command else "",
        f"standup_tui.cmd_{name}_help" if command else "",
        show,
    )


@dataclass
class Planned(Message):
    plan: Plan


@dataclass(frozen=True)
class Lobby:
    """What the screen shows for one team."""

    team: TeamRow | None
    teams: list[TeamRow]
    today: date
    month: list[SafetyDay | None]
    escalations: list[EscalationRow]
    recent: list[StandupRow]  # the team's stand-ups, newest first


def read_lobby(ctx: Context, team_id: int | None) -> Lobby:
    from leantui.core.services import workspace
    from leantui.core.standup import safety, services

    teams = workspace.list_teams(ctx.db)
    known = {team.id: team for team in teams}
    if team_id not in known:
        team_id = ctx.team_id if ctx.team_id in known else services.last_team(ctx.db)
    if team_id not in known:
        team_id = teams[0].id if teams else None
    today = clock.today()
    if team_id is None:
        return Lobby(None, teams, today, [], [], [])
    return Lobby(
        known[team_id],
        teams,
        today,
        safety.month(ctx.db, team_id, today.year, today.month),
        services.open_escalations(ctx.db, team_id),
        services.list_standups(ctx.db, team_id),
    )


class StandupScreen(ModuleScreen, ReadingScreen):
    VERBS = (
        verb("start", "start", "enter,space,n"),
        verb("safety", "safety", "s"),
        verb("clear", "clear", "c"),
        verb("team", "team", "t"),
        verb("past", "past", "p"),
        verb("down", "cursor(1)", "j,down", show=False, command=False),
        verb("up", "cursor(-1)", "k,up", show=False, command=False),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.lobby: Lobby | None = None
        self.team_id: int | None = None
        self.plan: Plan | None = None  # the agenda read ahead (_warm)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="lobby"):
            with Vertical(id="lobby-safety"):
                yield Static("", id="safety-title", classes="standup-section")
                yield SafetyCross(id="safety-cross")
                yield Static("", id="safety-today")
            with Vertical(id="lobby-side"):
                yield Static("", id="escalations-title", classes="standup-section")
                table: ListTable[EscalationRow] = ListTable(
                    id="escalations", cursor_type="row", zebra_stripes=False
                )
                table.can_focus = False  # the screen's keys move its cursor
                yield table
                yield Static("", id="escalation-note")
                yield Static("", id="last-standup")
        yield Static("", id="lobby-start")
        yield KeyBar()

    @property
    def table(self) -> ListTable[EscalationRow]:
        return self.query_one("#escalations", ListTable)

    def on_mount(self) -> None:
        self.table.set_columns(
            (
                ListColumn("standup_tui.h_raised", lambda r: cells.when(r.raised_at)[5:10]),
                ListColumn("standup_tui.h_stop", lambda r: r.stop_title, width=16),
                ListColumn("standup_tui.h_note", lambda r: r.note, grow=True),
            )
        )
        self.query_one(TitleBar).show(t("standup_tui.title"))
        self.load()
        self.set_interval(PLAN_EVERY, self._plan_again)

    def on_resize(self) -> None:
        self.call_after_refresh(self.table.fit)

    def on_screen_resume(self) -> None:
        """Back on it (from another module, or the walk): read it again, as changes
        may have been made elsewhere meanwhile."""
        if self.lobby is not None:
            self.load()

    def context_team(self) -> int | None:
        return self.team_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "safety", "past") and self.team_id is None:
            return False
        if action == "clear":
            return self.selected is not None
        if action == "team":
            return self.lobby is not None and len(self.lobby.teams) > 1
        return True

    # --- reading --------------------------------------------------------------------

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        ctx, team_id = self.ctx, self.team_id
        self.read("lobby", lambda: read_lobby(ctx, team_id))

    def took(self, what: str, value: Any) -> None:
        if what == "lobby":
            self.show_lobby(value)
            if self.team_id is not None:
                self._warm(self.team_id, self.plan)
        elif what == "begun":
            walk = self._walk()
            walk.start(value)
            self.app.push_screen(walk, self._walked)

    def _walk(self) -> WalkScreen:
        """The walk screen, kept in the app from one stand-up to the next: built once
        (while the lobby shows, `_build_walk`), it is only filled and drawn on Enter."""
        from leantui.tui.standup.walk import WalkScreen

        if not self.app.is_screen_installed(WALK):
            self.app.install_screen(WalkScreen(self.ctx), WALK)
        return cast("WalkScreen", self.app.get_screen(WALK))

    async def _build_walk(self) -> None:
        """Build the walk screen unseen, while the lobby alone shows and nothing is read
        (in a terminal: a test presses its keys at once, as for the capture form)."""
        if self.app.is_screen_installed(WALK) or not self.is_current or self.reading:
            return
        await lay_out_unseen(self.app, self._walk())

    @work(thread=True, exclusive=True, group="standup-warm", exit_on_error=False)
    def _warm(self, team_id: int, previous: Plan | None = None) -> None:
        """What Enter needs, made while the team looks at the safety cross: every
        module's stops hook (with its services and models) and the walk screen imported
        (on a cold start they cost more than the agenda itself), then the agenda read
        ahead, so that Enter only stores it (services.plan: `begin` reads it again
        when anything changed meanwhile; the `previous` one is kept while it holds)."""
        from leantui.core.standup import services
        from leantui.core.standup.agenda import load_hooks

        load_hooks()
        import leantui.tui.standup.walk  # noqa: F401

        try:
            planned = services.plan(self.db, team_id, self.settings, previous)
        except Exception:  # a head start only: Enter reads the agenda itself then
            return
        self.post_message(Planned(planned))

    def _plan_again(self) -> None:
        """Read ahead again before the plan gets too old to be taken (what only the
        clock changes: a card turning old)."""
        if self.team_id is not None and self.is_current:
            self._warm(self.team_id)

    def on_planned(self, message: Planned) -> None:
        if message.plan.team_id == self.team_id:
            self.plan = message.plan
        if not self.app.is_headless:
            self.app.call_later(self._build_walk)

    def show_lobby(self, lobby: Lobby) -> None:
        self.lobby = lobby
        self.team_id = lobby.team.id if lobby.team else None
        team = lobby.team.name if lobby.team else ""
        self.query_one(TitleBar).show(t("standup_tui.title"), f" · {team}" if team else "")
        today = lobby.today
        month = t("standup_tui.month", year=today.year, month=today.month)
        self.query_one("#safety-title", Static).update(t("standup_tui.safety_title", month=month))
        self.query_one(SafetyCross).show(today.year, today.month, lobby.month, today)
        self.query_one("#safety-today", Static).update(self._today_line(lobby))
        self.query_one("#escalations-title", Static).update(
            t("standup_tui.escalations_title", count=len(lobby.escalations))
        )
        table = self.table
        table.clear()
        for row in lobby.escalations:
            table.add(row, str(row.id))
        table.display = bool(lobby.escalations)
        self.call_after_refresh(table.fit)
        self._show_note()
        self.query_one("#last-standup", Static).update(self._last_line(lobby))
        self.query_one("#lobby-start", Static).update(self._start_line(lobby))
        self.refresh_bindings()

    def _today_line(self, lobby: Lobby) -> Text:
        entry = lobby.month[lobby.today.day - 1] if lobby.month else None
        if entry is None:
            return Text(t("standup_tui.today_missing"), style="bold reverse")
        line = Text(t("standup_tui.today_state", state=state_label(entry.state)), style="bold")
        if entry.note:
            line.append(" — " + shown(entry.note))
        return line

    def _last_line(self, lobby: Lobby) -> str:
        finished = [row for row in lobby.recent if row.ended_at is not None]
        if not finished:
            return t("standup_tui.no_standup_yet")
        last = finished[0]
        return t(
            "standup_tui.last_standup",
            when=cells.when(last.started_at),
            took=cells.duration(last),
            lead=shown(last.led_by) or cells.NOTHING,
        )

    def _start_line(self, lobby: Lobby) -> str:
        if lobby.team is None:
            return t("standup_tui.no_team")
        running = self.running_standup(lobby)
        if running is not None:
            return t("standup_tui.resume_hint", at=cells.clock_time(running.started_at))
        return t("standup_tui.start_hint", team=shown(lobby.team.name))

    @staticmethod
    def running_standup(lobby: Lobby) -> StandupRow | None:
        for row in lobby.recent:
            if row.ended_at is None and row.started_at.astimezone().date() == lobby.today:
                return row
        return None

    # --- the escalations ------------------------------------------------------------

    @property
    def selected(self) -> EscalationRow | None:
        rows = self.lobby.escalations if self.lobby else []
        index = self.table.cursor_row
        return rows[index] if 0 <= index < len(rows) else None

    def action_cursor(self, delta: int) -> None:
        table = self.table
        table.move_cursor(row=max(0, table.cursor_row + delta), animate=False)
        self._show_note()
        self.refresh_bindings()

    def _show_note(self) -> None:
        """The highlighted escalation's note in full (the table cuts it)."""
        row = self.selected
        note = self.query_one("#escalation-note", Static)
        note.update(
            Text(t("standup_tui.escalation_note", by=shown(row.raised_by), note=shown(row.note)))
            if row
            else ""
        )
        note.display = row is not None

    def action_clear(self) -> None:
        from leantui.core.standup import services
        from leantui.tui.kit.dialogs import Confirm

        row = self.selected
        if row is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                services.clear_escalation(self.db, row.id)
            except LeanError as exc:
                self.notify(exc.message(), severity="error")
            self.load()

        question = t("standup_tui.confirm_clear", title=row.stop_title, note=row.note)
        self.app.push_screen(Confirm(question), answer)

    # --- actions --------------------------------------------------------------------

    def action_start(self) -> None:
        """Begin (or resume) the team's stand-up: its agenda is read in the worker."""
        from leantui.core.standup import services

        team_id, db, settings, planned = self.team_id, self.db, self.settings, self.plan
        if team_id is None or (self.reading and self.read_for == "begun"):
            return  # (a key while the lobby is read again begins: that read is dropped)

        def begin() -> StandupRecord:
            return services.begin(db, team_id, settings=settings, planned=planned)

        self.read("begun", begin)

    def _walked(self, record: Any) -> None:
        """Back from the walk: finished (its record shown) or left for later."""
        self.load()
        if record is not None:
            from leantui.tui.standup.record import RecordView

            self.app.push_screen(RecordView(record))

    def action_safety(self) -> None:
        from leantui.tui.standup.forms import safety_form

        if self.team_id is None or self.lobby is None:
            return
        lobby = self.lobby
        entry = lobby.month[lobby.today.day - 1] if lobby.month else None

        def done(day: SafetyDay | None) -> None:
            if day is not None:
                self.load()

        self.app.push_screen(safety_form(self.db, self.team_id, lobby.today, entry), done)

    def action_team(self) -> None:
        from leantui.tui.standup.lists import PickTeam

        if self.lobby is None:
            return

        def done(team_id: int | None) -> None:
            if team_id is not None:
                self.team_id = team_id
                self.load()

        self.app.push_screen(PickTeam(self.lobby.teams, self.team_id), done)

    def action_past(self) -> None:
        from leantui.tui.standup.lists import PastStandups

        if self.team_id is not None:
            self.app.push_screen(PastStandups(self.db, self.team_id))
