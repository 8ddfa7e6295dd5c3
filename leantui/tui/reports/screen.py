"""The reports screen: a board or a team, a period, and what the history says about them
(cumulative flow, cycle times with p50 and p85, throughput per week, WIP, aging WIP) with
each module's figures. The report is computed in a worker off the UI thread; the
sections draw themselves to the width they get (one column at 80, two at 120 and up)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from leantui.core import clock
from leantui.core.errors import LeanError
from leantui.core.hooks import Scope
from leantui.core.i18n import t
from leantui.core.metrics import periods
from leantui.core.metrics.modules import ModuleFigures
from leantui.core.metrics.periods import Period
from leantui.core.metrics.report import FlowReport
from leantui.tui.kit import ahead
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.forms import Field, FormScreen
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn, ListDialog
from leantui.tui.kit.screens import Context, ModuleScreen
from leantui.tui.reports import export, sections

WIDE = 120  # from this width on, the sections stand in two columns


def _verb(name: str, action: str, keys: str, command: bool = True, show: bool = True) -> Verb:
    return Verb(
        f"reports.{name}",
        action,
        keys,
        f"reports.key_{name}",
        f"reports.cmd_{name}" if command else "",
        f"reports.cmd_{name}_help" if command else "",
        show,
    )


@dataclass(frozen=True)
class ScopeChoice:
    """A board or a team to report on."""

    id: str  # "board:3", "team:2"
    kind: str
    name: str
    scope: Scope


class Section(Widget):
    """A titled block whose text is drawn for the width it is given."""

    DEFAULT_CSS = """
    Section { height: auto; padding: 0 1; }
    """

    def __init__(self, title: str, draw: Callable[[int], Text], *, id: str) -> None:
        super().__init__(id=id)
        self.title = title
        self.draw = draw
        self.drawn: tuple[int, Text] | None = None  # layout and render ask for the same

    def redraw(self) -> None:
        self.drawn = None
        self.refresh(layout=True)

    def _text(self, width: int) -> Text:
        if self.drawn is not None and self.drawn[0] == width:
            return self.drawn[1]
        out = Text()
        out.append(self.title + "\n", style="bold")
        body = self.draw(max(10, width))
        body.rstrip()
        out.append_text(body)
        out.append("\n")  # a blank line under each section
        self.drawn = (width, out)
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._text(width).wrap(self.app.console, max(1, width), no_wrap=True))

    def render(self) -> Text:
        return self._text(self.content_region.width)


class ScopeList(ListDialog[Scope | None, ScopeChoice]):
    BOX = "list wide"
    VERBS = (Verb("reports.scope_close", "close", "escape", "app.key_close"),)
    BINDINGS = bindings(VERBS)
    empty = "reports.no_boards"
    columns = (
        ListColumn[ScopeChoice]("reports.scope_kind", lambda c: t(f"reports.kind_{c.kind}")),
        ListColumn[ScopeChoice]("fields.name", lambda c: c.name, grow=True),
    )

    def __init__(self, choices: list[ScopeChoice], current: str) -> None:
        super().__init__(t("reports.scope_title"), t("reports.scope_hint"), current)
        self.choices = choices

    def key_of(self, row: ScopeChoice) -> str:
        return row.id

    def read(self) -> list[ScopeChoice]:
        return self.choices

    def chosen(self, row: ScopeChoice) -> None:
        self.dismiss(row.scope)


PERIOD_FIELDS = (
    Field("start", "fields.start", hint="reports.date_hint"),
    Field("end", "fields.end", hint="reports.date_hint"),
)


def scope_choices(db: Any) -> list[ScopeChoice]:
    from leantui.core.kanban import boards
    from leantui.core.services import workspace

    found = [
        ScopeChoice(f"board:{b.id}", "board", b.name, Scope(board_id=b.id))
        for b in boards.list_boards(db)
    ]
    found += [
        ScopeChoice(f"team:{team.id}", "team", team.name, Scope(team_id=team.id))
        for team in workspace.list_teams(db)
    ]
    return found


def scope_key(scope: Scope) -> str:
    if scope.board_id is not None:
        return f"board:{scope.board_id}"
    if scope.team_id is not None:
        return f"team:{scope.team_id}"
    return ""


Summary = tuple[Scope | None, FlowReport | None]  # (None, None): no board to report on


def summary_of(
    db: Any, preferred: str, scope: Scope | None, period: Period, moment: datetime
) -> Summary:
    """The scope's report summary (of the default board when `scope` is None) as of
    `moment`: what the screen's first frame shows."""
    from leantui.core.metrics.report import default_scope, flow_report

    with clock.pinned(moment):
        scope = scope or default_scope(db, preferred)
        if scope is None:
            return None, None
        return scope, flow_report(db, scope, period, charts=False)


class ReportsScreen(ModuleScreen):
    VERBS = (
        _verb("scope", "pick_scope", "b"),
        _verb("period", "next_period", "p"),
        _verb("week", "preset('week')", "w", show=False),
        _verb("four_weeks", "preset('4weeks')", "m", show=False),
        _verb("quarter", "preset('quarter')", "q", show=False),
        _verb("custom", "custom_period", "c"),
        _verb("export", "export", "e"),
        _verb("refresh", "refresh_report", "r", show=False),
        _verb("down", "scroll(1)", "j,down", command=False, show=False),
        _verb("up", "scroll(-1)", "k,up", command=False, show=False),
        _verb("page_down", "page(1)", "pagedown,space", command=False, show=False),
        _verb("page_up", "page(-1)", "pageup", command=False, show=False),
        _verb("top", "jump(0)", "home,g", command=False, show=False),
        _verb("bottom", "jump(1)", "end,G", command=False, show=False),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.scope: Scope | None = None
        self.scope_name = ""
        self.period = periods.preset("4weeks", clock.today())
        self.report: FlowReport | None = None
        self.figures: ModuleFigures | None = None
        self.computing = False
        self.problem = ""
        self.built = False  # mounted: what the worker finds can be drawn
        # The summary is read while the screen is still being built: the flows are most
        # of the wait, and the worker starts only once the screen is mounted.
        moment = clock.now()
        first = ahead.read_ahead(
            "reports-read-ahead",
            summary_of,
            self.db,
            self.settings.default_board,
            None,
            self.period,
            moment,
        )
        self._ahead: tuple[Period, Future[Summary]] | None = (self.period, first)
        self._start(moment)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="reports-title")
        with VerticalScroll(id="reports-body"):
            yield Static("", id="reports-message")
            with Grid(id="reports-grid"):
                yield Section(t("reports.summary"), self._summary, id="sec-summary")
                yield Section(t("reports.wip"), self._wip, id="sec-wip")
                yield Section(t("reports.cfd"), self._cfd, id="sec-cfd")
                yield Section(t("reports.cycle_dist"), self._cycle, id="sec-cycle")
                yield Section(t("reports.throughput"), self._throughput, id="sec-throughput")
                yield Section(t("reports.aging"), self._aging, id="sec-aging")
                yield Section(t("reports.modules"), self._modules, id="sec-modules")
        yield KeyBar()

    def on_mount(self) -> None:
        self.built = True
        self._layout()
        self._show_state()  # what was found meanwhile, or that it is being computed

    def on_resize(self) -> None:
        self._layout()
        for section in self.query(Section):
            section.redraw()  # the charts' heights follow the screen's

    def _layout(self) -> None:
        self.set_class(self.size.width >= WIDE, "wide")

    # --- drawing --------------------------------------------------------------------

    def _ready(self, draw: Callable[[FlowReport], Text], *, chart: bool = True) -> Text:
        if self.report is None or (chart and not self.report.charted):
            return Text(t("reports.computing") if self.computing else "—", style="dim")
        return draw(self.report)

    def _summary(self, width: int) -> Text:
        return self._ready(lambda r: sections.summary(r, width), chart=False)

    def _cfd(self, width: int) -> Text:
        height = 14 if self.size.height >= 40 else 8
        return self._ready(lambda r: sections.cfd(r, width, height))

    def _cycle(self, width: int) -> Text:
        return self._ready(lambda r: sections.cycle_distribution(r, width))

    def _throughput(self, width: int) -> Text:
        return self._ready(lambda r: sections.throughput(r, width))

    def _wip(self, width: int) -> Text:
        return self._ready(lambda r: sections.wip(r, width))

    def _aging(self, width: int) -> Text:
        rows = 14 if self.size.height >= 40 else sections.AGING_ROWS
        return self._ready(lambda r: sections.aging(r, width, rows))

    def _modules(self, width: int) -> Text:
        if self.figures is None:
            return Text("—", style="dim")
        return sections.modules(self.figures, width)

    def _show_state(self) -> None:
        if not self.built:
            return  # on_mount shows it
        start, end = self.period.start.isoformat(), self.period.end.isoformat()
        label = t(f"reports.period_{self.period.preset}")
        where = f" · {self.scope_name}" if self.scope_name else ""
        detail = f"{where} · {label} {start} – {end}"
        self.query_one(TitleBar).show(t("reports.title"), detail)
        message = self.query_one("#reports-message", Static)
        message.update(Text(self.problem, style="red") if self.problem else "")
        message.display = bool(self.problem)
        for section in self.query(Section):
            section.redraw()

    # --- computing ------------------------------------------------------------------

    def reload(self) -> None:
        self.compute()

    def compute(self) -> None:
        self._start()
        self._show_state()

    def _start(self, moment: datetime | None = None) -> None:
        self.computing = True
        self.problem = ""
        self._compute(self.scope, self.period, moment or clock.now())

    @work(thread=True, exclusive=True, group="reports", exit_on_error=False)
    def _compute(self, scope: Scope | None, period: Period, moment: datetime) -> None:
        """The report as of `moment` (the clock of the UI thread when it was asked): its
        summary first, then its charts (the cards' flows read once, without SQLAlchemy on
        a SQLite file, and kept in between), then the modules' figures (which go through
        their services)."""
        from leantui.core.metrics.modules import module_figures
        from leantui.core.metrics.report import flow_report

        first, self._ahead = self._ahead, None  # the first report's summary only
        try:
            with clock.pinned(moment):
                if first is not None and (scope, period) == (None, first[0]):
                    scope, report = first[1].result()
                else:
                    scope, report = summary_of(
                        self.db, self.settings.default_board, scope, period, moment
                    )
                if scope is None or report is None:
                    self.app.call_from_thread(self._failed, t("reports.no_boards"))
                    return
                self.app.call_from_thread(self._computed, scope, period, report)
                report = flow_report(self.db, scope, period)
                self.app.call_from_thread(self._computed, scope, period, report)
                figures = module_figures(self.db, scope)
        except LeanError as exc:
            self.app.call_from_thread(self._failed, exc.message())
            return
        except Exception as exc:  # the database went away …
            self.app.call_from_thread(self._failed, t("reports.failed", problem=exc))
            return
        self.app.call_from_thread(self._figured, scope, figures)

    def _computed(self, scope: Scope, period: Period, report: FlowReport) -> None:
        if self.scope is None:
            self.scope = scope  # the default board, found by the worker
        if scope != self.scope or period != self.period:
            return  # asked for something else meanwhile
        self.scope_name, self.report = report.name, report
        self.computing = not report.charted
        self._show_state()

    def _figured(self, scope: Scope, figures: ModuleFigures) -> None:
        if scope == self.scope:
            self.figures = figures
            if self.built:
                self.query_one("#sec-modules", Section).redraw()

    def _failed(self, message: str) -> None:
        self.computing = False
        self.problem = message
        self._show_state()

    # --- actions --------------------------------------------------------------------

    def action_pick_scope(self) -> None:
        def done(scope: Scope | None) -> None:
            if scope is not None and scope != self.scope:
                self.scope, self.report, self.figures = scope, None, None
                self.compute()

        choices = scope_choices(self.db)
        self.app.push_screen(ScopeList(choices, scope_key(self.scope or Scope())), done)

    def action_preset(self, name: str) -> None:
        self.period = periods.preset(name, clock.today())
        self.report = None
        self.compute()

    def action_next_period(self) -> None:
        order = periods.PRESETS
        current = self.period.preset
        following = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
        self.action_preset(following)

    def action_custom_period(self) -> None:
        def save(values: dict[str, Any]) -> Period:
            return periods.custom(values["start"] or "", values["end"] or "")

        def done(period: Period | None) -> None:
            if period is not None:
                self.period, self.report = period, None
                self.compute()

        row = {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        self.app.push_screen(FormScreen(t("reports.custom_title"), PERIOD_FIELDS, save, row), done)

    def action_export(self) -> None:
        """The tables of the board or team on screen over its period, written in a
        worker (reports/export.py)."""
        from leantui.core import export as core_export
        from leantui.core.metrics.report import local_zone

        if self.scope is None:
            self.notify(t("reports.no_boards"), severity="warning", markup=False)
            return
        scope = export.period_scope(self.scope, self.period, local_zone())

        def asked(request: export.Request | None) -> None:
            if request is not None:
                self.app.push_screen(export.ExportDialog(self.db, request), finished)

        def finished(outcome: export.Outcome | None) -> None:
            if outcome is not None:
                message, written = outcome
                self.notify(message, severity="information" if written else "warning", markup=False)

        form = FormScreen(
            t("reports.export_title"),
            export.FIELDS,
            lambda values: export.request(values, scope, self.settings),
            {"kind": export.ALL, "format": "csv", "folder": str(Path.cwd())},
            choices=export.choices(core_export.kinds(self.db)),
        )
        self.app.push_screen(form, asked)

    def action_refresh_report(self) -> None:
        self.compute()

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#reports-body", VerticalScroll)
        body.scroll_relative(y=delta * 2, animate=False)

    def action_page(self, delta: int) -> None:
        body = self.query_one("#reports-body", VerticalScroll)
        body.scroll_relative(y=delta * max(1, body.size.height - 2), animate=False)

    def action_jump(self, last: int) -> None:
        body = self.query_one("#reports-body", VerticalScroll)
        if last:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)
