"""A flow report for a scope (a board, a team's boards) and a period: everything the
reports screen and the metric exports show, computed in one pass over the history.

The cards' flows do not depend on the period: they are kept for the last few scopes,
keyed by the newest event's id (every change writes one), so another period or a
refresh with nothing changed only computes the figures."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from leantui.core import clock
from leantui.core.db import raw
from leantui.core.db.engine import Database
from leantui.core.hooks import Scope
from leantui.core.metrics import flow, kept, read
from leantui.core.metrics.flow import Aging, CardFlow, CardTimes, ColumnInfo, Override
from leantui.core.metrics.periods import Period

PERCENTILES = (50, 85, 95)


@dataclass(frozen=True)
class Band:
    """One band of the cumulative flow: a column of a board, or (over several boards)
    every column of one kind."""

    key: str
    label: str
    kind: str
    counts: list[int]


@dataclass
class FlowReport:
    scope: Scope
    period: Period
    boards: list[tuple[int, str]]
    days: list[date]
    bands: list[Band]  # board order: backlog first, done last
    wip: list[int]
    throughput: list[tuple[str, int]]
    done: list[CardTimes]
    lead: dict[int, float | None]
    cycle: dict[int, float | None]
    aging: list[Aging]
    overrides: list[Override]
    at: datetime  # the moment aging is measured at
    blocked_days: float = 0.0  # all cards' blocked time within the period
    cards_seen: int = 0
    columns: dict[int, ColumnInfo] = field(default_factory=dict)
    column_counts: dict[int, list[int]] = field(default_factory=dict)  # per column id
    name: str = ""  # the board's or the team's
    wip_now: int = 0  # at the end of the period's last day
    charted: bool = True  # False: the summary alone (the days' series and aging empty)

    @property
    def cycle_days(self) -> list[float]:
        return [c.cycle_days for c in self.done if c.cycle_days is not None]


def local_zone() -> tzinfo:
    return clock.now().astimezone().tzinfo or UTC


def _bands(
    columns: dict[int, ColumnInfo], counts: dict[int, list[int]], n: int, by_board: bool
) -> list[Band]:
    order = {kind: i for i, kind in enumerate(("backlog", "queue", "active", "done"))}
    if by_board:
        ordered = sorted(columns.values(), key=lambda c: (c.position, c.id))
        return [
            Band(str(c.id), c.name, c.kind, counts.get(c.id, [0] * n))
            for c in ordered
            if c.live or any(counts.get(c.id, []))
        ]
    per_kind: dict[str, list[int]] = {}
    for column in columns.values():
        row = per_kind.setdefault(column.kind, [0] * n)
        for i, value in enumerate(counts.get(column.id, [])):
            row[i] += value
    return [
        Band(kind, kind, kind, per_kind[kind])
        for kind in sorted(per_kind, key=lambda k: order.get(k, 9))
    ]


Flows = tuple[dict[int, ColumnInfo], dict[int, CardFlow], list[Override]]
Key = tuple[str, tuple[int, ...]]
_FLOWS: dict[Key, tuple[kept.Kept, dict[int, ColumnInfo]]] = {}
# The event each scope's record on disk was made through: a record a few events old
# costs the next start little to bring up to date, rewriting it costs ~0.1 s a time.
_ON_DISK: dict[Key, int] = {}
SAVE_AFTER = 2000  # events
_LOCK = threading.Lock()
KEEP = 4  # scopes whose flows are kept in memory


def clear_cache() -> None:
    _FLOWS.clear()
    _ON_DISK.clear()


def _continues(reader: raw.Reader, ids: list[int], earlier: kept.Kept, last: int) -> bool:
    """Whether the history since `earlier` was built is that one, written on: only on
    SQLite, whose ids follow the order of commits (a server's need not)."""
    return (
        reader.sqlite
        and earlier.through <= last
        and read.event_mark(reader, earlier.through) == earlier.mark
        and not read.columns_changed(reader, ids, earlier.through)
    )


def _flows(reader: raw.Reader, db: Database, ids: list[int]) -> Flows:
    """The cards' flows through the newest event: kept in memory, else on disk (a SQLite
    file's), brought up to date by replaying only what was written since when the
    history is the one they were built from; else replayed from the start. All in the
    reader's one read transaction, which sees one moment of the history. One thread at
    a time: a second one asking meanwhile waits for the first's flows, not replays."""
    with _LOCK:
        return _flows_now(reader, db, ids)


def _flows_now(reader: raw.Reader, db: Database, ids: list[int]) -> Flows:
    key = (db.url, tuple(ids))
    last = read.last_event(reader)
    held = _FLOWS.get(key)
    if held is not None and held[0].through == last:
        return held[1], *held[0].flows
    columns = read.columns_of(reader, ids)
    earlier = held[0] if held else None
    if earlier is None and reader.sqlite and db.path is not None:
        earlier = kept.load(db.path, ids)
        if earlier is not None:
            _ON_DISK[key] = earlier.through
    if earlier is not None and not _continues(reader, ids, earlier, last):
        earlier = None
        _ON_DISK.pop(key, None)  # of another history
    after = earlier.through if earlier else 0
    flows = flow.flows(
        read.card_facts(reader, ids, after), columns, earlier.flows if earlier else None
    )
    _FLOWS.pop(key, None)
    while len(_FLOWS) >= KEEP:
        del _FLOWS[next(iter(_FLOWS))]
    _FLOWS[key] = (kept.Kept(last, read.event_mark(reader, last), flows), columns)
    return columns, *flows


def _save(db: Database, ids: list[int]) -> None:
    """Keep the scope's flows on disk (a SQLite file's), when no record holds them or
    theirs is `SAVE_AFTER` events old."""
    key = (db.url, tuple(ids))
    with _LOCK:
        held = _FLOWS.get(key)
        if held is None or db.path is None:
            return
        through = held[0].through
        if key not in _ON_DISK or through - _ON_DISK[key] >= SAVE_AFTER:
            kept.save(db.path, ids, held[0])
            _ON_DISK[key] = through


def default_scope(db: Database, preferred: str) -> Scope | None:
    """The default board's scope (None when there is no live board)."""
    with raw.reading(db) as reader:
        return read.default_scope(reader, preferred)


def flow_report(
    db: Database, scope: Scope, period: Period, tz: tzinfo | None = None, *, charts: bool = True
) -> FlowReport:
    """The report; without `charts`, only its summary (the cheaper half, for a screen to
    draw first): no days' series, no aging, `charted` False."""
    zone = tz or local_zone()
    with raw.reading(db) as reader:
        boards = read.boards_of(reader, scope)
        ids = [board_id for board_id, _ in boards]
        name = read.scope_name(reader, scope)
        columns, flows, overrides = _flows(reader, db, ids)
    cards = flows.values()
    start = datetime.combine(period.start, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    end = flow.day_end(period.end, zone)
    now = clock.now()
    at = min(end, now)
    low, high = start.timestamp(), at.timestamp()
    days = flow.days_of(period.start, period.end)
    done = flow.completed(cards, start, end)
    cycles = [c.cycle_days for c in done if c.cycle_days is not None]
    cycle = {p: flow.percentile(cycles, p) for p in PERCENTILES}
    lead = {p: flow.percentile([c.lead_days for c in done], p) for p in PERCENTILES}
    report = FlowReport(
        scope=scope,
        period=period,
        boards=boards,
        days=days,
        bands=[],
        wip=[],
        throughput=[],
        done=done,
        lead=lead,
        cycle=cycle,
        aging=[],
        overrides=[o for o in overrides if start <= o.at < end],
        at=at,
        blocked_days=sum(flow.blocked_between(c, low, high) for c in cards) / flow.DAY,
        cards_seen=len(flows),
        columns=columns,
        name=name,
        charted=charts,
    )
    if not charts:
        report.wip_now = flow.wip_at(cards, columns, flow.day_end(days[-1], zone).timestamp())
        return report
    counts = flow.cfd(cards, days, zone)
    report.bands = _bands(columns, counts, len(days), len(ids) == 1)
    report.column_counts = counts
    report.wip = flow.wip(cards, columns, days, zone)
    report.wip_now = (report.wip or [0])[-1]
    report.throughput = flow.throughput(done, period.start, period.end, zone)
    report.aging = flow.aging(cards, columns, at, cycle[85])
    _save(db, ids)  # after the figures: the first frame (the summary) does not wait for it
    return report


def history_period(db: Database, scope: Scope, tz: tzinfo | None = None) -> Period:
    """From the day of the scope's first card event to today (today alone if none)."""
    zone = tz or local_zone()
    today = clock.now().astimezone(zone).date()
    with raw.reading(db) as reader:
        first = read.first_event(
            reader, [board_id for board_id, _ in read.boards_of(reader, scope)]
        )
    start = min(first.astimezone(zone).date(), today) if first else today
    return Period(start, today)


def histogram(values: list[float], buckets: int = 10) -> list[tuple[int, int, int]]:
    """(from day, to day, count): whole-day buckets [from, to) covering the values, at most
    `buckets` of them, each as wide as needed."""
    if not values:
        return []
    top = int(max(values)) + 1
    width = max(1, -(-top // buckets))
    out = []
    for low in range(0, top, width):
        out.append((low, low + width, sum(1 for v in values if low <= v < low + width)))
    return out
