"""The stand-up itself: its stops one at a time, each with why it stops, under a timer
that is always on screen. Space or `n` goes on, `b` back; `d` marks the stop discussed
and goes on; `a` adds an action card linked to the stop, `e` escalates it with a note,
`m` moves its card to another column, `k` logs a kaizen idea; `f` (or `n` after the
last stop) ends with the summary (summary.py), Esc leaves it to be resumed. Each key is
one service call on one record (quick on the local database); going from stop to stop
reads nothing. From 120 columns the agenda is listed beside the stop: a window of it
around the current stop (a board of thousands of cards makes thousands of stops, and a
table row costs its cells' measuring)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Static

from leantui.core.errors import LeanError
from leantui.core.i18n import fit, t
from leantui.core.standup.rows import ActionRow, EscalationRow, StandupRecord, Stop
from leantui.core.text import shown
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import bindings
from leantui.tui.kit.lists import ListColumn, ListTable
from leantui.tui.kit.palette import VerbCommands
from leantui.tui.kit.screens import Context
from leantui.tui.standup import cells
from leantui.tui.standup.lobby import verb
from leantui.tui.standup.timer import StandupTimer

WIDE = 120  # columns: from here the agenda is listed beside the stop
WINDOW = 60  # agenda rows listed at a time: a screen of them and more (200x50 shows 44)
BEFORE = 10  # of them before the current stop, when the window moves
ALARMS = ("escalation", "blocked", "over_wip", "card_blocked")  # shown in the error colour


class WalkScreen(Screen[StandupRecord | None]):
    """Dismissed with the saved record once finished, or None when left for later. Made
    without a record, it waits for `start`."""

    VERBS = (
        verb("next", "step(1)", "n,space"),
        verb("back", "step(-1)", "b"),
        verb("discussed", "discussed", "d"),
        verb("action", "action", "a"),
        verb("escalate", "escalate", "e"),
        verb("finish", "finish", "f"),
        verb("move", "move", "m"),
        verb("kaizen", "kaizen", "k"),
        verb("leave", "leave", "escape", show=False),
    )
    BINDINGS = bindings(VERBS)
    COMMANDS = {VerbCommands}

    def __init__(self, ctx: Context, record: StandupRecord | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self._record = record
        self.stops: list[Stop] = []
        self.actions: list[ActionRow] = []
        self.escalations: list[EscalationRow] = []
        self.index = 0
        # Wide or not from the start: set once mounted, it would style the whole
        # screen again and lay it out twice before its first frame.
        self._wide = self.app.size.width >= WIDE
        self.set_class(self._wide, "-wide", update=False)
        self._window = 0  # the first stop the agenda lists
        self._keys: tuple[bool, bool, bool] | None = None  # _key_state last drawn
        if record is not None:
            self.start(record)

    @property
    def record(self) -> StandupRecord:
        assert self._record is not None, "a walk screen is shown once started"
        return self._record

    def start(self, record: StandupRecord) -> None:
        """Walk `record`, from its first stop not yet discussed (resumed), else its
        first; drawn now when the screen is built already, else once mounted."""
        self._record = record
        self.stops = list(record.stops)
        self.actions = list(record.actions)
        self.escalations = list(record.escalations)
        open_stops = [i for i, stop in enumerate(self.stops) if not stop.outcome]
        self.index = open_stops[0] if open_stops else 0
        self._window, self._keys = 0, None
        if self.is_mounted:
            self._show_start()

    def _show_start(self) -> None:
        """The first stop first, the agenda beside it a frame later: drawing its rows
        costs the first frame more than everything else on the screen."""
        self._set_wide(self.app.size.width >= WIDE)  # (the terminal resized meanwhile)
        self.timer.start(self.record.started_at, self.record.minutes)
        self.agenda.clear()
        self.query_one("#stop-panel").scroll_home(animate=False)
        self.show_stop(agenda=False)
        self.call_after_refresh(self._show_agenda)
        self.call_after_refresh(self._redraw_progress)  # (another time box: another width)

    @property
    def db(self) -> Any:
        return self.ctx.db

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="walk-head"):
            yield Static("", id="stop-progress")
            # Started with the stand-up (`start`); its time box as a new one's, so
            # that the progress marks beside it are laid out at their width.
            yield StandupTimer(None, self.ctx.settings.standup.minutes)
        with Horizontal(id="walk-body"):
            agenda: ListTable[Stop] = ListTable(id="agenda", cursor_type="row")
            agenda.can_focus = False
            yield agenda
            with VerticalScroll(id="stop-panel"):
                yield Static("", id="stop-kind")
                yield Static("", id="stop-title")
                yield Static("", id="stop-why")
                yield Static("", id="stop-facts")
                yield Static("", id="stop-outcome")
                yield Static("", id="stop-actions")
        yield KeyBar()

    @property
    def agenda(self) -> ListTable[Stop]:
        return self.query_one("#agenda", ListTable)

    @property
    def stop(self) -> Stop | None:
        return self.stops[self.index] if 0 <= self.index < len(self.stops) else None

    @property
    def timer(self) -> StandupTimer:
        return self.query_one(StandupTimer)

    def context_team(self) -> int | None:
        return self.record.team_id

    def on_mount(self) -> None:
        self.agenda.set_columns(
            (
                ListColumn("standup_tui.h_number", lambda s: str(s.position + 1), right=True),
                ListColumn("standup_tui.h_mark", self._mark),
                ListColumn("standup_tui.h_kind", cells.kind_label),
                ListColumn("standup_tui.h_stop", lambda s: s.title, grow=True),
            )
        )
        if self._record is not None:
            self._show_start()

    def on_resize(self) -> None:
        self._set_wide(self.size.width >= WIDE)
        self.call_after_refresh(self.agenda.fit)
        self.call_after_refresh(self._redraw_progress)

    def _set_wide(self, wide: bool) -> None:
        if wide != self._wide:
            self._wide = wide
            self.set_class(wide, "-wide")

    def _redraw_progress(self) -> None:
        self._put("#stop-progress", self._progress(), layout=False)  # its height is fixed

    def _put(self, selector: str, content: Text | str, layout: bool = True) -> None:
        """A part of the panel, updated only when it changes: an update lays the screen
        out and draws it again, and from one stop to the next most parts stay."""
        static = self.query_one(selector, Static)
        if static.content != content:
            static.update(content, layout=layout)

    def _key_state(self) -> tuple[bool, bool, bool]:
        """What the keys depend on: a stop shown, a card to move, a stop before it."""
        stop = self.stop
        return stop is not None, stop is not None and stop.card_id is not None, self.index > 0

    def _refresh_keys(self) -> None:
        """The key bar redrawn only when a key comes or goes (it is the screen's last
        line: redrawn, it makes every frame a whole screen)."""
        state = self._key_state()
        if state != self._keys:
            self._keys = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        has_stop, has_card, has_before = self._key_state()
        if action in ("discussed", "action", "escalate"):
            return has_stop
        if action == "move":
            return has_card
        if action == "step" and parameters == (-1,):
            return has_before
        return True

    # --- drawing ------------------------------------------------------------------------

    def _mark(self, stop: Stop) -> Text:
        escalated = any(e.stop_id == stop.id for e in self.escalations)
        acted = any(a.stop_id == stop.id for a in self.actions)
        text = Text(cells.MARKS.get(stop.outcome, " "), style="bold")
        text.append("!" if escalated else " ", style="bold")
        text.append("+" if acted else " ", style="bold")
        return text

    def _fill_agenda(self) -> None:
        """The window of the agenda the current stop is in (moved when it leaves it)."""
        if self._window <= self.index < self._window + WINDOW and self.agenda.row_count:
            return
        self._window = max(0, self.index - BEFORE)
        agenda = self.agenda
        agenda.clear()
        for stop in self.stops[self._window : self._window + WINDOW]:
            agenda.add(stop, str(stop.id))
        agenda.fit(self._agenda_room())

    def _agenda_room(self) -> int:
        """The agenda's room for its columns before it is laid out: its width in the
        stylesheet (it has no scrollbar). Fitted only once laid out, its first frame
        would be drawn twice."""
        width = self.agenda.styles.width
        return int(width.value) if width is not None and width.is_cells else 0

    def _agenda_row(self) -> int | None:
        row = self.index - self._window
        return row if 0 <= row < self.agenda.row_count else None

    def show_stop(self, agenda: bool = True) -> None:
        """The stop at `index` (or the end of the agenda) into the panel, and the agenda
        around it unless told not to."""
        stop, total = self.stop, len(self.stops)
        team = shown(self.record.team_name)
        where = t("standup_tui.stop_of", n=self.index + 1, total=total) if stop else ""
        self.query_one(TitleBar).show(
            t("standup_tui.title"), f" · {team}" + (f" · {where}" if where else "")
        )
        self._redraw_progress()
        kind = self.query_one("#stop-kind", Static)
        if stop is None:
            self._put("#stop-kind", t("standup_tui.end_kind"))
            kind.set_class(False, "-alarm")
            message = "standup_tui.nothing_to_see" if not total else "standup_tui.end_title"
            self._put("#stop-title", Text(t(message)))
            self._put("#stop-why", t("standup_tui.end_hint"))
            self._put("#stop-facts", "")
            self._put("#stop-outcome", "")
            self._put("#stop-actions", "")
            self._refresh_keys()
            return
        self._put("#stop-kind", f"{cells.module_label(stop.module)} · {cells.kind_label(stop)}")
        kind.set_class(stop.kind in ALARMS, "-alarm")
        self._put("#stop-title", Text(shown(stop.title)))
        self._put("#stop-why", Text(shown(stop.why)))
        self._put("#stop-facts", self._facts(stop))
        self._show_outcome(stop)
        if agenda:
            self._show_agenda()
        self._refresh_keys()

    def _show_agenda(self) -> None:
        if self.stop is None:
            return
        self._fill_agenda()
        row = self._agenda_row()
        if row is not None:
            self.agenda.move_cursor(row=row, animate=False)

    def _facts(self, stop: Stop) -> str:
        parts = [f"#{stop.entity_id}"]
        if stop.since is not None:
            parts.append(t("standup_tui.since", when=cells.when(stop.since)))
        return " · ".join(parts)

    def _progress(self) -> Text:
        """A mark a stop (filled once discussed, the current one reversed); when they
        outnumber the cells, a mark stands for a run of stops, filled when all are.
        Marks alike are appended as one run: a few spans, however many stops."""
        text = Text(no_wrap=True, overflow="crop")
        total = len(self.stops)
        room = self.query_one("#stop-progress").size.width or self.size.width - 24
        width = min(total, max(10, room))
        run, run_style = "", ""
        for cell in range(width):
            first, end = cell * total // width, (cell + 1) * total // width
            done = all(s.outcome == "discussed" for s in self.stops[first:end])
            current = first <= self.index < end
            style = "bold reverse" if current else "bold" if done else "dim"
            if style != run_style and run:
                text.append(run, style=run_style)
                run = ""
            run, run_style = run + ("●" if done else "○"), style
        text.append(run, style=run_style)
        return text

    def _show_outcome(self, stop: Stop) -> None:
        outcome = Text(cells.outcome_label(stop.outcome), style="bold")
        if stop.note:
            outcome.append(" — " + shown(stop.note))
        for escalation in self.escalations:
            if escalation.stop_id == stop.id:
                outcome.append("\n")
                outcome.append(t("standup_tui.escalated", note=shown(escalation.note)))
        self._put("#stop-outcome", outcome)
        lines = Text()
        for action in self.actions:
            if action.stop_id == stop.id:
                if lines:
                    lines.append("\n")
                lines.append(t("standup_tui.action_line", **cells.action_args(action)))
        self._put("#stop-actions", lines)

    def _replace(self, stop: Stop) -> None:
        self.stops[self.index] = stop
        row = self._agenda_row()
        if row is not None:
            self.agenda.update_cell_at(Coordinate(row, 1), self._mark(stop))

    def _error(self, exc: LeanError) -> None:
        self.notify(exc.message(), severity="error")

    # --- walking ------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        """To the next or previous stop; on from the last one to the summary."""
        index = max(0, self.index + delta)
        if delta > 0 and index >= len(self.stops):
            self.action_finish()
            return
        self.index = index
        self.show_stop()

    def action_discussed(self) -> None:
        from leantui.core.standup import services

        stop = self.stop
        if stop is None:
            return
        try:
            self._replace(services.mark(self.db, stop.id, "discussed"))
        except LeanError as exc:
            self._error(exc)
            return
        self.action_step(1)

    def action_escalate(self) -> None:
        from leantui.core.standup import services
        from leantui.tui.kit.dialogs import AskText

        stop = self.stop
        if stop is None:
            return

        def check(note: str) -> None:
            self.escalations.append(services.escalate(self.db, stop.id, note))

        def done(note: str | None) -> None:
            if note is not None:
                self._replace(stop)
                self.show_stop()

        title = t("standup_tui.escalate_title", title=fit(shown(stop.title), 40))
        self.app.push_screen(AskText(title, t("standup_tui.escalate_note"), check=check), done)

    def action_action(self) -> None:
        from leantui.core.standup import services
        from leantui.tui.kanban.moving import ask_why_if_full
        from leantui.tui.standup.forms import action_form

        stop = self.stop
        if stop is None:
            return

        def done(action: ActionRow | None) -> None:
            if action is not None:
                self.actions.append(action)
                self._replace(stop)
                self.show_stop()
                self.notify(t("standup_tui.action_added", **cells.action_args(action)))

        def open_form(reason: str | None) -> None:
            self.app.push_screen(action_form(self.ctx, self.record.team_id, stop, reason), done)

        ask_why_if_full(
            self.app, lambda: services.action_wip_check(self.db, stop.id), open_form, self._error
        )

    def action_move(self) -> None:
        from leantui.core.kanban import boards, cards
        from leantui.tui.kanban.lists import PickColumn
        from leantui.tui.kanban.moving import move_card

        stop = self.stop
        if stop is None or stop.card_id is None:
            return
        card_id = stop.card_id
        try:
            card = cards.card_row(self.db, card_id)
            if card is None:
                raise LeanError("kanban.no_such_card", id=card_id)
            others = [c for c in boards.columns(self.db, card.board_id) if c.id != card.column_id]
        except LeanError as exc:
            self._error(exc)
            return

        def moved(change: Any) -> None:
            column = next((c.name for c in others if c.id == change.payload.get("to_id")), "")
            self.notify(t("standup_tui.card_moved", title=stop.title, column=column))

        def picked(column_id: int | None) -> None:
            if column_id is not None:
                move_card(self.app, self.db, card_id, column_id, card.version, moved, self._error)

        title = t("standup_tui.move_title", title=fit(shown(stop.title), 40))
        self.app.push_screen(PickColumn(title, others), picked)

    def action_kaizen(self) -> None:
        from leantui.tui.kaizen.capture import open_capture

        open_capture(self.app, self.ctx, self.record.team_id)

    def action_finish(self) -> None:
        from leantui.tui.standup.summary import SummaryScreen

        def done(record: StandupRecord | None) -> None:
            if record is not None:
                self.dismiss(record)

        record = replace(
            self.record, stops=self.stops, actions=self.actions, escalations=self.escalations
        )
        self.app.push_screen(SummaryScreen(self.ctx, record), done)

    def action_leave(self) -> None:
        self.dismiss(None)
