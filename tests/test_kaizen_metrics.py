"""The kaizen metrics per team and month, on hand-built histories, on SQLite and
PostgreSQL: submissions and submitters, decisions and their split, adoption and
implementation rates, participation (with people who left the team and submitters the
team never knew), the median days to a decision, savings, months with nothing in them,
and the last six months for the sparklines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.models import Person
from leantui.core.kaizen import metrics
from leantui.core.kaizen import suggestions as sg
from leantui.core.kaizen.rows import MonthStats
from leantui.core.services import workspace

pytestmark = pytest.mark.both_engines

DAY = timedelta(days=1)
JAN = datetime(2026, 1, 10, 10, 0, tzinfo=UTC)  # mid-month: the same month in every zone
MAR = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
ASKED = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def submit(db: Database, at: datetime, by: str, team: int | None, saving: int = 0) -> int:
    with clock.pinned(at):
        row = sg.capture(
            db, f"Idea of {by}", "", "", None, by, team_id=team, estimated_saving=saving or None
        )
    return row.id


def decide(db: Database, at: datetime, suggestion_id: int, decision: str) -> None:
    with clock.pinned(at):
        sg.decide(db, suggestion_id, decision, "no" if decision == "reject" else "")


@pytest.fixture
def history(db: Database) -> dict[str, int]:
    """Team A: four active people and 陈静, who has left. Team B: one person, and a
    visitor who was never entered. One suggestion with no team, one in dollars."""
    a = workspace.create_team(db, "A 装配", "Hall", ["王伟", "李娜", "张强", "刘洋", "陈静"]).id
    b = workspace.create_team(db, "B 包装", "Dock", ["孙丽"]).id
    with db.write() as session:
        left = session.exec(select(Person).where(Person.name == "陈静")).one()
        left.active = False
    # January, team A: four ideas from three people, one of whom has left since.
    s1 = submit(db, JAN, "王伟", a, 1000)
    s2 = submit(db, JAN, "李娜", a, 700)
    s3 = submit(db, JAN, "陈静", a, 500)
    s4 = submit(db, JAN + DAY, "王伟", a, 200)
    decide(db, JAN + 2 * DAY, s1, "adopt")  # 2 days
    decide(db, JAN + 4 * DAY, s2, "reject")  # 4 days
    decide(db, JAN + 10 * DAY, s3, "adopt")  # 10 days
    with clock.pinned(JAN + 26 * DAY):  # implemented on 5 February
        sg.implement(db, s3, actual_saving=900)
    # February: nothing submitted, nothing decided. March: one new idea, and s4 decided.
    decide(db, MAR, s4, "adopt")  # 58 days after it came in
    submit(db, MAR, "张强", a)
    # Team B, March: two decisions, 1 and 4 days: the median is between them.
    b1 = submit(db, MAR, "孙丽", b, 300)
    b2 = submit(db, MAR, "访客", b)
    decide(db, MAR + DAY, b1, "adopt")
    decide(db, MAR + 4 * DAY, b2, "reject")
    feb = MAR - 18 * DAY
    with clock.pinned(feb):  # in dollars: not in the yuan figures
        usd = sg.capture(
            db, "US", "", "", None, "孙丽", team_id=b, estimated_saving=99, currency="USD"
        )
    decide(db, feb + 5 * DAY, usd.id, "adopt")
    submit(db, MAR, "访客", None)  # no team
    return {"a": a, "b": b}


def by_key(stats: list[MonthStats]) -> dict[tuple[int | None, str], MonthStats]:
    return {(s.team_id, s.month): s for s in stats}


def test_a_month_of_submissions_and_decisions(db: Database, history: dict[str, int]) -> None:
    with clock.pinned(ASKED):
        stats = by_key(metrics.monthly(db))
    jan = stats[history["a"], "2026-01"]
    assert (jan.team, jan.submitted, jan.decided) == ("A 装配", 4, 3)
    assert (jan.adopted, jan.rejected, jan.implemented) == (1, 1, 1)
    assert jan.adoption_rate == pytest.approx(2 / 3)  # (adopted + implemented) / decided
    assert jan.implementation_rate == pytest.approx(1 / 2)
    assert jan.median_days == pytest.approx(4.0)  # of 2, 4 and 10
    assert jan.estimated_saving == Decimal("1500.00")  # of the adoptions, not the rejection
    assert jan.actual_saving == Decimal("0.00")  # implemented in February


def test_participation_counts_people_who_left_and_strangers(
    db: Database, history: dict[str, int]
) -> None:
    with clock.pinned(ASKED):
        stats = by_key(metrics.monthly(db))
    jan = stats[history["a"], "2026-01"]
    # 王伟 (twice), 李娜 and 陈静, who has left: 3 people of 4 active + 陈静.
    assert (jan.submitters, jan.headcount) == (3, 5)
    assert jan.participation == pytest.approx(0.6)
    mar = stats[history["a"], "2026-03"]
    assert (mar.submitters, mar.headcount, mar.participation) == (1, 4, 0.25)
    b = stats[history["b"], "2026-03"]
    # 孙丽 and a visitor nobody entered as a person: both took part.
    assert (b.submitters, b.headcount, b.participation) == (2, 2, 1.0)


def test_a_month_with_nothing_decided(db: Database, history: dict[str, int]) -> None:
    with clock.pinned(ASKED):
        stats = by_key(metrics.monthly(db))
    feb = stats[history["a"], "2026-02"]
    assert (feb.submitted, feb.decided, feb.submitters) == (0, 0, 0)
    assert feb.adoption_rate is None and feb.implementation_rate is None
    assert feb.median_days is None
    assert feb.participation == 0.0  # four people, nobody submitted
    assert (feb.implemented_in_month, feb.actual_saving) == (1, Decimal("900.00"))
    mar = stats[history["a"], "2026-03"]
    assert (mar.decided, mar.adopted, mar.adoption_rate) == (1, 1, 1.0)
    assert mar.median_days == pytest.approx(58.0)  # 11 January to 10 March


def test_median_of_an_even_count_and_savings_in_one_currency(
    db: Database, history: dict[str, int]
) -> None:
    with clock.pinned(ASKED):
        stats = by_key(metrics.monthly(db))
        dollars = by_key(metrics.monthly(db, history["b"], currency="USD"))
    b = stats[history["b"], "2026-03"]
    assert (b.decided, b.adopted, b.rejected) == (2, 1, 1)
    assert b.median_days == pytest.approx(2.5)  # 1 and 4 days
    assert b.estimated_saving == Decimal("300.00")
    feb = stats[history["b"], "2026-02"]
    assert (feb.decided, feb.adopted, feb.median_days) == (1, 1, pytest.approx(5.0))
    assert feb.estimated_saving == Decimal("0.00")  # in dollars: left out of the yuan
    assert dollars[history["b"], "2026-02"].estimated_saving == Decimal("99.00")
    assert dollars[history["b"], "2026-03"].estimated_saving == Decimal("0.00")


def test_months_teams_and_the_suggestions_of_no_team(db: Database, history: dict[str, int]) -> None:
    with clock.pinned(ASKED):
        stats = metrics.monthly(db)
        one = metrics.monthly(db, history["b"])
        ranged = metrics.monthly(db, history["a"], since="2026-02", until="2026-02")
    assert [(s.team, s.month) for s in stats] == [
        ("A 装配", "2026-01"),
        ("A 装配", "2026-02"),
        ("A 装配", "2026-03"),
        ("B 包装", "2026-02"),
        ("B 包装", "2026-03"),
        ("", "2026-03"),
    ]
    nobody = stats[-1]
    assert (nobody.team_id, nobody.submitted, nobody.participation) == (None, 1, None)
    assert [(s.team_id, s.month) for s in one] == [
        (history["b"], "2026-02"),
        (history["b"], "2026-03"),
    ]
    assert [s.month for s in ranged] == ["2026-02"]


def test_the_last_six_months_for_the_sparklines(db: Database, history: dict[str, int]) -> None:
    quiet = workspace.create_team(db, "C 仓库", "Store", ["赵磊"]).id
    with clock.pinned(ASKED):
        trends = metrics.recent(db)
    assert [t.team_id for t in trends] == [history["a"], history["b"], quiet, None]
    for trend in trends:
        assert [m.month for m in trend.months] == [
            "2025-10",
            "2025-11",
            "2025-12",
            "2026-01",
            "2026-02",
            "2026-03",
        ]
    a = trends[0]
    assert a.series("submitted") == [0, 0, 0, 4, 0, 1]
    assert a.series("adoption_rate") == [None, None, None, pytest.approx(2 / 3), None, 1.0]
    assert trends[2].series("participation") == [0.0] * 6  # a quiet team of one
