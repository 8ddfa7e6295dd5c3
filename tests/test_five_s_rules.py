"""The 5S scoring maths on hand-computed cases: sum(score × weight) / sum(scale_max ×
weight) × 100 over answered, applicable items."""

from __future__ import annotations

from datetime import date

import pytest

from leantui.core.five_s.rules import Answer, band, by_s, is_due, needs_action, percent


def a(s: str, score: int | None, weight: float = 1, na: bool = False) -> Answer:
    return Answer(s, weight, score, na)


def test_weights_count() -> None:
    answers = [a("sort", 5, 1), a("sort", 3, 2), a("shine", 0, 1)]
    # (5·1 + 3·2 + 0·1) / (5·1 + 5·2 + 5·1) = 11 / 20
    assert percent(answers, 5) == pytest.approx(55.0)
    assert by_s(answers, 5) == {"sort": pytest.approx(11 / 15 * 100), "shine": 0.0}


def test_na_and_unanswered_items_do_not_count() -> None:
    assert percent([a("sort", 4), a("sort", None, na=True)], 5) == pytest.approx(80.0)
    # Unanswered is not zero: 2 of 5 on the one answered item.
    assert percent([a("sort", 2), a("sort", None)], 5) == pytest.approx(40.0)


def test_an_s_whose_items_are_all_na_has_no_score() -> None:
    answers = [a("sort", None, na=True), a("sort", None, na=True), a("shine", 5)]
    assert by_s(answers, 5) == {"sort": None, "shine": 100.0}
    assert percent(answers, 5) == 100.0  # the total is over what applies


def test_nothing_scored_is_no_score_not_zero() -> None:
    assert percent([], 5) is None
    assert percent([a("sort", None), a("shine", None, na=True)], 5) is None


def test_a_custom_zero_to_four_scale() -> None:
    assert percent([a("sort", 4), a("shine", 2)], 4) == pytest.approx(75.0)
    assert percent([a("sort", 3, 0.5), a("shine", 1, 1.5)], 4) == pytest.approx(
        (3 * 0.5 + 1 * 1.5) / (4 * 0.5 + 4 * 1.5) * 100
    )


def test_s_order_follows_the_categories_not_the_items() -> None:
    answers = [a("sustain", 1), a("sort", 2), a("safety", 3)]
    assert list(by_s(answers, 5)) == ["sort", "sustain", "safety"]


@pytest.mark.parametrize(
    ("total", "name"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (89.99, "good"),
        (80, "good"),
        (79.5, "fair"),
        (60, "fair"),
        (59.9, "poor"),
        (0, "poor"),
        (None, None),
    ],
)
def test_bands(total: float | None, name: str | None) -> None:
    assert band(total) == name


def test_due_and_actions() -> None:
    today = date(2026, 11, 26)
    assert is_due(None, 7, today)
    assert not is_due(date(2026, 11, 20), 7, today)
    assert is_due(date(2026, 11, 19), 7, today)
    assert needs_action(2, False) and needs_action(0, False)
    assert not needs_action(3, False) and not needs_action(None, False)
    assert not needs_action(1, True)
