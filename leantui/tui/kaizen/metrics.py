"""Whether people's ideas are heard, per team: one line a team with a sparkline of the
last six months (oldest left) and this month's figure for each of submitted, adoption
rate, participation, median days to a decision and actual savings (in the configured
currency). Enter shows the team's months in figures. The numbers come from
kaizen.metrics, read in a thread (waited for before the first frame when it is quick):
the six months' suggestions as plain rows (no SQLAlchemy on a SQLite file), counted in
the core."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
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
from leantui.tui.kit import ahead
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn, ListDialog, ListTable
from leantui.tui.kit.palette import VerbCommands
from leantui.tui.kit.screens import Context

QUICK_READ = 0.25  # seconds the metrics' first frame waits for their figures at most


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
        # Read in a thread from now on, while the screen is built (sqlite3 lets go of the
        # interpreter while it reads).
        currency = ctx.settings.kaizen.currency
        self._reading = ahead.read_ahead("kaizen-metrics-read", self._read, clock.now(), currency)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="metrics-title")
        yield ListTable(id="metrics", cursor_type="row", zebra_stripes=False)
        # What the sparklines mean; until the figures are there, that they are coming.
        yield Static(t("kaizen.metrics_reading"), id="metrics-legend", classes="hint")
        yield KeyBar()

    @property
    def table(self) -> ListTable[TeamTrend]:
        return self.query_one("#metrics", ListTable)

    async def on_mount(self) -> None:
        self.table.set_columns(TEAM_COLUMNS)
        months = rules.last_months(clock.today())
        self.query_one(TitleBar).show(
            t("kaizen.metrics_title"),
            "  " + t("kaizen.metrics_span", first=months[0], last=months[-1]),
        )
        reading = asyncio.wrap_future(self._reading)  # its callbacks run in the app's loop
        # A read that is over in a blink (tens of ms on 20,000 suggestions) is waited for
        # here, before the first frame: the figures then come in that frame, drawn once.
        # (A frame saying they are being read, drawn while the thread read, cost ~100 ms
        # more.) A longer one shows that frame, and its figures when they come.
        await asyncio.wait([reading], timeout=QUICK_READ)
        if not reading.done():
            reading.add_done_callback(lambda read: self.post_message(read.result()))
        elif isinstance(found := reading.result(), Read):
            self._shown(found)
        else:
            self._failed(found)

    def _read(self, moment: datetime, currency: str) -> Read | ReadFailed:
        """The months up to `moment`'s (the clock of the thread that asked)."""
        from leantui.core.kaizen import metrics

        try:
            with clock.pinned(moment):
                return Read(metrics.recent(self.ctx.db, rules.TREND_MONTHS, currency=currency))
        except LeanError as exc:
            return ReadFailed(exc)
        except Exception as exc:  # the database went away, a lock timed out …
            return ReadFailed(LeanError("kaizen.load_failed", problem=exc))

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
