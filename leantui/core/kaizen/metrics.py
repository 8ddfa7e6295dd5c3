"""Per team and month: how many ideas came in and from how many people, how many were
decided and how (adoption and implementation rates), how long a decision took, and the
savings. The suggestions of the months asked for are read as plain rows (db/raw.py:
sqlite3 on a SQLite file, so the metrics' first frame does not wait for SQLAlchemy's
import; the session's own connection on PostgreSQL) and counted here, with rules.py's
maths: one copy of it on both engines.

Months are local months. A timestamp's month is read at the local UTC offset of today
(exact everywhere without daylight saving time, as in China; elsewhere an hour off at
most, on a month's first night), as the list's month filter reads it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.raw import Reader, reading
from leantui.core.kaizen import rules
from leantui.core.kaizen.rows import MonthStats, TeamTrend

ZERO = Decimal("0.00")


@dataclass
class _Month:
    """What one team's month adds up to while the rows are counted."""

    submitted: int = 0
    submitters: set[str] = field(default_factory=set)
    decided: int = 0
    adopted: int = 0
    rejected: int = 0
    implemented: int = 0
    days: list[float] = field(default_factory=list)
    estimated: Decimal = ZERO
    implemented_in_month: int = 0
    actual: Decimal = ZERO


def _offset() -> timedelta:
    return clock.now().astimezone().utcoffset() or timedelta(0)


def _month_of(moment: datetime, offset: timedelta) -> str:
    local = moment + offset
    return f"{local.year:04d}-{local.month:02d}"


def _first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(str(value)).quantize(ZERO)


def _suggestions(
    reader: Reader, team_id: int | None, first: str | None, after: str, offset: timedelta
) -> Iterator[tuple[Any, ...]]:
    """The suggestions submitted, decided or implemented in the months from `first`
    (None: from the start) to before `after`."""
    ts = reader.timestamp
    columns = (
        f"team_id, submitter, status, currency, estimated_saving, actual_saving,"
        f" {ts('submitted_at')}, {ts('decided_at')}, implemented_on"
    )
    moments = [_first_day(month) if month else None for month in (first, after)]
    starts = [
        None if day is None else datetime(day.year, day.month, 1, tzinfo=UTC) - offset
        for day in moments
    ]
    within: list[str] = []
    params: list[Any] = []
    for column, bounds in (
        ("submitted_at", starts),
        ("decided_at", starts),
        ("implemented_on", moments),
    ):
        parts = [f"{column} IS NOT NULL"]
        for bound, compare in zip(bounds, (">=", "<"), strict=True):
            if bound is not None:
                parts.append(f"{column} {compare} ?")
                params.append(reader.bound(bound))
        within.append("(" + " AND ".join(parts) + ")")
    sql = f"SELECT {columns} FROM kaizen_suggestions WHERE ({' OR '.join(within)})"
    if team_id is not None:
        sql += " AND team_id = ?"
        params.append(team_id)
    return reader.rows(sql, params)


def _count(
    rows: Iterable[tuple[Any, ...]],
    reader: Reader,
    first: str | None,
    after: str,
    offset: timedelta,
    currency: str,
) -> dict[tuple[int | None, str], _Month]:
    """Each row counted in the months its submission, decision and implementation fell
    in (those of the months asked for)."""
    months: dict[tuple[int | None, str], _Month] = defaultdict(_Month)

    def wanted(month: str) -> bool:
        return (first is None or month >= first) and month < after

    for team, submitter, status, money, estimated, actual, submitted, decided, done in rows:
        at = reader.moment(submitted)
        month = _month_of(at, offset)
        if wanted(month):
            counted = months[team, month]
            counted.submitted += 1
            counted.submitters.add(submitter)
        if decided is not None:
            when = reader.moment(decided)
            month = _month_of(when, offset)
            if wanted(month):
                counted = months[team, month]
                counted.decided += 1
                counted.adopted += status == "adopted"
                counted.rejected += status == "rejected"
                counted.implemented += status == "implemented"
                counted.days.append((when - at).total_seconds() / 86400)
                if status in rules.ADOPTED and money == currency:
                    counted.estimated += _money(estimated)
        if status == "implemented" and done is not None:
            month = str(done)[:7]
            if wanted(month):
                counted = months[team, month]
                counted.implemented_in_month += 1
                if money == currency:
                    counted.actual += _money(actual)
    return months


def monthly(
    db: Database,
    team_id: int | None = None,
    since: str | None = None,
    until: str | None = None,
    currency: str = rules.CURRENCY,
) -> list[MonthStats]:
    """Every team's months (or one team's), in team-name then month order: from `since`
    (default: the team's first month with a suggestion) to `until` (default: this
    month), months with nothing in them included. Suggestions without a team come last,
    as the team "" (when there are any). Savings are those in `currency`."""
    offset = _offset()
    first = rules.parse_month(since) if since else None
    last = rules.parse_month(until) if until else rules.month_of(clock.today())
    after = rules.next_month(last)
    with reading(db) as reader:
        sql = "SELECT id, name FROM teams"
        names: dict[int | None, str] = {
            int(row[0]): str(row[1])
            for row in reader.rows(
                sql if team_id is None else sql + " WHERE id = ?",
                () if team_id is None else (team_id,),
            )
        }
        people: dict[int | None, set[str]] = defaultdict(set)
        for team, name in reader.rows(
            "SELECT team_id, name FROM people WHERE active = ? AND team_id IS NOT NULL", (True,)
        ):
            people[int(team)].add(str(name))
        found = _suggestions(reader, team_id, first, after, offset)
        months = _count(found, reader, first, after, offset, currency)
    seen: dict[int | None, set[str]] = defaultdict(set)
    for team, month in months:
        seen[team].add(month)
    teams: list[int | None] = sorted(names, key=lambda x: (names[x], x or 0))
    if team_id is None and None in seen:
        teams.append(None)
    out: list[MonthStats] = []
    nothing = _Month()
    for team in teams:
        for month in rules.months_between(first or min(seen.get(team) or {last}), last):
            counted = months.get((team, month), nothing)
            out.append(
                MonthStats(
                    team_id=team,
                    team=names.get(team, ""),
                    month=month,
                    submitted=counted.submitted,
                    submitters=len(counted.submitters),
                    headcount=(
                        rules.headcount(people.get(team, ()), counted.submitters)
                        if team is not None
                        else 0
                    ),
                    decided=counted.decided,
                    adopted=counted.adopted,
                    rejected=counted.rejected,
                    implemented=counted.implemented,
                    implemented_in_month=counted.implemented_in_month,
                    median_days=_days(counted.days),
                    estimated_saving=counted.estimated,
                    actual_saving=counted.actual,
                    currency=currency,
                )
            )
    return out


def _days(days: list[float]) -> float | None:
    middle = rules.median(days)
    return None if middle is None else round(middle, 2)


def recent(
    db: Database,
    months: int = rules.TREND_MONTHS,
    team_id: int | None = None,
    currency: str = rules.CURRENCY,
    today: date | None = None,
) -> list[TeamTrend]:
    """Each team's last `months` months up to this one, oldest first: the sparklines."""
    wanted = rules.last_months(today or clock.today(), months)
    found = monthly(db, team_id, since=wanted[0], until=wanted[-1], currency=currency)
    return list(_by_team(found))


def _by_team(stats: Iterable[MonthStats]) -> Iterable[TeamTrend]:
    trends: dict[int | None, TeamTrend] = {}
    for one in stats:
        trend = trends.get(one.team_id)
        if trend is None:
            trend = trends[one.team_id] = TeamTrend(one.team_id, one.team)
        trend.months.append(one)
    return trends.values()
