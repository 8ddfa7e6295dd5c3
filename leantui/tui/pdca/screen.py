"""The PDCA module's main screen: the list of cycles (one DataTable), with filters by
status, owner, team and area, and keys to start, edit and open a cycle or show its A3.
The list is read in a thread worker (thousands of cycles stay off the UI thread) and read
again when the list's revision moves (a change here, in another terminal or the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static

from leantui.core import clock
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.pdca.rows import CycleChange, CycleRow
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn
from leantui.tui.kit.screens import Context, ModuleScreen
from leantui.tui.pdca.table import RowTable

POLL_SECONDS = 1.0
LIST_SCOPE = "pdca"  # cycles.LIST: any change of any cycle bumps it
STATUS_STEPS = (None, "open", "closed", "abandoned")  # what `s` steps through


def verb(name: str, action: str, keys: str, show: bool = True, command: bool = True) -> Verb:
    """A PDCA verb: binding id pdca.<name>, label pdca.key_<name>, palette title
    pdca.cmd_<name> with its pdca.cmd_<name>_help line (unless `command` is False)."""
    return Verb(
        f"pdca.{name}",
        action,
        keys,
        f"pdca.key_{name}",
        f"pdca.cmd_{name}" if command else "",
        f"pdca.cmd_{name}_help" if command else "",
        show,
    )


@dataclass(frozen=True)
class Filter:
    status: str | None = None
    owner: str | None = None
    team_id: int | None = None
    area_id: int | None = None
    team: str = ""  # the names the badge shows
    area: str = ""

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.status, self.owner, self.team_id, self.area_id))

    @property
    def badge(self) -> str:
        parts = [t(f"pdca.status_{self.status}") if self.status else "", self.owner or ""]
        parts += [self.team, self.area]
        return " · ".join(p for p in parts if p)


def met_label(value: bool | None) -> str:
    if value is None:
        return "—"
    return t("pdca.met_yes") if value else t("pdca.met_no")


def phase_cell(row: CycleRow) -> str:
    if row.status != "open":
        return t(f"pdca.status_{row.status}")
    return t("pdca.phase_short", phase=row.phase, days=row.days_in_phase)


def due_cell(row: CycleRow) -> str:
    return row.due.isoformat() + (" !" if row.overdue else "")


COLUMNS: tuple[ListColumn[CycleRow], ...] = (
    ListColumn("pdca.h_id", lambda r: str(r.id), right=True),
    ListColumn("fields.title", lambda r: r.title, grow=True),
    ListColumn("fields.owner", lambda r: r.owner),
    ListColumn("pdca.h_phase", phase_cell),
    ListColumn("fields.due", due_cell),
    ListColumn("pdca.h_met_short", lambda r: met_label(r.target_met)),
)
DUE, MET = 4, 5


def cycle_style(row: CycleRow, column: int) -> str:
    if column == DUE and row.overdue:
        return "bold red"
    if column == DUE and row.due_soon:
        return "yellow"
    if column == MET and row.target_met is not None:
        return "green" if row.target_met else "red"
    if row.status != "open":
        return "dim"
    return ""


@dataclass
class ListRead(Message):
    seq: int
    rows: list[CycleRow]
    revision: int


@dataclass
class ListFailed(Message):
    seq: int
    error: LeanError


class CycleListScreen(ModuleScreen):
    VERBS = (
        verb("new", "new", "n"),
        verb("open", "open", "enter,o"),
        verb("edit", "edit", "e"),
        verb("a3", "a3", "v"),
        verb("filter", "filter", "slash,f"),
        verb("status", "status", "s"),
        verb("clear_filter", "clear_filter", "escape"),
        verb("down", "cursor(1)", "j", show=False, command=False),
        verb("up", "cursor(-1)", "k", show=False, command=False),
    )
    BINDINGS = bindings(VERBS)
    CYCLE_ACTIONS = {"open", "edit", "a3"}

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.flt = Filter()
        self.rows: list[CycleRow] = []
        self.loaded = False
        self._seq = 0
        self._revision = -1
        self._reading = False
        self._follow: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="pdca-title")
        yield RowTable(COLUMNS, style=cycle_style, id="pdca-cycles")
        yield Static("", id="pdca-empty", classes="hint")
        yield KeyBar()

    @property
    def table(self) -> RowTable[CycleRow]:
        return self.query_one("#pdca-cycles", RowTable)

    def on_mount(self) -> None:
        self._title()
        self.query_one("#pdca-empty").display = False
        self.table.focus()
        self.load()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_screen_resume(self) -> None:
        """Back from a cycle or a form: read again (the first read is on_mount's)."""
        if self.loaded:
            self.load()

    def reload(self) -> None:
        self.load()

    # --- reading ------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        self._seq += 1
        self._reading = True
        if select is not None:
            self._follow = str(select)
        # The worker's thread does not inherit a pinned clock (tests, screenshots): it
        # reads "today" as the screen sees it.
        self._read(self._seq, self.flt, clock.now())

    @work(thread=True, exclusive=True, group="pdca-list", exit_on_error=False)
    def _read(self, seq: int, flt: Filter, moment: datetime) -> None:
        from leantui.core.pdca import cycles
        from leantui.core.services import revisions

        try:
            revision = revisions.current(self.db, [LIST_SCOPE]).get(LIST_SCOPE, 0)
            with clock.pinned(moment):
                rows = cycles.list_cycles(
                    self.db,
                    status=flt.status,
                    owner=flt.owner,
                    team_id=flt.team_id,
                    area_id=flt.area_id,
                )
        except LeanError as exc:
            self.post_message(ListFailed(seq, exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(ListFailed(seq, LeanError("pdca.load_failed", problem=exc)))
        else:
            self.post_message(ListRead(seq, rows, revision))

    @on(ListRead)
    def _read_done(self, message: ListRead) -> None:
        if message.seq != self._seq:
            return
        self._reading = False
        self._revision = message.revision
        self.rows = message.rows
        follow, self._follow = self._follow, None
        table = self.table
        table.fill(self.rows, follow)
        table.display = bool(self.rows)
        empty = self.query_one("#pdca-empty", Static)
        empty.update(t("pdca.list_empty_filtered" if self.flt.active else "pdca.list_empty"))
        empty.display = not self.rows
        self.loaded = True
        self._title()
        self.refresh_bindings()

    @on(ListFailed)
    def _read_failed(self, message: ListFailed) -> None:
        if message.seq == self._seq:
            self._reading = False
            self.notify(message.error.message(), severity="error")

    def poll(self) -> None:
        """Read again when anyone saved a change to any cycle since the last read."""
        from leantui.core.services import revisions

        if self._reading or not self.is_current:
            return
        try:
            revision = revisions.current(self.db, [LIST_SCOPE]).get(LIST_SCOPE, 0)
        except Exception:  # busy or unreachable: the next tick tries again
            return
        if revision != self._revision:
            self.load()

    def _title(self) -> None:
        open_count = sum(1 for r in self.rows if r.status == "open")
        overdue = sum(1 for r in self.rows if r.overdue)
        detail = t("pdca.list_detail", count=len(self.rows), open=open_count, overdue=overdue)
        self.query_one(TitleBar).show(t("app.module_pdca"), detail, self.flt.badge)

    # --- keys ---------------------------------------------------------------------

    @property
    def selected(self) -> CycleRow | None:
        return self.table.selected if self.rows else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.CYCLE_ACTIONS and self.selected is None:
            return False
        if action == "clear_filter":
            return self.flt.active
        return True

    @on(RowTable.RowSelected)
    def _row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    @on(RowTable.RowHighlighted)
    def _row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        table = self.table
        table.move_cursor(row=max(0, table.cursor_row + delta), animate=False)

    def _changed(self, change: CycleChange | None) -> None:
        if change is not None:
            self.load(change.view.id)

    def action_new(self) -> None:
        from leantui.tui.pdca.dialogs import cycle_form

        self.app.push_screen(cycle_form(self.db), self._opened_new)

    def _opened_new(self, change: CycleChange | None) -> None:
        """A new cycle: the list shows it, and its screen opens for the Plan."""
        if change is None:
            return
        self.load(change.view.id)
        self.open_cycle(change.view.id)

    def action_edit(self) -> None:
        from leantui.core.pdca import cycles
        from leantui.tui.pdca.dialogs import cycle_form

        row = self.selected
        if row is None:
            return
        try:
            found = cycles.view(self.db, row.id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.app.push_screen(cycle_form(self.db, found), self._changed)

    def action_open(self) -> None:
        row = self.selected
        if row is not None:
            self.open_cycle(row.id)

    def open_cycle(self, cycle_id: int) -> None:
        from leantui.tui.pdca.cycle import CycleScreen

        self.app.push_screen(CycleScreen(self.ctx, cycle_id))

    def action_a3(self) -> None:
        from leantui.tui.pdca.a3view import A3Screen

        row = self.selected
        if row is not None:
            self.app.push_screen(A3Screen(self.db, row.id))

    def action_filter(self) -> None:
        from leantui.tui.pdca.dialogs import filter_form

        def done(flt: Filter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        self.app.push_screen(filter_form(self.db, self.flt, self.rows), done)

    def action_status(self) -> None:
        """Step the status filter: all, open, closed, abandoned."""
        index = STATUS_STEPS.index(self.flt.status) if self.flt.status in STATUS_STEPS else 0
        status = STATUS_STEPS[(index + 1) % len(STATUS_STEPS)]
        self.apply_filter(replace(self.flt, status=status))

    def action_clear_filter(self) -> None:
        self.apply_filter(Filter())

    def apply_filter(self, flt: Filter) -> None:
        self.flt = flt
        self._title()
        self.load()
        self.refresh_bindings()
