"""The 5S overview, the module's main screen: one row per area (a DataTable, so 200 areas
cost one widget) with its last audit, score, band, whether an audit is due, a draft in
progress and the open corrective actions. The rows are read in a worker (the core's
overview query, one pass over the audits) and swapped in; a poll of the module's revision
re-reads them when anything changed elsewhere. From here: start an audit, resume a draft,
open the last result, the red tags."""

from __future__ import annotations

import contextvars
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable, Static

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.text import shown
from leantui.tui.five_s.common import (
    NOTHING,
    OVERDUE,
    band_label,
    band_style,
    day,
    percent,
    spark,
)
from leantui.tui.kit import ahead
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.screens import Context, ModuleScreen

if TYPE_CHECKING:
    from leantui.core.five_s.rows import AreaStatus
    from leantui.core.services import Database

POLL_SECONDS = 1.0
# The area column is as wide as its longest name, or this, whichever is more (and as the
# screen allows): on a wide screen the figures stay next to the names they belong to.
AREA_WIDTH = 32
SORTS = ("name", "due", "score")
ROW_ACTIONS = {"start", "resume", "result"}


def _verb(name: str, action: str, keys: str, command: bool = True, show: bool = True) -> Verb:
    """An overview verb: binding id five_s.<name>, label five_s.key_<name>, palette title
    five_s.cmd_<name> with its _help line unless `command` is False."""
    return Verb(
        f"five_s.{name}",
        action,
        keys,
        f"five_s.key_{name}",
        f"five_s.cmd_{name}" if command else "",
        f"five_s.cmd_{name}_help" if command else "",
        show,
    )


@dataclass
class Loaded(Message):
    seq: int
    rows: list[AreaStatus]
    revision: int


@dataclass
class LoadFailed(Message):
    seq: int
    error: LeanError


def read_ahead(db: Database) -> Future[tuple[list[AreaStatus], int]]:
    """The overview and its revision, read from when the screen is made (a tenth of a
    second on 200 areas, while Textual mounts the screen instead of after it)."""
    from leantui.core.five_s import peek

    return ahead.read_ahead("five-s-read-ahead", peek.first_overview, db)


def due_cell(row: AreaStatus) -> Text:
    """ "overdue 3d" (standing out) once past the cadence, "in 4d" before it."""
    if row.days_since is None:
        return Text(t("five_s.never_audited"), style=OVERDUE)
    if row.due:
        over = row.days_since - row.cadence_days
        key = "five_s.due_today" if over <= 0 else "five_s.due_over"
        return Text(t(key, days=over), style=OVERDUE)
    return Text(t("five_s.due_in", days=row.cadence_days - row.days_since))


def sort_key(order: str) -> Any:
    if order == "due":  # the most overdue first; never audited before everything
        return lambda r: (
            -(10**6) if r.days_since is None else r.cadence_days - r.days_since,
            r.name,
        )
    if order == "score":  # the lowest score first; never scored at the end
        return lambda r: (r.last_total is None, r.last_total or 0.0, r.name)
    return lambda r: r.name


class OverviewScreen(ModuleScreen):
    VERBS = (
        _verb("cursor_down", "cursor(1)", "j", False, False),
        _verb("cursor_up", "cursor(-1)", "k", False, False),
        _verb("start", "start", "n"),
        _verb("resume", "resume", "r"),
        _verb("result", "result", "o"),
        _verb("red_tags", "red_tags", "t"),
        _verb("sort_due", "sort('due')", "d"),
        _verb("sort_score", "sort('score')", "s"),
        _verb("sort_name", "sort('name')", "a", show=False),
    )
    BINDINGS = bindings(VERBS)

    COLUMNS = (
        ("five_s.h_area", False),
        ("five_s.h_last", False),
        ("five_s.h_score", True),
        ("five_s.h_band", False),
        ("five_s.h_trend", False),
        ("five_s.h_due", False),
        ("five_s.h_draft", True),
        ("five_s.h_open_actions", True),
    )

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.rows: list[AreaStatus] = []
        self.order = "name"
        self._seq = 0
        self._revision = -1
        self._loading = False
        self._offered = False  # the resume question, once per session
        self._widths: list[int] = []
        self._fills = 0  # how many times the table was filled
        self._ahead: Future[tuple[list[AreaStatus], int]] | None = read_ahead(self.db)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="five-s-title")
        table: DataTable[Text] = DataTable(id="areas", cursor_type="row", zebra_stripes=False)
        yield table
        yield Static(t("five_s.loading"), id="five-s-message")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.table
        for label, right in self.COLUMNS:
            table.add_column(Text(t(label), justify="right" if right else "left"))
        table.display = False
        self._show_title()
        self.call_after_refresh(self.load)
        self.set_interval(POLL_SECONDS, self.poll)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#areas", DataTable)

    @property
    def selected(self) -> AreaStatus | None:
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.selected
        if action in ROW_ACTIONS and row is None:
            return False
        if action == "resume":
            return row is not None and row.draft_id is not None
        if action == "result":
            return row is not None and row.last_audit_id is not None
        if action == "sort":
            return parameters[0] != self.order
        return True

    # --- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        self._seq += 1
        self._loading = True
        # The worker's thread reads in this context (a clock pinned by a test, say).
        self._read(self._seq, contextvars.copy_context())

    @work(thread=True, exclusive=True, group="five-s-overview", exit_on_error=False)
    def _read(self, seq: int, context: contextvars.Context) -> None:
        context.run(self._read_in, seq)

    def _read_in(self, seq: int) -> None:
        from leantui.core.five_s import peek

        ahead, self._ahead = self._ahead, None  # the first read only
        try:
            rows, revision = ahead.result() if ahead else peek.first_overview(self.db)
        except LeanError as exc:
            self.post_message(LoadFailed(seq, exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(LoadFailed(seq, LeanError("five_s.load_failed", problem=exc)))
        else:
            self.post_message(Loaded(seq, rows, revision))

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        if message.seq == self._seq:
            self._loading = False
            self.notify(message.error.message(), severity="error")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.seq != self._seq:
            return
        self._loading = False
        self._revision = message.revision
        keep = self.selected.area_id if self.selected else None
        self.rows = sorted(message.rows, key=sort_key(self.order))
        first = None if self._fills else self.size.height  # a screenful first, once
        self.fill(keep, first)
        if not self._offered:
            self._offered = True
            self.call_after_refresh(self.offer_resume)  # the rows first

    def poll(self) -> None:
        """Re-read when anyone, anywhere, saved a 5S change since the rows were read."""
        if self._loading or self._revision < 0 or not self.is_current:
            return  # under an audit: read again when it is closed
        from leantui.core.five_s import peek

        try:
            revision = peek.overview_revision(self.db)
        except Exception:  # busy or unreachable: try again on the next tick
            return
        if revision != self._revision:
            self.load()

    # --- drawing ------------------------------------------------------------------------

    def _show_title(self) -> None:
        detail = f" · {t('five_s.areas_count', count=len(self.rows))}" if self.rows else ""
        badge = t(f"five_s.sorted_{self.order}") if self.order != "name" else ""
        self.query_one(TitleBar).show(t("five_s.overview_title"), detail, badge)

    def cells(self, row: AreaStatus) -> list[Text]:
        due = row.due
        name = Text(shown(row.name), style=OVERDUE if due else "", no_wrap=True)
        name.overflow = "ellipsis"
        return [
            name,
            Text(day(row.last_date)),
            Text(percent(row.last_total), justify="right", style=band_style(row.band)),
            Text(band_label(row.band), style=band_style(row.band)),
            Text(spark(row.trend), style="dim"),
            due_cell(row),
            Text(f"#{row.draft_id}" if row.draft_id else "", justify="right"),
            Text(str(row.open_actions) if row.open_actions else NOTHING, justify="right"),
        ]

    def fill(self, keep: int | None = None, first: int | None = None) -> None:
        """The rows into the table; with `first`, only that many before the next frame
        and the rest just after it (the table measures every cell it is given)."""
        table = self.table
        index = table.cursor_row
        table.clear()
        self._fills += 1
        widths = [cell_len(t(label)) for label, _ in self.COLUMNS]
        cells = [self.cells(row) for row in self.rows]
        for line in cells:
            widths = [max(w, c.cell_len) for w, c in zip(widths, line, strict=True)]
        self._widths = widths
        ids = [row.area_id for row in self.rows]
        if keep in ids:
            index = ids.index(keep)
        now = len(cells) if first is None or index >= first else first
        for row, line in zip(self.rows[:now], cells[:now], strict=True):
            table.add_row(*line, key=str(row.area_id))
        if now < len(cells):
            self.call_after_refresh(self._add_rest, self._fills, now, cells)
        message = self.query_one("#five-s-message", Static)
        table.display = bool(self.rows)
        message.display = not self.rows
        message.update(t("five_s.no_areas_tui"))
        if self.rows:
            table.move_cursor(row=max(0, min(index, len(self.rows) - 1)), animate=False)
            table.focus()
        self._show_title()
        self.size_columns()
        self.refresh_bindings()

    def _add_rest(self, fill: int, start: int, cells: list[list[Text]]) -> None:
        if fill != self._fills:  # filled again meanwhile
            return
        table = self.table
        for row, line in zip(self.rows[start:], cells[start:], strict=True):
            table.add_row(*line, key=str(row.area_id))

    def on_resize(self) -> None:
        self.size_columns()

    def size_columns(self) -> None:
        """Every column as wide as its widest cell; the area column takes what is left
        up to AREA_WIDTH or its longest name (names cut with an ellipsis)."""
        table = self.table
        widths = self._widths
        if not widths:
            return
        pad = 2 * table.cell_padding
        room = self.size.width - (1 if len(self.rows) > max(1, self.size.height - 3) else 0)
        others = sum(w + pad for w in widths[1:])
        area = min(room - others - pad, max(widths[0], AREA_WIDTH))
        widths = [max(8, area), *widths[1:]]
        for column, width in zip(table.columns.values(), widths, strict=True):
            column.auto_width = False
            column.width = width
        total = sum(c.get_render_width(table) for c in table.columns.values())
        table.virtual_size = Size(total, table.virtual_size.height)
        table._clear_caches()  # lines drawn at the old widths
        table.refresh()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected
        if row is None:
            return
        if row.draft_id is not None:
            self.action_resume()
        elif row.last_audit_id is not None:
            self.action_result()
        else:
            self.action_start()

    # --- actions -------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        if self.rows:
            table = self.table
            table.move_cursor(row=max(0, min(len(self.rows) - 1, table.cursor_row + delta)))

    def action_sort(self, order: str) -> None:
        keep = self.selected.area_id if self.selected else None
        self.order = order
        self.rows = sorted(self.rows, key=sort_key(order))
        self.fill(keep)

    def action_start(self) -> None:
        from leantui.tui.five_s.dialogs import start_form

        row = self.selected
        try:
            form = start_form(self.db, row.area_id if row else None)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return

        def done(audit_id: int | None) -> None:
            if audit_id:
                self.open_audit(audit_id)
            self.load()

        self.app.push_screen(form, done)

    def action_resume(self) -> None:
        row = self.selected
        if row is not None and row.draft_id is not None:
            self.open_audit(row.draft_id)

    def open_audit(self, audit_id: int) -> None:
        from leantui.tui.five_s.audit import AuditScreen

        try:
            screen = AuditScreen(self.ctx, audit_id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            self.load()
            return
        self.app.push_screen(screen, lambda _none: self.load())

    def action_result(self) -> None:
        row = self.selected
        if row is not None and row.last_audit_id is not None:
            self.open_result(row.last_audit_id)

    def open_result(self, audit_id: int) -> None:
        from leantui.tui.five_s.result import ResultScreen

        try:
            screen = ResultScreen(self.ctx, audit_id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.app.push_screen(screen, lambda _none: self.load())

    def action_red_tags(self) -> None:
        from leantui.tui.five_s.redtags import RedTagList

        row = self.selected
        self.app.push_screen(
            RedTagList(self.db, row.area_id if row else None), lambda _none: self.load()
        )

    def offer_resume(self) -> None:
        """Reopening the app: a draft left unfinished is offered first (the newest)."""
        from leantui.tui.kit.dialogs import Confirm

        drafts = [row for row in self.rows if row.draft_id is not None]
        if not drafts:
            return
        newest = max(drafts, key=lambda r: r.draft_id or 0)
        question = t("five_s.offer_resume", area=shown(newest.name), id=newest.draft_id)

        def answer(yes: bool | None) -> None:
            if yes and newest.draft_id is not None:
                self.open_audit(newest.draft_id)

        self.app.push_screen(Confirm(question), answer)
