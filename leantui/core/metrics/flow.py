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
    """One card event (a tuple: hundreds of thousands are made per report)."""

    at: datetime
    card_id: int
    board_id: int
    action: str
    payload: dict[str, Any]
    actor: str = ""


@dataclass(frozen=True)
class ColumnInfo:
    id: int
    board_id: int
    name: str
    kind: str
    position: int
    live: bool = True  # False: deleted, known from its events only


@dataclass
class Stay:
    column_id: int
    start: datetime
    end: datetime | None = None


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
    """One card's life, rebuilt from its events."""

    card_id: int
    board_id: int
    title: str = ""
    created: datetime | None = None
    started: datetime | None = None
    done: datetime | None = None  # its last completion, while it stays done
    deleted: datetime | None = None
    archived: bool = False
    stays: list[Stay] = field(default_factory=list)
    blocks: list[Stay] = field(default_factory=list)  # column_id unused (0)

    @property
    def current(self) -> Stay | None:
        return self.stays[-1] if self.stays and self.stays[-1].end is None else None

    def copy(self) -> CardFlow:
        """A copy that can change without changing this one."""
        return replace(
            self,
            stays=[Stay(s.column_id, s.start, s.end) for s in self.stays],
            blocks=[Stay(b.column_id, b.start, b.end) for b in self.blocks],
        )

    def column_at(self, moment: datetime) -> int | None:
        for stay in reversed(self.stays):
            if stay.start <= moment and (stay.end is None or moment < stay.end):
                return stay.column_id
        return None

    def blocked_seconds(self, until: datetime) -> float:
        total = 0.0
        for block in self.blocks:
            end = block.end or until
            if block.start < until:
                total += max(0.0, (min(end, until) - block.start).total_seconds())
        return total


def blocked_between(card: CardFlow, start: datetime, end: datetime) -> float:
    """Seconds the card was blocked within [start, end)."""
    total = 0.0
    for block in card.blocks:
        low, high = max(block.start, start), min(block.end or end, end)
        total += max(0.0, (high - low).total_seconds())
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
    facts: Iterable[Fact], columns: dict[int, ColumnInfo], earlier: Flows | None = None
) -> Flows:
    """Every card's flow, and the WIP-limit overrides, from card events in time order;
    with `earlier` (the flows of the history before `facts`), from there on. `earlier`
    is left as it was: another thread may still be reading it, so a card it holds is
    copied before it changes."""
    cards: dict[int, CardFlow] = dict(earlier[0]) if earlier else {}
    overrides: list[Override] = list(earlier[1]) if earlier else []
    shared = set(cards)  # cards of `earlier`, not copied yet

    kinds = {column_id: column.kind for column_id, column in columns.items()}

    def enter(card: CardFlow, column_id: int, at: datetime) -> None:
        card.stays.append(Stay(column_id, at))
        kind = kinds.get(column_id, "queue")  # _kind, for an int, without a call
        if kind == "active" and card.started is None:
            card.started = at
        card.done = at if kind == "done" else None

    def leave(card: CardFlow, at: datetime) -> None:
        stays = card.stays  # card.current, without the property's calls
        if stays and stays[-1].end is None:
            stays[-1].end = at

    def unblock(card: CardFlow, at: datetime) -> None:
        if card.blocks and card.blocks[-1].end is None:
            card.blocks[-1].end = at

    for fact in facts:
        card = cards.get(fact.card_id)
        if card is None:
            card = cards[fact.card_id] = CardFlow(fact.card_id, fact.board_id)
        elif shared and fact.card_id in shared:
            shared.discard(fact.card_id)
            card = cards[fact.card_id] = card.copy()
        p, at = fact.payload, fact.at
        action = fact.action
        target: Any = None
        if action == "create":
            card.created = at
            card.title = str(p.get("title", ""))
            target = p.get("column_id")
            if isinstance(target, int):
                enter(card, target, at)
        elif action == "move":
            target = p.get("to_id")
            leave(card, at)
            if isinstance(target, int):
                enter(card, target, at)
            if p.get("unblocked"):
                unblock(card, at)
        elif action == "edit" and "title" in p:
            card.title = str(p["title"][1])
        elif action == "block":
            if not card.blocks or card.blocks[-1].end is not None:
                card.blocks.append(Stay(0, at))
        elif action == "unblock":
            unblock(card, at)
        elif action == "archive":
            card.archived = True
            if card.current is not None and _kind(columns, card.current.column_id) != "done":
                leave(card, at)
        elif action == "restore":
            card.archived = False
            target = p.get("column_id")
            if card.current is None and isinstance(target, int):
                enter(card, target, at)
        elif action == "delete":
            card.deleted = at
            leave(card, at)
            unblock(card, at)
        if "override_reason" in p:
            column = columns.get(target) if isinstance(target, int) else None
            overrides.append(
                Override(
                    at,
                    fact.card_id,
                    fact.board_id,
                    card.title,
                    target if isinstance(target, int) else None,
                    column.name if column else str(p.get("to") or p.get("column") or ""),
                    str(p["override_reason"]),
                    fact.actor,
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


def completed(
    cards: Iterable[CardFlow], start: datetime, end: datetime, until: datetime | None = None
) -> list[CardTimes]:
    """The cards whose last completion falls in [start, end), in completion order."""
    out = []
    for card in cards:
        if card.done is None or card.created is None or not start <= card.done < end:
            continue
        cycle = (card.done - card.started).total_seconds() / DAY if card.started else None
        out.append(
            CardTimes(
                card.card_id,
                card.board_id,
                card.title,
                card.created,
                card.started,
                card.done,
                (card.done - card.created).total_seconds() / DAY,
                cycle,
                card.blocked_seconds(until or card.done) / DAY,
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


def _per_day(
    intervals: Iterable[tuple[Any, datetime, datetime | None]], ends: list[datetime]
) -> dict[Any, list[int]]:
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


def cfd(cards: Iterable[CardFlow], days: list[date], tz: tzinfo) -> dict[int, list[int]]:
    """Cards per column id at the end of each day."""
    ends = [day_end(day, tz) for day in days]
    return _per_day(
        ((stay.column_id, stay.start, stay.end) for card in cards for stay in card.stays), ends
    )


def wip(
    cards: Iterable[CardFlow], columns: dict[int, ColumnInfo], days: list[date], tz: tzinfo
) -> list[int]:
    """Cards started and not done (in a queue or active column) at the end of each day."""
    ends = [day_end(day, tz) for day in days]

    def spans() -> Iterable[tuple[int, datetime, datetime | None]]:
        for card in cards:
            if card.started is None:
                continue
            for stay in card.stays:
                if _kind(columns, stay.column_id) not in OPEN_KINDS:
                    continue
                if stay.end is not None and stay.end <= card.started:
                    continue
                yield 0, max(stay.start, card.started), stay.end

    return _per_day(spans(), ends).get(0, [0] * len(days))


def aging(
    cards: Iterable[CardFlow],
    columns: dict[int, ColumnInfo],
    at: datetime,
    p85_days: float | None,
) -> list[Aging]:
    """Open cards at `at` in queue/active columns, oldest first."""
    out = []
    for card in cards:
        column_id = card.column_at(at)
        if column_id is None or card.created is None:
            continue
        column = columns.get(column_id)
        kind = column.kind if column else "queue"
        if kind not in OPEN_KINDS:
            continue
        since = card.started if card.started and card.started <= at else card.created
        age = (at - since).total_seconds() / DAY
        blocked = any(b.start <= at and (b.end is None or at < b.end) for b in card.blocks)
        out.append(
            Aging(
                card.card_id,
                card.board_id,
                card.title,
                column_id,
                column.name if column else "",
                kind,
                since,
                age,
                p85_days is not None and age > p85_days,
                blocked,
            )
        )
    out.sort(key=lambda a: (-a.age_days, a.card_id))
    return out
