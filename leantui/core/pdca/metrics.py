"""PDCA metrics over a set of cycles, from plain facts (so they can be checked on
hand-built histories): on-time closure, days per phase, open cycles per owner and the
share of closed cycles whose target was met."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from leantui.core.pdca.rules import PHASES


@dataclass(frozen=True)
class Outcome:
    """What the metrics need of one cycle."""

    status: str  # open | closed | abandoned
    due: date
    closed_on: date | None  # the local date it was closed (or abandoned)
    owner: str
    target_met: bool | None  # from its latest measurement; None: not known


@dataclass(frozen=True)
class Share:
    """`count` of `of`."""

    count: int
    of: int

    @property
    def percent(self) -> float:
        return self.count / self.of * 100


@dataclass(frozen=True)
class Stay:
    """A cycle's time in one phase; `end` None while it is still there."""

    phase: str
    start: datetime
    end: datetime | None


def on_time_closure(outcomes: Iterable[Outcome], today: date) -> Share | None:
    """Cycles closed by their due date / (cycles closed + open cycles past their due
    date). Abandoned cycles and open ones not yet due do not count. None when nothing
    counts."""
    on_time = counted = 0
    for o in outcomes:
        if o.status == "closed":
            counted += 1
            on_time += o.closed_on is not None and o.closed_on <= o.due
        elif o.status == "open" and o.due < today:
            counted += 1
    return Share(on_time, counted) if counted else None


def target_met_share(outcomes: Iterable[Outcome]) -> Share | None:
    """Closed cycles whose target was met / closed cycles. A closed cycle without a
    measurement or a goal counts as not met: met is what a measurement shows."""
    closed = [o for o in outcomes if o.status == "closed"]
    if not closed:
        return None
    return Share(sum(1 for o in closed if o.target_met is True), len(closed))


def open_per_owner(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """Open cycles per owner, most first (then by name)."""
    counts = Counter(o.owner for o in outcomes if o.status == "open")
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def stays(
    created_at: datetime, changes: Sequence[tuple[datetime, str]], ended_at: datetime | None
) -> list[Stay]:
    """A cycle's stays in its phases, from its phase changes (time, phase entered) in
    time order. It starts in Plan when it is made; closing or abandoning ends the last
    stay."""
    found: list[Stay] = []
    phase, since = PHASES[0], created_at
    for at, to in changes:
        found.append(Stay(phase, since, at))
        phase, since = to, at
    found.append(Stay(phase, since, ended_at))
    return found


def average_days_per_phase(all_stays: Iterable[Stay]) -> dict[str, float | None]:
    """The mean length in days of the finished stays in each phase (a phase gone back
    to counts each stay on its own); a stay still under way does not count yet. None
    for a phase with no finished stay."""
    lengths: dict[str, list[float]] = defaultdict(list)
    for stay in all_stays:
        if stay.end is not None:
            lengths[stay.phase].append((stay.end - stay.start).total_seconds() / 86400)
    return {
        phase: (sum(lengths[phase]) / len(lengths[phase]) if lengths[phase] else None)
        for phase in PHASES
    }
