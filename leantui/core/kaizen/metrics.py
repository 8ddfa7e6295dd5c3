"""Per team and month: how many ideas came in and from how many people, how many were
decided and how (adoption and implementation rates), how long a decision took, and the
savings. Grouped SQL does the counting (a handful of queries however many suggestions
there are); rules.py does the maths on the counts.

Months are local months. The database cannot know the local time zone, so a timestamp's
month is read at the local UTC offset of today (exact everywhere without daylight saving
time, as in China; elsewhere an hour off at most, on a month's first night)."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import String, and_, case, cast, extract, func, literal_column, select
from sqlalchemy.orm import Session

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.models import Person, Team
from leantui.core.kaizen import rules
from leantui.core.kaizen.models import Suggestion
from leantui.core.kaizen.rows import MonthStats, TeamTrend

ZERO = Decimal("0.00")


def _offset_minutes() -> int:
    offset = clock.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _start(month: str, offset: int) -> datetime:
    """The moment `month` starts at the fixed offset the months are read at."""
    zone = timezone(timedelta(minutes=offset))
    return datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=zone)


def _month(session: Session, column: Any, offset: int) -> Any:
    """'YYYY-MM' of a timestamp, in local time (at a fixed offset), on either engine."""
    if session.get_bind().dialect.name == "postgresql":
        shifted = func.timezone("UTC", column) + literal_column(f"interval '{int(offset)} minutes'")
        return func.to_char(shifted, "YYYY-MM")
    return func.strftime("%Y-%m", column, f"{int(offset):+d} minutes")


def _date_month(session: Session, column: Any) -> Any:
    """'YYYY-MM' of a date."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.substr(cast(column, String), 1, 7)


def _days(session: Session, later: Any, earlier: Any) -> Any:
    """Days (with their fraction) from `earlier` to `later`."""
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)


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
    offset = _offset_minutes()
    first_month = rules.parse_month(since) if since else None
    last = rules.parse_month(until) if until else rules.month_of(clock.today())
    after = rules.next_month(last)
    s = Suggestion.__table__.c  # type: ignore[attr-defined]
    p = Person.__table__.c  # type: ignore[attr-defined]
    tm = Team.__table__.c  # type: ignore[attr-defined]

    def scoped(query: Any, moment: Any = None, day: Any = None) -> Any:
        """The team's, in the months asked for (by `moment`, a timestamp, or `day`)."""
        if team_id is not None:
            query = query.where(s.team_id == team_id)
        for month, keep in ((first_month, operator.ge), (after, operator.lt)):
            if month is None:
                continue
            if moment is not None:
                query = query.where(keep(moment, _start(month, offset)))
            if day is not None:
                query = query.where(keep(day, date(int(month[:4]), int(month[5:7]), 1)))
        return query

    submitted: dict[tuple[int | None, str], tuple[int, int, int]] = {}
    decided: dict[tuple[int | None, str], tuple[int, int, int, int, Decimal]] = {}
    medians: dict[tuple[int | None, str], float] = {}
    implemented: dict[tuple[int | None, str], tuple[int, Decimal]] = {}
    with db.read() as session:
        names = {
            row[0]: str(row[1])
            for row in session.execute(
                select(tm.id, tm.name).where(tm.id == team_id)
                if team_id is not None
                else select(tm.id, tm.name)
            )
        }
        active = {
            row[0]: int(row[1])
            for row in session.execute(
                select(p.team_id, func.count(func.distinct(p.name)))
                .where(p.active.is_(True), p.team_id.is_not(None))
                .group_by(p.team_id)
            )
        }
        # Submissions: how many, from how many people, and how many of those people are
        # not active people of the team (they count in its headcount that month).
        people = select(p.team_id, p.name).where(p.active.is_(True)).distinct().subquery("people")
        month = _month(session, s.submitted_at, offset).label("month")
        query = (
            select(
                s.team_id,
                month,
                func.count(),
                func.count(func.distinct(s.submitter)),
                func.count(func.distinct(case((people.c.name.is_(None), s.submitter)))),
            )
            .select_from(
                Suggestion.__table__.outerjoin(  # type: ignore[attr-defined]
                    people, and_(people.c.team_id == s.team_id, people.c.name == s.submitter)
                )
            )
            .group_by(s.team_id, month)
        )
        for team, key, count, by, outsiders in session.execute(scoped(query, s.submitted_at)):
            submitted[team, key] = (int(count), int(by), int(outsiders))
        # Decisions, by the month they were taken in.
        decided_month = _month(session, s.decided_at, offset).label("month")
        is_decided = s.decided_at.is_not(None)  # set by a decision, and only then
        query = (
            select(
                s.team_id,
                decided_month,
                func.count(),
                _count_if(s.status == "adopted"),
                _count_if(s.status == "rejected"),
                _count_if(s.status == "implemented"),
                func.sum(
                    case(
                        (
                            and_(s.status.in_(rules.ADOPTED), s.currency == currency),
                            s.estimated_saving,
                        )
                    )
                ),
            )
            .where(is_decided)
            .group_by(s.team_id, decided_month)
        )
        result = session.execute(scoped(query, s.decided_at))
        for team, key, count, adopted, rejected, done, saving in result:
            decided[team, key] = (
                int(count),
                int(adopted),
                int(rejected),
                int(done),
                _money(saving),
            )
        # The median time to a decision: the middle one or two of each month's decisions,
        # found by numbering them in order of their days.
        waited = scoped(
            select(
                s.team_id.label("team_id"),
                decided_month,
                _days(session, s.decided_at, s.submitted_at).label("days"),
            ).where(is_decided),
            s.decided_at,
        ).subquery("waited")
        numbered = select(
            waited.c.team_id,
            waited.c.month,
            waited.c.days,
            func.row_number()
            .over(partition_by=(waited.c.team_id, waited.c.month), order_by=waited.c.days)
            .label("n"),
            func.count().over(partition_by=(waited.c.team_id, waited.c.month)).label("total"),
        ).subquery("numbered")
        query = (
            select(numbered.c.team_id, numbered.c.month, func.avg(numbered.c.days))
            .where(numbered.c.n.in_([(numbered.c.total + 1) // 2, (numbered.c.total + 2) // 2]))
            .group_by(numbered.c.team_id, numbered.c.month)
        )
        for team, key, days in session.execute(query):
            medians[team, key] = round(float(days), 2)
        # Implementations, by the month they were done in.
        done_month = _date_month(session, s.implemented_on).label("month")
        query = (
            select(
                s.team_id,
                done_month,
                func.count(),
                func.sum(case((s.currency == currency, s.actual_saving))),
            )
            .where(s.status == "implemented", s.implemented_on.is_not(None))
            .group_by(s.team_id, done_month)
        )
        for team, key, count, saving in session.execute(scoped(query, day=s.implemented_on)):
            implemented[team, key] = (int(count), _money(saving))

    seen: dict[int | None, set[str]] = defaultdict(set)
    for found in (submitted, decided, implemented):
        for team, key in found:
            seen[team].add(key)
    teams: list[int | None] = sorted(names, key=lambda x: (names[x], x))
    if team_id is None and None in seen:
        teams.append(None)
    out: list[MonthStats] = []
    for team in teams:
        first = first_month or min(seen.get(team) or {last})
        for key in rules.months_between(first, last):
            count, by, outsiders = submitted.get((team, key), (0, 0, 0))
            decisions, adopted, rejected, done, estimated = decided.get(
                (team, key), (0, 0, 0, 0, ZERO)
            )
            done_in_month, actual = implemented.get((team, key), (0, ZERO))
            out.append(
                MonthStats(
                    team_id=team,
                    team=names.get(team, "") if team is not None else "",
                    month=key,
                    submitted=count,
                    submitters=by,
                    headcount=(active.get(team, 0) + outsiders) if team is not None else 0,
                    decided=decisions,
                    adopted=adopted,
                    rejected=rejected,
                    implemented=done,
                    implemented_in_month=done_in_month,
                    median_days=medians.get((team, key)),
                    estimated_saving=estimated,
                    actual_saving=actual,
                    currency=currency,
                )
            )
    return out


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
