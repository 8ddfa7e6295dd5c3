"""The kaizen rules as plain functions: the workflow's moves, amounts of money, when a
suggestion is overdue, months, and the metrics' maths; and every translation key the
kaizen code builds at run time (with an f-string) exists in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from leantui.core.errors import ValidationError
from leantui.core.i18n import catalog
from leantui.core.kaizen import exports, rules, suggestions


def test_categories_are_the_eight_wastes_and_sqdcp() -> None:
    assert len(rules.TIMWOODS) == 8 and len(rules.SQDCP) == 5
    assert len(set(rules.CATEGORIES)) == 13
    assert catalog("zh_CN")["kaizen.category_skills"] == "未被利用的人才"
    assert catalog("zh_CN")["kaizen.category_over_processing"] == "过度加工"
    assert catalog("zh_CN")["kaizen.category_people"] == "人员"


@pytest.mark.parametrize(
    ("status", "target"),
    [
        ("submitted", "under_review"),
        ("submitted", "adopted"),
        ("submitted", "rejected"),
        ("under_review", "adopted"),
        ("under_review", "rejected"),
        ("adopted", "implemented"),
    ],
)
def test_the_allowed_moves(status: str, target: str) -> None:
    rules.check_move(1, status, target)


@pytest.mark.parametrize(
    ("status", "target", "key"),
    [
        ("adopted", "rejected", "kaizen.already_decided"),
        ("rejected", "adopted", "kaizen.already_decided"),
        ("implemented", "adopted", "kaizen.already_decided"),
        ("rejected", "rejected", "kaizen.already_decided"),
        ("adopted", "under_review", "kaizen.already_decided"),
        ("under_review", "under_review", "kaizen.already_in_review"),
        ("submitted", "implemented", "kaizen.implement_needs_adoption"),
        ("rejected", "implemented", "kaizen.implement_needs_adoption"),
        ("implemented", "implemented", "kaizen.already_implemented"),
        ("under_review", "submitted", "kaizen.bad_move"),
    ],
)
def test_every_other_move_is_refused_saying_why(status: str, target: str, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.check_move(7, status, target)
    assert caught.value.key == key and caught.value.field == "status"
    assert "#7" in caught.value.message()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1200", Decimal("1200.00")),
        (" 1,200.5 ", Decimal("1200.50")),
        ("１２００", Decimal("1200.00")),  # a Chinese input method's full-width digits
        ("¥800", Decimal("800.00")),
        ("0", Decimal("0.00")),
        (950, Decimal("950.00")),
        (Decimal("12.34"), Decimal("12.34")),
        (12.5, Decimal("12.50")),
        ("", None),
        (None, None),
    ],
)
def test_an_amount_of_money_as_people_type_it(typed: object, amount: Decimal | None) -> None:
    assert rules.parse_saving(typed, "estimated_saving") == amount  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("abc", "kaizen.v_not_money"),
        ("12a", "kaizen.v_not_money"),
        ("1,20", "kaizen.v_not_money"),
        ("NaN", "kaizen.v_not_money"),
        ("inf", "kaizen.v_not_money"),
        (float("nan"), "kaizen.v_not_money"),
        (True, "kaizen.v_not_money"),
        ("-5", "core.v_negative"),
        (-5, "core.v_negative"),
        ("1.005", "kaizen.v_money_cents"),
        ("1000000000000", "core.v_too_big"),
    ],
)
def test_what_is_not_an_amount_of_money(typed: object, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.parse_saving(typed, "actual_saving")  # type: ignore[arg-type]
    assert caught.value.key == key and caught.value.field == "actual_saving"
    assert "Actual savings" in caught.value.message()


def test_overdue_is_waiting_longer_than_the_limit() -> None:
    submitted = datetime(2026, 3, 1, 12, 0, tzinfo=UTC).astimezone()
    day = submitted.date()
    for status in rules.WAITING:
        assert not rules.is_overdue(status, submitted, day + timedelta(days=14))
        assert rules.is_overdue(status, submitted, day + timedelta(days=15))
        assert rules.is_overdue(status, submitted, day + timedelta(days=4), days=3)
    for status in rules.DECIDED:
        assert not rules.is_overdue(status, submitted, day + timedelta(days=100))
    cutoff = rules.overdue_cutoff(day + timedelta(days=15))
    assert submitted < cutoff <= submitted + timedelta(days=1)
    assert rules.waiting_days(submitted, day + timedelta(days=3)) == 3


def test_late_is_adopted_and_past_its_date() -> None:
    today = date(2026, 3, 10)
    assert rules.is_late("adopted", date(2026, 3, 9), today)
    assert not rules.is_late("adopted", date(2026, 3, 10), today)
    assert not rules.is_late("adopted", None, today)
    assert not rules.is_late("implemented", date(2026, 1, 1), today)


def test_implementation_dates() -> None:
    submitted = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    local = rules.local_date(submitted)
    rules.check_implemented_on(local, submitted, local)
    with pytest.raises(ValidationError) as caught:
        rules.check_implemented_on(local - timedelta(days=1), submitted, local + timedelta(days=9))
    assert caught.value.key == "kaizen.implemented_before_submitted"
    assert caught.value.field == "implemented_on" and local.isoformat() in caught.value.message()
    with pytest.raises(ValidationError) as future:
        rules.check_implemented_on(local + timedelta(days=2), submitted, local + timedelta(days=1))
    assert future.value.key == "kaizen.implemented_in_future"


def test_months() -> None:
    assert rules.parse_month("2026-3") == "2026-03"
    assert rules.parse_month(" ２０２６-１２ ") == "2026-12"
    for bad in ("2026-13", "March", "2026-00", "26-3"):
        with pytest.raises(ValidationError):
            rules.parse_month(bad)
    assert rules.next_month("2025-12") == "2026-01"
    assert rules.months_between("2025-11", "2026-02") == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    assert rules.months_between("2026-02", "2026-01") == []
    assert rules.last_months(date(2026, 2, 15), 6) == [
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    start = rules.month_start("2026-03")
    assert start.utcoffset() is not None and (start.year, start.month, start.day) == (2026, 3, 1)


def test_rates_are_none_without_a_denominator() -> None:
    assert rules.adoption_rate(1, 1, 4) == 0.5
    assert rules.adoption_rate(0, 0, 0) is None  # no decisions: not 0 %
    assert rules.implementation_rate(3, 1) == 0.25
    assert rules.implementation_rate(0, 0) is None
    assert rules.participation(0, 5) == 0.0
    assert rules.participation(0, 0) is None


def test_headcount_counts_who_took_part_even_after_leaving() -> None:
    active = ["王伟", "李娜", "张强", "刘洋"]
    # 陈静 left the team (inactive) but submitted that month; 访客 was never entered.
    assert rules.headcount(active, ["王伟", "陈静", "访客"]) == 6
    assert rules.headcount(active, ["王伟 ", "李娜"]) == 4
    assert rules.participation(3, rules.headcount(active, ["王伟", "陈静", "访客"])) == 0.5


def test_median() -> None:
    assert rules.median([]) is None
    assert rules.median([4.0]) == 4.0
    assert rules.median([10.0, 2.0, 4.0]) == 4.0
    assert rules.median([1.0, 4.0, 2.0, 9.0]) == 3.0


def test_money_text() -> None:
    assert rules.money(Decimal("1234.5"), "CNY") == "1,234.50 CNY"
    assert rules.money(None) == "—"


def test_every_key_built_at_run_time_exists_in_both_languages() -> None:
    """Keys the kaizen code builds with f-strings, which tests/test_i18n.py cannot see."""
    from leantui.cli.kaizen import DETAIL_FIELDS

    keys = {f"kaizen.status_{s}" for s in rules.STATUSES}
    keys |= {f"kaizen.category_{c}" for c in rules.CATEGORIES}
    keys |= {f"kaizen.card_{state}" for state in ("open", "done", "archived", "gone")}
    keys |= {"kaizen.cli_count", "kaizen.cli_overdue_count", "kaizen.waiting_days"}
    keys |= {f"fields.{name}" for name in (*DETAIL_FIELDS, *suggestions.EDITABLE)}
    for columns in (exports.SUGGESTION_COLUMNS, exports.CHANGE_COLUMNS, exports.METRIC_COLUMNS):
        keys |= {f"fields.{name}" for name in columns}
    for language in ("en", "zh_CN"):
        assert sorted(keys - set(catalog(language))) == [], language


def test_english_counts_are_plural_aware() -> None:
    from leantui.core.i18n import t

    assert t("kaizen.cli_count", count=1) == "1 suggestion"
    assert t("kaizen.cli_count", count=2) == "2 suggestions"
    assert t("kaizen.cli_count", count=0) == "0 suggestions"
    assert t("kaizen.waiting_days", count=1) == "waiting 1 day"
