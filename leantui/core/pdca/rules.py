"""The PDCA rules every screen, command, the A3 and the stand-up share: the phases and
their order, whether the target is met, the change against the baseline, when a cycle
is overdue, due soon or waiting for a measurement. Plain functions over plain values."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime

PHASES = ("P", "D", "C", "A")  # plan, do, check, act: advanced in this order
PHASE_NAMES = {"P": "plan", "D": "do", "C": "check", "A": "act"}  # pdca.phase_<name>
STATUSES = ("open", "closed", "abandoned")
DIRECTIONS = ("higher", "lower")  # which way the metric is better
MAX_WHYS = 7
DUE_SOON_DAYS = 7  # the stand-up stops at a cycle due within this many days
CHECK_QUIET_DAYS = 14  # … and at a cycle in Check without a measurement for this long
LIMIT = 1e12  # a number beyond this is a typing slip, not a measurement
SPARKS = "▁▂▃▄▅▆▇█"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．", "0123456789-+.")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_number(text: str) -> float | None:
    """A decimal number as people type it ("12", "-0.5", "１２．５" from a Chinese input
    method), or None. No thousands separators, units or exponents: "1,5", "95%" and
    "1e3" are not numbers here, so nothing is guessed."""
    cleaned = text.strip().translate(_FULL_WIDTH)
    if not _NUMBER.fullmatch(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) and abs(value) < LIMIT else None


def format_number(value: float | None) -> str:
    """12 → "12", 12.5 → "12.5", 1/3 → "0.3333"; None → "—"."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def phase_index(phase: str) -> int:
    return PHASES.index(phase)


def next_phase(phase: str) -> str | None:
    """The phase after `phase`, None after Act (then a cycle is closed instead)."""
    index = phase_index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def is_forward_step(current: str, to: str) -> bool:
    """Phases advance one at a time."""
    return phase_index(to) == phase_index(current) + 1


def is_back(current: str, to: str) -> bool:
    """Any earlier phase may be gone back to (with a reason)."""
    return phase_index(to) < phase_index(current)


def infer_direction(baseline: float | None, goal: float | None) -> str | None:
    """Which way is better, read off the target: a goal above the baseline is "higher"."""
    if baseline is None or goal is None or baseline == goal:
        return None
    return "higher" if goal > baseline else "lower"


def target_met(latest: float | None, goal: float | None, direction: str) -> bool | None:
    """Whether the latest measurement reaches the goal in the better direction; None
    when there is no measurement or no goal (not known is not "no")."""
    if latest is None or goal is None:
        return None
    return latest >= goal if direction == "higher" else latest <= goal


def change_percent(latest: float | None, baseline: float | None) -> float | None:
    """The change of the latest measurement against the baseline, in % of the baseline
    (negative when it went down); None without both or with a baseline of 0."""
    if latest is None or baseline is None or baseline == 0:
        return None
    return (latest - baseline) / abs(baseline) * 100


def progress(latest: float | None, baseline: float | None, goal: float | None) -> float | None:
    """How far the latest measurement has come from the baseline to the goal: 0 at the
    baseline, 1 at the goal, above 1 beyond it, below 0 when it got worse."""
    if latest is None or baseline is None or goal is None or goal == baseline:
        return None
    return (latest - baseline) / (goal - baseline)


def latest(measurements: Sequence[tuple[date, float]]) -> tuple[date, float] | None:
    """The measurement with the latest date (of two on one day, the one entered last:
    the sequence is in entry order)."""
    found: tuple[date, float] | None = None
    for measured_on, value in measurements:
        if found is None or measured_on >= found[0]:
            found = (measured_on, value)
    return found


def is_overdue(due: date, status: str, today: date) -> bool:
    return status == "open" and due < today


def is_due_soon(due: date, status: str, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Open and due today or within `days` days (an overdue cycle is not "soon")."""
    return status == "open" and 0 <= (due - today).days <= days


def local_date(moment: datetime) -> date:
    return moment.astimezone().date()


def days_since(moment: datetime, today: date) -> int:
    """Whole days from `moment` (in the local calendar) to `today`."""
    return max(0, (today - local_date(moment)).days)


def check_is_quiet(
    phase: str,
    status: str,
    phase_since: datetime,
    last_measured: date | None,
    today: date,
    days: int = CHECK_QUIET_DAYS,
) -> bool:
    """In Check and no measurement for `days` days. The count starts at the last
    measurement or at entering Check, whichever is later: a cycle that has just come
    into Check has not been waiting for a measurement."""
    if status != "open" or phase != "C":
        return False
    since = local_date(phase_since)
    if last_measured is not None and last_measured > since:
        since = last_measured
    return (today - since).days >= days


def sparkline(values: Sequence[float]) -> str:
    """One block character per value, lowest ▁ to highest █ (all ▄ when flat)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / (high - low) * top)] for v in values)
