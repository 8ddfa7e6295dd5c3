"""Whether people's ideas are heard, per team: one line a team with a sparkline of the
last six months (oldest left) and this month's figure for each of submitted, adoption
rate, participation, median days to a decision and actual savings (in the configured
currency). Enter shows the team's months in figures. The numbers come from
kaizen.metrics, read in a worker: the six months' suggestions as plain rows (no
SQLAlchemy on a SQLite file), counted in the core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.command import Provider
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from leantui.core import clock
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kaizen import rules
from leantui.core.kaizen.rows import MonthStats, TeamTrend
from leantui.core.text import shown
from leantui.tui.kaizen import cells
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn, ListDialog, ListTable
from leantui.tui.kit.palette import VerbCommands
from leantui.tui.kit.screens import Context


def _trend(name: str, show: Callable[[Any], str], top: float | None = None) -> Any:
    """A team's sparkline of `name` and its latest month's figure."""

    def cell(trend: TeamTrend) -> str:
        values = trend.series(name)
        last = getattr(trend.months[-1], name) if trend.months else None
        return f"{cells.spark(values, top)} {show(last)}"

    return cell


def _count(value: Any) -> str:
    return cells.NOTHING if value is None else str(value)


TEAM_COLUMNS: tuple[ListColumn[TeamTrend], ...] = (
    ListColumn("kaizen.h_team", lambda r: r.team or t("kaizen.no_team"), grow=True),
    ListColumn("kaizen.m_submitted", _trend("submitted", _count)),
    ListColumn("kaizen.m_adoption", _trend("adoption_rate", rules.percent, top=1.0)),
    ListColumn("kaizen.m_participation", _trend("participation", rules.percent, top=1.0)),
    ListColumn("kaizen.m_days", _trend("median_days", cells.days)),
    ListColumn("kaizen.m_saving", _trend("actual_saving", cells.compact_money)),
)

MONTH_COLUMNS: tuple[ListColumn[MonthStats], ...] = (
    ListColumn("kaizen.h_month", lambda m: m.month),
    ListColumn("kaizen.m_submitted", lambda m: str(m.submitted), right=True),
    ListColumn("kaizen.m_decided", lambda m: str(m.decided), right=True),
    ListColumn("kaizen.m_adoption", lambda m: rules.percent(m.adoption_rate), right=True),
    ListColumn(
        "kaizen.m_implementation", lambda m: rules.percent(m.implementation_rate), right=True
    ),
    ListColumn("kaizen.m_participation", lambda m: rules.percent(m.participation), right=True),
    ListColumn("kaizen.m_days", lambda m: cells.days(m.median_days), right=True),
    ListColumn("kaizen.m_estimated", lambda m: cells.compact_money(m.estimated_saving), right=True),
    ListColumn("kaizen.m_saving", lambda m: cells.compact_money(m.actual_saving), right=True),
)


@dataclass
class Read(Message):
    trends: list[TeamTrend]


@dataclass
class ReadFailed(Message):
    error: LeanError


class MetricsScreen(Screen[None]):
    """Opened from the kaizen list (`m`); Esc goes back to it."""

    VERBS = (
        Verb(
            "kaizen.metrics_months",
            "months",
            "v,space",
            "kaizen.key_metrics_months",
            "kaizen.cmd_metrics_months",
            "kaizen.cmd_metrics_months_help",
        ),
        Verb("kaizen.metrics_close", "close", "escape,q", "app.key_close"),
    )
    BINDINGS = bindings(VERBS)
    COMMANDS: ClassVar[set[type[Provider] | Any]] = {VerbCommands}

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.trends: list[TeamTrend] = []
        self.reading = True  # (not `loading`: Textual's, which covers the screen)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="metrics-title")
        yield ListTable(id="metrics", cursor_type="row", zebra_stripes=False)
        # What the sparklines mean; until the figures are there, that they are coming.
        yield Static(t("kaizen.metrics_reading"), id="metrics-legend", classes="hint")
        yield KeyBar()

    @property
    def table(self) -> ListTable[TeamTrend]:
        return self.query_one("#metrics", ListTable)

    def on_mount(self) -> None:
        self.table.set_columns(TEAM_COLUMNS)
        months = rules.last_months(clock.today())
        currency = self.ctx.settings.kaizen.currency
        self.query_one(TitleBar).show(
            t("kaizen.metrics_title"),
            "  " + t("kaizen.metrics_span", first=months[0], last=months[-1]),
        )
        self._read(clock.now(), currency)  # in a thread, while the frame is drawn

    @work(thread=True, exclusive=True, group="kaizen-metrics", exit_on_error=False)
    def _read(self, moment: datetime, currency: str) -> None:
        """The months up to `moment`'s (the clock of the thread that asked)."""
        from leantui.core.kaizen import metrics

        try:
            with clock.pinned(moment):
                trends = metrics.recent(self.ctx.db, rules.TREND_MONTHS, currency=currency)
        except LeanError as exc:
            self.post_message(ReadFailed(exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(ReadFailed(LeanError("kaizen.load_failed", problem=exc)))
        else:
            self.post_message(Read(trends))

    @on(Read)
    def _shown(self, message: Read) -> None:
        self.reading = False
        self.trends = message.trends
        table = self.table
        table.clear()
        for index, trend in enumerate(self.trends):
            table.add(trend, str(index))
        currency = self.ctx.settings.kaizen.currency
        legend = t("kaizen.metrics_legend", currency=currency) if self.trends else ""
        self.query_one("#metrics-legend", Static).update(legend or t("kaizen.no_teams"))
        # Every column at its width in the frame that shows them (not in one more).
        table.fit(self.app.size.width - 1)
        table.focus()
        self.refresh_bindings()
        self.call_after_refresh(table.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.table.fit)

    @on(ReadFailed)
    def _failed(self, message: ReadFailed) -> None:
        self.reading = False
        self.query_one("#metrics-legend", Static).update(Text(message.error.message()))

    @property
    def selected(self) -> TeamTrend | None:
        index = self.table.cursor_row
        return self.trends[index] if self.trends and 0 <= index < len(self.trends) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "months":
            return self.selected is not None
        return True

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_months()

    def action_months(self) -> None:
        trend = self.selected
        if trend is not None:
            self.app.push_screen(TeamMonths(trend))

    def action_close(self) -> None:
        self.dismiss(None)


class TeamMonths(ListDialog[None, MonthStats]):
    """One team's last months in figures."""

    BOX = "list metrics"
    VERBS = (Verb("kaizen.months_close", "close", "escape,q", "app.key_close"),)
    BINDINGS = bindings(VERBS)
    columns = MONTH_COLUMNS

    def __init__(self, trend: TeamTrend) -> None:
        name = shown(trend.team) or t("kaizen.no_team")
        super().__init__(t("kaizen.months_title", team=name), t("kaizen.months_hint"))
        self.trend = trend

    def read(self) -> list[MonthStats]:
        return list(reversed(self.trend.months))  # this month first

    def key_of(self, row: MonthStats) -> str:
        return row.month
