"""The periods a report covers: this week, the last 4 weeks, the last calendar quarter, or
custom dates. Days are local days, both ends included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from leantui.core.errors import ValidationError

PRESETS = ("week", "4weeks", "quarter")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included
    preset: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def preset(name: str, today: date) -> Period:
    if name == "week":
        return Period(today - timedelta(days=today.weekday()), today, name)
    if name == "4weeks":
        return Period(today - timedelta(days=27), today, name)
    if name == "quarter":
        first_month = (today.month - 1) // 3 * 3 + 1  # this quarter's first month
        this_quarter = date(today.year, first_month, 1)
        end = this_quarter - timedelta(days=1)
        start = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
        return Period(start, end, name)
    raise ValueError(f"unknown period preset {name!r}")  # a caller's mistake, not a user's


MAX_DAYS = 366 * 3


def custom(start: str, end: str) -> Period:
    """A period from two ISO dates (YYYY-MM-DD), checked."""
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        raise ValidationError("metrics.bad_date", field="start") from None
    if last < first:
        raise ValidationError("metrics.end_before_start", field="end")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError("metrics.period_too_long", field="end", days=MAX_DAYS)
    return Period(first, last)
