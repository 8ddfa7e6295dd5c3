"""The kaizen module's screen: the suggestions, newest first, on one DataTable (no widget
per row), read a page at a time — the first page when the screen opens, the next when
the cursor nears the end of what is read — so it opens as fast on 20,000 suggestions as
on 20. Filters (status, overdue only, team, area, category, submitter, month) and the
order are applied by the service in SQL. A suggestion waiting for a decision longer
than the configured limit ([kaizen] decision_days) stands out, as does an adopted one
past its implementation date. Enter shows one with its history and the review keys;
`m` the metrics per team and month. Changes made elsewhere (another terminal, the CLI)
are noticed by polling the kaizen revision once a second."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static

from leantui.core import clock
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kaizen import rules
from leantui.core.kaizen.rows import SuggestionRow
from leantui.tui.kaizen import cells
from leantui.tui.kaizen.keys import verb
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import bindings
from leantui.tui.kit.lists import ListColumn, ListTable
from leantui.tui.kit.screens import Context, ModuleScreen

PAGE = 200  # suggestions read at a time
HEAD = 60  # rows read for the first frame (a screen's worth at least); pages after them
MORE_AT = 40  # rows before the end of what is read: read the next page
POLL_SECONDS = 1.0
WIDE = 100  # cells: from this width the list also shows the number and the team


@dataclass(frozen=True)
class ListFilter:
    """What the list shows; every part is a filter of suggestions.list_suggestions."""

    status: str | None = None
    overdue: bool = False
    team_id: int | None = None
    area_id: int | None = None
    category: str | None = None
    submitter: str = ""
    month: str | None = None

    @property
    def active(self) -> bool:
        return self != ListFilter()

    def args(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "overdue": self.overdue,
            "team_id": self.team_id,
            "area_id": self.area_id,
            "category": self.category,
            "submitter": self.submitter or None,
            "month": self.month,
        }


@dataclass(frozen=True)
class Order:
    sort: str = "submitted"
    descending: bool = True


@dataclass
class Loaded(Message):
    seq: int
    rows: list[SuggestionRow]
    more: bool  # rows after these
    counts: tuple[int, int] | None  # (total, overdue) for a whole load
    revision: int | None
    keep: int | None  # the suggestion the cursor stays on
    offset: int  # 0: the list from the top; else a page to add under it
    today: date = field(default_factory=clock.today)  # the day "overdue" was counted from


@dataclass
class LoadFailed(Message):
    seq: int
    error: LeanError


class SuggestionTable(ListTable[SuggestionRow]):
    """The list; its component class gives overdue and late rows their colour."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"suggestions--overdue"}


class KaizenScreen(ModuleScreen):
    VERBS = (
        verb("cursor_down", "cursor(1)", "j", show=False, command=False),
        verb("cursor_up", "cursor(-1)", "k", show=False, command=False),
        # Before the table's own Home/End, which scroll sideways.
        verb("cursor_first", "cursor_end(0)", "home,g", show=False, command=False, priority=True),
        verb("cursor_last", "cursor_end(1)", "end,G", show=False, command=False, priority=True),
        verb("open", "open", "v,space"),
        verb("new", "new", "n"),
        verb("filter", "filter", "slash"),
        verb("overdue", "overdue", "o"),
        verb("clear_filter", "clear_filter", "escape"),
        verb("sort", "sort", "s"),
        verb("reverse", "reverse", "r", show=False),
        verb("metrics", "metrics", "m"),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.flt = ListFilter()
        self.order = Order()
        self.rows: list[SuggestionRow] = []
        self.more = False
        self.total = 0
        self.overdue_total = 0
        self._revision = -1
        self._seq = 0
        self.reading = False  # (not `loading`: Textual's, which covers the screen)
        self.today = clock.today()
        self._wide: bool | None = None

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(id="kaizen-title")
        yield Static("", id="kaizen-message")  # above the table: no suggestions (yet)
        yield SuggestionTable(id="suggestions", cursor_type="row", zebra_stripes=False)
        yield KeyBar()

    @property
    def table(self) -> SuggestionTable:
        return self.query_one(SuggestionTable)

    @property
    def days(self) -> int:
        return self.settings.kaizen.decision_days

    def on_mount(self) -> None:
        """The first page for the first frame (through sqlite3 alone on a SQLite file:
        kaizen.view); the next ones when the cursor nears its end. (Reading a longer page
        at once drew the whole list again right after the first frame, 70-200 ms that
        kept a screen opened at once, the metrics, and early keys waiting.)"""
        from leantui.core.kaizen import view

        self._lay_out_columns()
        try:
            head = view.first_page(self.db, max(HEAD, self.app.size.height), self.days)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
        else:
            more = len(head.rows) < head.total
            counts = (head.total, head.overdue)
            self._take(Loaded(0, head.rows, more, counts, head.revision, None, 0))
        self.table.focus()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_resize(self) -> None:
        if self._lay_out_columns():
            self._fill(self.selected_id)
        self.call_after_refresh(self.table.fit)

    def _lay_out_columns(self) -> bool:
        """The columns for this width; True when they changed (the rows are redrawn)."""
        wide = self.size.width >= WIDE
        if wide == self._wide:
            return False
        self._wide = wide
        mark = self.table.get_component_rich_style("suggestions--overdue", partial=True)

        def status(row: SuggestionRow) -> Text:
            today = self.today
            if row.overdue(today, self.days) or row.late(today):
                return Text("! " + cells.short_status(row.status), style=mark)
            return Text(cells.short_status(row.status))

        def saving(row: SuggestionRow) -> str:
            found = row.actual_saving if row.status == "implemented" else row.estimated_saving
            return cells.compact_money(found)

        columns: list[ListColumn[SuggestionRow]] = [
            ListColumn("kaizen.h_date", lambda r: cells.day(r.submitted_at), width=10),
            ListColumn("kaizen.h_status", status, width=11),
            ListColumn("kaizen.h_title", lambda r: r.title, grow=True),
            ListColumn("kaizen.h_submitter", lambda r: r.submitter, width=8),
            ListColumn("kaizen.h_category", lambda r: rules.category_name(r.category), width=9),
            ListColumn("kaizen.l_saving", saving, right=True, width=6),
        ]
        if wide:
            columns.insert(0, ListColumn("cli.h_id", lambda r: str(r.id), right=True, width=6))
            columns.insert(5, ListColumn("kaizen.h_team", lambda r: r.team or "—", width=12))
        self.table.set_columns(columns)
        return True

    # --- reading --------------------------------------------------------------------

    def reload(self) -> None:
        self.load(self.selected_id)

    def context_team(self) -> int | None:
        return self.flt.team_id

    def load(self, keep: int | None = None) -> None:
        """Read the list again in a worker (as many rows as are shown, at least a page,
        and the counts), the cursor then on `keep` when it is still there."""
        self._seq += 1
        self.reading = True
        limit = max(PAGE, len(self.rows))
        self._read(self._seq, clock.now(), self.flt, self.order, limit, 0, keep)

    def read_more(self) -> None:
        """The next page, added under what is shown."""
        if not self.reading:
            self.reading = True
            self._read(self._seq, clock.now(), self.flt, self.order, PAGE, len(self.rows), None)

    @work(thread=True, exclusive=True, group="kaizen-list", exit_on_error=False)
    def _read(
        self,
        seq: int,
        moment: datetime,
        flt: ListFilter,
        order: Order,
        limit: int,
        offset: int,
        keep: int | None,
    ) -> None:
        """Read as of `moment` (the clock of the thread that asked: "overdue" is counted
        from that day, also when a test pins the clock)."""
        with clock.pinned(moment):
            self._read_now(seq, flt, order, limit, offset, keep)

    def _read_now(
        self, seq: int, flt: ListFilter, order: Order, limit: int, offset: int, keep: int | None
    ) -> None:
        from leantui.core.kaizen import view

        counts: tuple[int, int] | None
        revision: int | None
        try:
            if not offset and (flt, order) == (ListFilter(), Order()):
                # The first frame's page, longer: still without SQLAlchemy (kaizen.view).
                head = view.first_page(self.db, limit + 1, self.days)
                counts = (head.total, head.overdue)
                rows, revision = head.rows, head.revision
            else:
                rows, counts, revision = self._read_services(flt, order, limit, offset)
        except LeanError as exc:
            self.post_message(LoadFailed(seq, exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(LoadFailed(seq, LeanError("kaizen.load_failed", problem=exc)))
        else:
            more = len(rows) > limit
            self.post_message(
                Loaded(seq, rows[:limit], more, counts, revision, keep, offset, clock.today())
            )

    def _read_services(
        self, flt: ListFilter, order: Order, limit: int, offset: int
    ) -> tuple[list[SuggestionRow], tuple[int, int] | None, int | None]:
        """A page (one more row than `limit`: whether there are more), and for the top
        of the list the counts and the revision they were read at."""
        from leantui.core.kaizen import suggestions
        from leantui.core.services import revisions

        args = {**flt.args(), "overdue_days": self.days}
        revision = None
        if not offset:  # the revision first: a change meanwhile shows at the next poll
            revision = revisions.current(self.db, [suggestions.SCOPE])[suggestions.SCOPE]
        rows = suggestions.list_suggestions(
            self.db,
            **args,
            sort=order.sort,
            descending=order.descending,
            limit=limit + 1,
            offset=offset,
        )
        counts = None
        if not offset:
            total = suggestions.count(self.db, **args)
            late = total if flt.overdue else suggestions.count(self.db, **{**args, "overdue": True})
            counts = (total, late)
        return rows, counts, revision

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        if message.seq == self._seq:
            self.reading = False
            self.notify(message.error.message(), severity="error")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.seq == self._seq:
            self.reading = False
            self._take(message)

    def _take(self, message: Loaded) -> None:
        self.today = message.today
        self.more = message.more
        if message.revision is not None:
            self._revision = message.revision
        if message.counts is not None:
            self.total, self.overdue_total = message.counts
        shown = len(self.rows)
        if not message.offset and message.rows[:shown] == self.rows and message.keep is None:
            message = replace(message, rows=message.rows[shown:], offset=shown)  # only more
        if message.offset:
            table = self.table
            ids = {row.id for row in self.rows}
            for row in message.rows:
                if row.id not in ids:  # added meanwhile: the page boundary moved
                    self.rows.append(row)
                    table.add(row, str(row.id))
            self._show_state()
            return
        self.rows = message.rows
        self._fill(message.keep)

    def _fill(self, keep: int | None) -> None:
        table = self.table
        table.clear()
        for row in self.rows:
            table.add(row, str(row.id))
        # Every column at its width before the frame (before the first layout, the table
        # is as wide as the screen less its scrollbar gutter).
        table.fit(self.app.size.width - 1)
        ids = [row.id for row in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self._show_state()
        self.call_after_refresh(table.fit)

    def poll(self) -> None:
        """Re-read when anything in the kaizen log changed (here or elsewhere)."""
        from leantui.core.kaizen import view

        if self.reading:
            return
        try:
            found = view.revision(self.db)
        except (LeanError, sqlite3.Error):
            return  # the next poll tries again; a screen action reports the problem
        if found != self._revision:
            self.load(self.selected_id)

    def _show_state(self) -> None:
        shown = len(self.rows)
        detail = "  " + (
            t("kaizen.list_count", count=f"{self.total:,}")
            if shown >= self.total
            else t("kaizen.list_count_of", shown=f"{shown:,}", count=f"{self.total:,}")
        )
        if self.overdue_total and not self.flt.overdue:
            detail += t("kaizen.cli_sep") + t("kaizen.cli_overdue_count", count=self.overdue_total)
        self.query_one(TitleBar).show(t("kaizen.list_title"), detail, self.filter_badge())
        message = self.query_one("#kaizen-message", Static)
        message.update(t("kaizen.list_filtered_empty" if self.flt.active else "kaizen.list_empty"))
        message.display = not self.rows
        self.refresh_bindings()

    def filter_badge(self) -> str:
        flt, parts = self.flt, []
        if flt.overdue:
            parts.append(t("kaizen.overdue_mark"))
        if flt.status:
            parts.append(rules.status_name(flt.status))
        for value in (flt.month, flt.submitter):
            if value:
                parts.append(value)
        if flt.category:
            parts.append(rules.category_name(flt.category))
        if flt.team_id is not None or flt.area_id is not None:
            parts.append(t("kaizen.filter_place"))
        if self.order != Order():
            arrow = "↓" if self.order.descending else "↑"
            parts.append(f"{t('kaizen.by_' + self.order.sort)} {arrow}")
        return t("kaizen.cli_sep").join(parts)

    # --- the cursor -----------------------------------------------------------------

    @property
    def selected(self) -> SuggestionRow | None:
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    @property
    def selected_id(self) -> int | None:
        row = self.selected
        return row.id if row is not None else None

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if self.more and event.cursor_row >= len(self.rows) - MORE_AT:
            self.read_more()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.selected is not None
        if action == "clear_filter":
            return self.flt.active or self.order != Order()
        return True

    def action_cursor_end(self, last: int) -> None:
        """The first row, or the last one read (which reads the next page)."""
        if self.rows:
            self.table.move_cursor(row=len(self.rows) - 1 if last else 0)

    def action_cursor(self, delta: int) -> None:
        table = self.table
        if self.rows:
            table.move_cursor(row=max(0, min(len(self.rows) - 1, table.cursor_row + delta)))

    # --- actions --------------------------------------------------------------------

    def action_open(self) -> None:
        from leantui.tui.kaizen.detail import SuggestionDetail

        row = self.selected
        if row is None:
            return

        def done(changed: bool | None) -> None:
            if changed:
                self.load(row.id)

        try:
            detail = SuggestionDetail(self.ctx, row.id)
        except LeanError as exc:  # deleted meanwhile, the database unreachable …
            self.notify(exc.message(), severity="error")
            self.load()
            return
        self.app.push_screen(detail, done)

    def action_new(self) -> None:
        from leantui.tui.kaizen.capture import open_capture

        def done(row: SuggestionRow) -> None:
            self.load(row.id)

        open_capture(self.app, self.ctx, self.flt.team_id, done)

    def action_filter(self) -> None:
        from leantui.core.kaizen import suggestions
        from leantui.core.services import workspace
        from leantui.tui.kaizen.forms import FILTER_FIELDS
        from leantui.tui.kit.forms import FormScreen

        def save(values: dict[str, Any]) -> ListFilter:
            month = values["month"].strip()
            return ListFilter(
                status=values["status"],
                overdue=bool(values["overdue"]),
                team_id=values["team_id"],
                area_id=values["area_id"],
                category=values["category"],
                submitter=values["submitter"],
                month=rules.parse_month(month) if month else None,
            )

        try:
            choices = {
                "team_id": [(team.name, team.id) for team in workspace.list_teams(self.db)],
                "area_id": [(a.name, a.id) for a in workspace.list_areas(self.db, True)],
            }
            people = {"submitter": suggestions.submitters(self.db)}
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return
        form = FormScreen(
            t("kaizen.filter_title"),
            FILTER_FIELDS,
            save,
            self.flt,
            choices=choices,
            suggestions=people,
            hint=t("kaizen.filter_hint"),
        )
        self.app.push_screen(form, self.apply_filter)

    def apply_filter(self, flt: ListFilter | None) -> None:
        if flt is not None and flt != self.flt:
            self.flt = flt
            self.rows = []
            self.load()

    def action_overdue(self) -> None:
        self.apply_filter(replace(self.flt, overdue=not self.flt.overdue))

    def action_clear_filter(self) -> None:
        self.order = Order()
        self.flt = ListFilter()
        self.rows = []
        self.load()

    def action_sort(self) -> None:
        from leantui.tui.kaizen.forms import SORT_FIELDS
        from leantui.tui.kit.forms import FormScreen

        def save(values: dict[str, Any]) -> Order:
            return Order(values["sort"], bool(values["descending"]))

        form = FormScreen(t("kaizen.order_title"), SORT_FIELDS, save, self.order)
        self.app.push_screen(form, self._apply_order)

    def _apply_order(self, order: Order | None) -> None:
        if order is not None and order != self.order:
            self.order = order
            self.rows = []
            self.load(self.selected_id)

    def action_reverse(self) -> None:
        self._apply_order(replace(self.order, descending=not self.order.descending))

    def action_metrics(self) -> None:
        from leantui.tui.kaizen.metrics import MetricsScreen

        self.app.push_screen(MetricsScreen(self.ctx))
