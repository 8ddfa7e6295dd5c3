"""The 5S rules every screen, command and the stand-up share: the S categories, the
score, the band and when an area is due. Plain functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

# 整理 sort, 整顿 set in order, 清扫 shine, 清洁 standardize, 素养 sustain; 6S adds 安全.
S_CATEGORIES = ("sort", "set_in_order", "shine", "standardize", "sustain", "safety")
# (lowest total %, band): the first band whose floor the total reaches.
DEFAULT_BANDS: tuple[tuple[float, str], ...] = (
    (90, "excellent"),
    (80, "good"),
    (60, "fair"),
    (0, "poor"),
)
ACTION_THRESHOLD = 2  # items scored at or below this offer a corrective action
CADENCE_DAYS = 7  # an area is due for an audit this many days after the last one
DISPOSITIONS = ("keep", "relocate", "discard")


@dataclass(frozen=True)
class Answer:
    """One item as scoring sees it."""

    s: str
    weight: float
    score: int | None  # None: not answered
    na: bool


def percent(answers: Iterable[Answer], scale_max: int) -> float | None:
    """sum(score × weight) / sum(scale_max × weight) × 100 over the answered, applicable
    items; None when none is (all N/A or unanswered: no score, neither 0 nor 100)."""
    got = possible = 0.0
    for answer in answers:
        if answer.na or answer.score is None:
            continue
        got += answer.score * answer.weight
        possible += scale_max * answer.weight
    return got / possible * 100 if possible else None


def by_s(answers: Sequence[Answer], scale_max: int) -> dict[str, float | None]:
    """The percentage of each S the items cover, in the S order."""
    present = {a.s for a in answers}
    return {
        s: percent((a for a in answers if a.s == s), scale_max)
        for s in S_CATEGORIES
        if s in present
    }


def band(total: float | None, bands: Sequence[tuple[float, str]] = DEFAULT_BANDS) -> str | None:
    if total is None:
        return None
    for floor, name in sorted(bands, reverse=True):
        if total >= floor:
            return name
    return bands[-1][1] if bands else None


def is_due(last: date | None, cadence_days: int, today: date) -> bool:
    """An area never audited is due; otherwise once `cadence_days` have passed."""
    return last is None or (today - last).days >= cadence_days


def needs_action(score: int | None, na: bool, threshold: int = ACTION_THRESHOLD) -> bool:
    return not na and score is not None and score <= threshold
