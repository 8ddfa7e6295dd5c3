"""Flow metrics of kanban cards, from their event history alone (never the cards table):
so a card deleted later still counts in the days it lived, and a card moved back out of
Done and done again counts once, at its last completion.

Plain functions over plain values (`Fact`s and `ColumnInfo`s), checked against hand-built
histories; `read.py` streams the facts out of the database.

Definitions:
- lead time: created → done (its last entry into a `done` column, if it stayed there);
- cycle time: first entry into an `active` column → done (none if it never was active);
- WIP at a moment: cards in a `queue` or `active` column that have started;
- cumulative flow: cards per column at the end of each day (a done card archived stays
  in Done; an archived card elsewhere, or a deleted one, has left the board);
- aging WIP: open cards in `queue`/`active` columns, aged from their start (from their
  creation when not started), against the board's p85 cycle time;
- percentiles by nearest rank: p of n sorted values is the ⌈p·n/100⌉-th."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

DAY = 86400.0
OPEN_KINDS = ("queue", "active")


class Fact(NamedTuple):
    """One card event, as the history query gives it (read.card_facts); moments are
    seconds since the epoch here, hundreds of thousands of them per report."""

    at: float
    card_id: int
    board_id: int
    action: str
    column_id: Any = None  # a move's target column, a create's or restore's column
    title: Any = None  # a create's title, an edit's new title
    unblocked: Any = None  # a move that unblocked the card
    column: Any = None  # the column an override named (for one gone since)
    override_reason: Any = None  # a move or create over the WIP limit
    actor: Any = None  # who, for an override


@dataclass(frozen=True)
class ColumnInfo:
    id: int
    board_id: int
    name: str
    kind: str
    position: int
    live: bool = True  # False: deleted, known from its events only


# A stay in a column: [column id, start, end or None]; a block: [start, end or None].
# Lists of plain numbers, so that a record of them (kept.py) loads as it is.
Stay = list[Any]


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True)
class Override:
    at: datetime
    card_id: int
    board_id: int
    title: str
    column_id: int | None
    column: str
    reason: str
    actor: str


@dataclass
class CardFlow:
    """One card's life, rebuilt from its events (moments in seconds since the epoch)."""

    card_id: int
    board_id: int
    title: str = ""
    created: float | None = None
    started: float | None = None
    done: float | None = None  # its last completion, while it stays done
    deleted: float | None = None
    archived: bool = False
    stays: list[Stay] = field(default_factory=list)
    blocks: list[Stay] = field(default_factory=list)

    @property
    def current(self) -> Stay | None:
        return self.stays[-1] if self.stays and self.stays[-1][2] is None else None

    def copy(self) -> CardFlow:
        """A copy that can change without changing this one."""
        return replace(
            self, stays=[list(s) for s in self.stays], blocks=[list(b) for b in self.blocks]
        )

    def column_at(self, at: float) -> int | None:
        for column_id, start, end in reversed(self.stays):
            if start <= at and (end is None or at < end):
                return int(column_id)
        return None

    def blocked_seconds(self, until: float) -> float:
        total = 0.0
        for start, end in self.blocks:
            if start < until:
                total += max(0.0, min(until if end is None else end, until) - start)
        return total


def blocked_between(card: CardFlow, start: float, end: float) -> float:
    """Seconds the card was blocked within [start, end)."""
    total = 0.0
    for low, high in card.blocks:
        low, high = max(low, start), min(end if high is None else high, end)
        if high > low:
            total += high - low
    return total


@dataclass(frozen=True)
class CardTimes:
    """A completed card's lead and cycle time, in days."""

    card_id: int
    board_id: int
    title: str
    created: datetime
    started: datetime | None
    done: datetime
    lead_days: float
    cycle_days: float | None
    blocked_days: float


@dataclass(frozen=True)
class Aging:
    card_id: int
    board_id: int
    title: str
    column_id: int
    column: str
    kind: str
    since: datetime
    age_days: float
    over_p85: bool
    blocked: bool


# --- rebuilding the cards --------------------------------------------------------------------


def _kind(columns: dict[int, ColumnInfo], column_id: Any) -> str:
    found = columns.get(column_id) if isinstance(column_id, int) else None
    return found.kind if found else "queue"


Flows = tuple[dict[int, CardFlow], list[Override]]


def flows(
    facts: Iterable[tuple[Any, ...]], columns: dict[int, ColumnInfo], earlier: Flows | None = None
) -> Flows:
    """Every card's flow, and the WIP-limit overrides, from card events (laid out as
    `Fact`s) in time order; with `earlier` (the flows of the history before `facts`),
    from there on. `earlier` is left as it was: another thread may still be reading it,
    so a card it holds is copied before it changes."""
    cards: dict[int, CardFlow] = dict(earlier[0]) if earlier else {}
    overrides: list[Override] = list(earlier[1]) if earlier else []
    shared = set(cards)  # cards of `earlier`, not copied yet

    kinds = {column_id: column.kind for column_id, column in columns.items()}

    def enter(card: CardFlow, column_id: int, at: float) -> None:
        card.stays.append([column_id, at, None])
        kind = kinds.get(column_id, "queue")  # _kind, for an int, without a call
        if kind == "active" and card.started is None:
            card.started = at
        card.done = at if kind == "done" else None

    def leave(card: CardFlow, at: float) -> None:
        stays = card.stays  # card.current, without the property's calls
        if stays and stays[-1][2] is None:
            stays[-1][2] = at

    def unblock(card: CardFlow, at: float) -> None:
        if card.blocks and card.blocks[-1][1] is None:
            card.blocks[-1][1] = at

    for at, card_id, board_id, action, target, title, unblocked, named, reason, actor in facts:
        card = cards.get(card_id)
        if card is None:
            card = cards[card_id] = CardFlow(card_id, board_id)
        elif shared and card_id in shared:
            shared.discard(card_id)
            card = cards[card_id] = card.copy()
        if action == "create":
            card.created = at
            card.title = "" if title is None else str(title)
            if isinstance(target, int):
                enter(card, target, at)
        elif action == "move":
            leave(card, at)
            if isinstance(target, int):
                enter(card, target, at)
            if unblocked:
                unblock(card, at)
        elif action == "edit":
            if title is not None:
                card.title = str(title)
        elif action == "block":
            if not card.blocks or card.blocks[-1][1] is not None:
                card.blocks.append([at, None])
        elif action == "unblock":
            unblock(card, at)
        elif action == "archive":
            card.archived = True
            current = card.current
            if current is not None and _kind(columns, current[0]) != "done":
                leave(card, at)
        elif action == "restore":
            card.archived = False
            if card.current is None and isinstance(target, int):
                enter(card, target, at)
        elif action == "delete":
            card.deleted = at
            leave(card, at)
            unblock(card, at)
        if reason is not None:
            column = columns.get(target) if isinstance(target, int) else None
            overrides.append(
                Override(
                    moment(at),
                    card_id,
                    board_id,
                    card.title,
                    target if isinstance(target, int) else None,
                    column.name if column else str(named or ""),
                    str(reason),
                    str(actor or ""),
                )
            )
    return cards, overrides


# --- the figures -----------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the ⌈p·n/100⌉-th smallest value; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


def completed(cards: Iterable[CardFlow], start: datetime, end: datetime) -> list[CardTimes]:
    """The cards whose last completion falls in [start, end), in completion order."""
    low, high = start.timestamp(), end.timestamp()
    out = []
    for card in cards:
        done, created, started = card.done, card.created, card.started
        if done is None or created is None or not low <= done < high:
            continue
        out.append(
            CardTimes(
                card.card_id,
                card.board_id,
                card.title,
                moment(created),
                None if started is None else moment(started),
                moment(done),
                (done - created) / DAY,
                None if started is None else (done - started) / DAY,
                card.blocked_seconds(done) / DAY,
            )
        )
    out.sort(key=lambda c: (c.done, c.card_id))
    return out


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def days_of(start: date, end: date) -> list[date]:
    """Every day from `start` to `end`, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def day_end(day: date, tz: tzinfo) -> datetime:
    """The first moment after `day`, in `tz`."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


def weeks_of(start: date, end: date) -> list[str]:
    weeks: list[str] = []
    for day in days_of(start, end):
        week = iso_week(day)
        if not weeks or weeks[-1] != week:
            weeks.append(week)
    return weeks


def throughput(
    done: Iterable[CardTimes], start: date, end: date, tz: tzinfo
) -> list[tuple[str, int]]:
    """Completions per ISO week for every week the days `start`..`end` touch."""
    counts = dict.fromkeys(weeks_of(start, end), 0)
    for card in done:
        week = iso_week(local_day(card.done, tz))
        if week in counts:
            counts[week] += 1
    return list(counts.items())


def _per_day(intervals: Iterable[Sequence[Any]], ends: list[float]) -> dict[Any, list[int]]:
    """For each key, how many of its [start, end) intervals hold each moment of `ends`
    (sorted), by difference arrays: one pass over the intervals."""
    diff: dict[Any, list[int]] = {}
    n = len(ends)
    for key, start, stop in intervals:
        # ends[i] is held when start <= ends[i] < stop.
        first = bisect_left(ends, start)
        last = n if stop is None else bisect_left(ends, stop)
        if first >= last:
            continue
        row = diff.get(key)
        if row is None:
            row = diff[key] = [0] * (n + 1)
        row[first] += 1
        row[last] -= 1
    out: dict[Any, list[int]] = {}
    for key, row in diff.items():
        total, counts = 0, []
        for step in row[:n]:
            total += step
            counts.append(total)
        out[key] = counts
    return out


def _day_ends(days: list[date], tz: tzinfo) -> list[float]:
    return [day_end(day, tz).timestamp() for day in days]


def cfd(cards: Iterable[CardFlow], days: list[date], tz: tzinfo) -> dict[int, list[int]]:
    """Cards per column id at the end of each day."""
    return _per_day((stay for card in cards for stay in card.stays), _day_ends(days, tz))


def wip(
    cards: Iterable[CardFlow], columns: dict[int, ColumnInfo], days: list[date], tz: tzinfo
) -> list[int]:
    """Cards started and not done (in a queue or active column) at the end of each day."""
    open_columns = {c.id for c in columns.values() if c.kind in OPEN_KINDS}
    known = set(columns)

    def spans() -> Iterable[tuple[int, float, float | None]]:
        for card in cards:
            started = card.started
            if started is None:
                continue
            for column_id, start, end in card.stays:
                # (_kind: a column not known counts as a queue)
                if column_id not in open_columns and column_id in known:
                    continue
                if end is not None and end <= started:
                    continue
                yield 0, max(start, started), end

    return _per_day(spans(), _day_ends(days, tz)).get(0, [0] * len(days))


def wip_at(cards: Iterable[CardFlow], columns: dict[int, ColumnInfo], at: float) -> int:
    """`wip` at one moment, without a pass over every stay: the cards started by then
    whose stay at that moment is in a queue or active column."""
    done_kinds = {c.id for c in columns.values() if c.kind not in OPEN_KINDS}
    count = 0
    for card in cards:
        if card.started is not None and card.started <= at:
            column_id = card.column_at(at)
            if column_id is not None and column_id not in done_kinds:
                count += 1
    return count


def aging(
    cards: Iterable[CardFlow],
    columns: dict[int, ColumnInfo],
    at: datetime,
    p85_days: float | None,
) -> list[Aging]:
    """Open cards at `at` in queue/active columns, oldest first."""
    now = at.timestamp()
    out = []
    for card in cards:
        column_id = card.column_at(now)
        if column_id is None or card.created is None:
            continue
        column = columns.get(column_id)
        kind = column.kind if column else "queue"
        if kind not in OPEN_KINDS:
            continue
        since = card.started if card.started is not None and card.started <= now else card.created
        age = (now - since) / DAY
        blocked = any(start <= now and (end is None or now < end) for start, end in card.blocks)
        out.append(
            Aging(
                card.card_id,
                card.board_id,
                card.title,
                column_id,
                column.name if column else "",
                kind,
                moment(since),
                age,
                p85_days is not None and age > p85_days,
                blocked,
            )
        )
    out.sort(key=lambda a: (-a.age_days, a.card_id))
    return out
