"""The flow metrics over a hand-built history (core/metrics/flow.py), every figure
worked out by hand below. Days are UTC days; 2026-01-05 is a Monday (ISO week 2).

    card 10: Backlog d0 → Ready d1 → Doing d2 → Done d6, archived d7 (stays done)
    card 11: Doing d0 → Done d2 → back to Doing d3 → Done d9 (counts once, at d9)
    card 12: Ready d1 → Doing d3, blocked d3 12:00 – d4 12:00 → Done d5, deleted d8
    card 13: Ready d0 (WIP override "rush") → Doing d7, blocked from d8 (still)
    card 14: Backlog d0, never moves
    card 15: Ready d0, never moves (not started: aged from its creation)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from leantui.core.metrics import flow
from leantui.core.metrics.flow import ColumnInfo, Fact
from leantui.core.metrics.report import histogram

D0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
COLUMNS = {
    1: ColumnInfo(1, 1, "Backlog", "backlog", 0),
    2: ColumnInfo(2, 1, "Ready", "queue", 1),
    3: ColumnInfo(3, 1, "Doing", "active", 2),
    4: ColumnInfo(4, 1, "Done", "done", 3),
}


def d(day: float) -> datetime:
    return D0 + timedelta(days=day)


def s(day: float) -> float:
    """Day `day` as the flows hold moments: seconds since the epoch."""
    return d(day).timestamp()


def create(day: float, card: int, column: int, override_reason: str | None = None) -> Fact:
    return Fact(s(day), card, 1, "create", column, f"card {card}", override_reason=override_reason)


def move(day: float, card: int, src: int, dst: int) -> Fact:
    return Fact(s(day), card, 1, "move", dst)


def act(day: float, card: int, action: str) -> Fact:
    return Fact(s(day), card, 1, action)


HISTORY = sorted(
    [
        create(0, 10, 1),
        move(1, 10, 1, 2),
        move(2, 10, 2, 3),
        move(6, 10, 3, 4),
        act(7, 10, "archive"),
        create(0, 11, 3),
        move(2, 11, 3, 4),
        move(3, 11, 4, 3),
        move(9, 11, 3, 4),
        create(1, 12, 2),
        move(3, 12, 2, 3),
        act(3.125, 12, "block"),
        act(3.375, 12, "block"),  # blocked already: same since
        act(4.125, 12, "unblock"),
        move(5, 12, 3, 4),
        act(8, 12, "delete"),
        create(0, 13, 2, override_reason="rush"),
        move(7, 13, 2, 3),
        act(8, 13, "block"),
        create(0, 14, 1),
        create(0, 15, 2),
    ],
    key=lambda f: f.at,
)
DAYS = flow.days_of(date(2026, 1, 5), date(2026, 1, 14))  # d0 … d9


@pytest.fixture
def cards() -> dict[int, flow.CardFlow]:
    found, _ = flow.flows(HISTORY, COLUMNS)
    return found


def test_lead_and_cycle_times_count_a_card_once_at_its_last_completion(cards: Any) -> None:
    done = flow.completed(cards.values(), d(-1), d(20))
    assert [(c.card_id, c.lead_days, c.cycle_days) for c in done] == [
        (12, 4.0, 2.0),  # done d5, deleted later: still counts
        (10, 6.0, 4.0),
        (11, 9.0, 9.0),  # done at d2 too, but it came back: only d9 counts
    ]
    assert [c.blocked_days for c in done] == [1.0, 0.0, 0.0]
    # A period ending before the last completion does not see card 11 at all.
    assert [c.card_id for c in flow.completed(cards.values(), d(-1), d(8))] == [12, 10]


def test_percentiles_by_nearest_rank() -> None:
    assert flow.percentile([6.0, 9.0, 4.0], 50) == 6.0
    assert flow.percentile([6.0, 9.0, 4.0], 85) == 9.0
    assert flow.percentile([4.0, 9.0, 2.0], 50) == 4.0
    values = [float(n) for n in range(1, 21)]  # 1 … 20
    assert [flow.percentile(values, p) for p in (50, 85, 95)] == [10.0, 17.0, 19.0]
    assert flow.percentile([], 50) is None


def test_throughput_per_iso_week(cards: Any) -> None:
    done = flow.completed(cards.values(), d(-1), d(20))
    assert flow.throughput(done, date(2026, 1, 5), date(2026, 1, 18), UTC) == [
        ("2026-W02", 2),  # cards 12 and 10
        ("2026-W03", 1),  # card 11
    ]
    # Weeks with nothing done are listed with 0; a period may start mid-week.
    assert flow.throughput(done, date(2026, 1, 1), date(2026, 1, 4), UTC) == [("2026-W01", 0)]


def test_cumulative_flow_per_column_and_day(cards: Any) -> None:
    counts = flow.cfd(cards.values(), DAYS, UTC)
    assert counts[1] == [2, 1, 1, 1, 1, 1, 1, 1, 1, 1]  # 10 leaves on d1; 14 stays
    # 13 and 15 from d0, 10 and 12 on d1; 10 leaves d2, 12 d3, 13 d7.
    assert counts[2] == [2, 4, 3, 2, 2, 2, 2, 1, 1, 1]
    assert counts[3] == [1, 1, 1, 3, 3, 2, 1, 2, 2, 1]
    # 11 done d2 – d3 and from d9; 12 from d5 until deleted d8; 10 from d6 (archived
    # done cards stay done).
    assert counts[4] == [0, 0, 1, 0, 0, 1, 2, 2, 1, 2]


def test_wip_counts_started_cards_not_done(cards: Any) -> None:
    assert flow.wip(cards.values(), COLUMNS, DAYS, UTC) == [1, 1, 1, 3, 3, 2, 1, 2, 2, 1]
    ends = [flow.day_end(day, UTC).timestamp() for day in DAYS]
    assert [flow.wip_at(cards.values(), COLUMNS, end) for end in ends] == [
        1, 1, 1, 3, 3, 2, 1, 2, 2, 1
    ]  # fmt: skip


def test_blocked_time_and_overrides() -> None:
    cards, overrides = flow.flows(HISTORY, COLUMNS)
    assert cards[12].blocked_seconds(s(20)) == 86400.0
    assert flow.blocked_between(cards[13], s(0), s(10)) == 2 * 86400.0  # still blocked
    assert flow.blocked_between(cards[12], s(4), s(10)) == 0.125 * 86400.0
    assert [(o.card_id, o.column, o.reason) for o in overrides] == [(13, "Ready", "rush")]


def test_aging_of_open_cards_against_p85(cards: Any) -> None:
    found = flow.aging(cards.values(), COLUMNS, d(10), p85_days=9.0)
    assert [(a.card_id, a.column, a.age_days, a.over_p85, a.blocked) for a in found] == [
        (15, "Ready", 10.0, True, False),  # never started: aged from its creation
        (13, "Doing", 3.0, False, True),  # started d7
    ]
    # Back in time (d4): 11, 12 and 10 were under way as well; 14 is in the backlog.
    then = flow.aging(cards.values(), COLUMNS, d(4), p85_days=None)
    assert [(a.card_id, a.age_days) for a in then] == [
        (11, 4.0),
        (13, 4.0),
        (15, 4.0),
        (10, 2.0),
        (12, 1.0),
    ]


def test_deleted_and_unknown_columns_count_as_queue() -> None:
    facts = [create(0, 1, 99), move(1, 1, 99, 4)]
    cards, _ = flow.flows(facts, COLUMNS)
    assert cards[1].started is None and cards[1].done == s(1)
    assert flow.aging(cards.values(), COLUMNS, d(0.5), None)[0].kind == "queue"


def test_histogram_buckets_whole_days() -> None:
    assert histogram([2.0, 4.0, 9.0], buckets=5) == [
        (0, 2, 0),
        (2, 4, 1),
        (4, 6, 1),
        (6, 8, 0),
        (8, 10, 1),
    ]
    assert histogram([]) == []
