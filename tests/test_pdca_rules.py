"""The PDCA rules and metrics on hand-built values: target met in both directions, the
change against the baseline, numbers as people type them, the phase order, and the
metric maths (on-time closure, days per phase, open per owner, targets met)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from leantui.core.i18n import catalog
from leantui.core.pdca import a3, metrics, rules
from leantui.core.pdca.metrics import Outcome, Share, Stay

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("latest", "goal", "direction", "met"),
    [
        (24, 25, "lower", True),
        (25, 25, "lower", True),  # reaching the goal is meeting it
        (25.5, 25, "lower", False),
        (96, 95, "higher", True),
        (95, 95, "higher", True),
        (94.9, 95, "higher", False),
        (-2, -1, "lower", True),  # below zero too
        (None, 25, "lower", None),  # no measurement: not known, not "no"
        (24, None, "lower", None),  # no goal
    ],
)
def test_target_met_in_both_directions(
    latest: float | None, goal: float | None, direction: str, met: bool | None
) -> None:
    assert rules.target_met(latest, goal, direction) is met


def test_change_against_the_baseline_and_progress() -> None:
    assert rules.change_percent(36, 45) == pytest.approx(-20.0)
    assert rules.change_percent(1.2, 1.0) == pytest.approx(20.0)
    assert rules.change_percent(-3, -2) == pytest.approx(-50.0)  # of |baseline|
    assert rules.change_percent(5, 0) is None and rules.change_percent(None, 4) is None
    assert rules.progress(35, 45, 25) == pytest.approx(0.5)
    assert rules.progress(20, 45, 25) == pytest.approx(1.25)
    assert rules.progress(50, 45, 25) == pytest.approx(-0.25)
    assert rules.progress(30, None, 25) is None


def test_the_direction_read_off_the_target() -> None:
    assert rules.infer_direction(45, 25) == "lower"
    assert rules.infer_direction(80, 95) == "higher"
    assert rules.infer_direction(5, 5) is None and rules.infer_direction(None, 5) is None


def test_latest_is_by_date_then_entry_order() -> None:
    d = date(2026, 3, 1)
    values = [(d + timedelta(days=3), 7.0), (d, 9.0), (d + timedelta(days=3), 6.0)]
    assert rules.latest(values) == (d + timedelta(days=3), 6.0)
    assert rules.latest([]) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        (" 12.5 ", 12.5),
        ("-0.5", -0.5),
        ("+3", 3.0),
        (".5", 0.5),
        ("１２．５", 12.5),  # a Chinese input method's full-width digits
        ("－３", -3.0),
        ("1,5", None),
        ("95%", None),
        ("1e3", None),
        ("twelve", None),
        ("", None),
        ("nan", None),
        ("1" * 14, None),  # a slip of the finger, not a measurement
    ],
)
def test_numbers_as_people_type_them(text: str, value: float | None) -> None:
    assert rules.parse_number(text) == value


def test_numbers_as_shown() -> None:
    assert rules.format_number(12.0) == "12"
    assert rules.format_number(12.5) == "12.5"
    assert rules.format_number(1 / 3) == "0.3333"
    assert rules.format_number(None) == "—"


def test_phases_advance_in_order_and_go_back_anywhere_earlier() -> None:
    assert [rules.next_phase(p) for p in rules.PHASES] == ["D", "C", "A", None]
    assert rules.is_forward_step("P", "D") and not rules.is_forward_step("P", "C")
    assert rules.is_back("A", "P") and rules.is_back("C", "D")
    assert not rules.is_back("P", "D") and not rules.is_back("C", "C")


def test_overdue_and_due_soon() -> None:
    assert rules.is_overdue(TODAY - timedelta(days=1), "open", TODAY)
    assert not rules.is_overdue(TODAY, "open", TODAY)
    assert not rules.is_overdue(TODAY - timedelta(days=9), "closed", TODAY)
    assert rules.is_due_soon(TODAY, "open", TODAY)
    assert rules.is_due_soon(TODAY + timedelta(days=7), "open", TODAY)
    assert not rules.is_due_soon(TODAY + timedelta(days=8), "open", TODAY)
    assert not rules.is_due_soon(TODAY - timedelta(days=1), "open", TODAY)  # overdue instead
    assert not rules.is_due_soon(TODAY, "abandoned", TODAY)


def test_a_cycle_in_check_waits_for_a_measurement() -> None:
    entered = datetime(2026, 3, 1, 12, tzinfo=UTC)
    quiet = rules.check_is_quiet
    assert not quiet("C", "open", entered, None, date(2026, 3, 14))
    assert quiet("C", "open", entered, None, date(2026, 3, 15))
    # A measurement before entering Check does not count; one after it restarts the count.
    assert quiet("C", "open", entered, date(2026, 2, 1), date(2026, 3, 15))
    assert not quiet("C", "open", entered, date(2026, 3, 10), date(2026, 3, 23))
    assert quiet("C", "open", entered, date(2026, 3, 10), date(2026, 3, 24))
    assert not quiet("D", "open", entered, None, date(2026, 6, 1))
    assert not quiet("C", "closed", entered, None, date(2026, 6, 1))


def test_sparkline() -> None:
    assert rules.sparkline([1.55, 1.45, 1.38, 1.3, 1.22, 1.15]) == "█▆▅▄▂▁"
    assert rules.sparkline([3, 3]) == "▄▄"
    assert rules.sparkline([]) == ""


def outcome(
    status: str, due: date, closed: date | None = None, owner: str = "王伟", met: bool | None = None
) -> Outcome:
    return Outcome(status, due, closed, owner, met)


def test_on_time_closure() -> None:
    due = date(2026, 3, 10)
    outcomes = [
        outcome("closed", due, date(2026, 3, 10)),  # on the due date: on time
        outcome("closed", due, date(2026, 3, 8)),  # early
        outcome("closed", due, date(2026, 3, 11)),  # a day late
        outcome("open", date(2026, 3, 19)),  # past due and still open: counts against
        outcome("open", TODAY),  # due today: not yet late, does not count
        outcome("open", date(2026, 4, 1)),  # not due: does not count
        outcome("abandoned", due, date(2026, 3, 1)),  # abandoned: does not count
    ]
    found = metrics.on_time_closure(outcomes, TODAY)
    assert found == Share(2, 4) and found.percent == pytest.approx(50.0)
    assert metrics.on_time_closure([outcome("open", date(2026, 4, 1))], TODAY) is None
    assert metrics.on_time_closure([], TODAY) is None


def test_share_of_closed_cycles_whose_target_was_met() -> None:
    due = date(2026, 3, 10)
    outcomes = [
        outcome("closed", due, due, met=True),
        outcome("closed", due, due, met=False),
        outcome("closed", due, due, met=None),  # never measured: not shown to be met
        outcome("open", due, met=True),  # open ones do not count
        outcome("abandoned", due, due, met=True),
    ]
    found = metrics.target_met_share(outcomes)
    assert found == Share(1, 3) and found.percent == pytest.approx(100 / 3)
    assert metrics.target_met_share([outcome("open", due)]) is None


def test_open_cycles_per_owner() -> None:
    due = date(2026, 3, 10)
    outcomes = [
        outcome("open", due, owner="李娜"),
        outcome("open", due, owner="王伟"),
        outcome("open", due, owner="李娜"),
        outcome("closed", due, due, owner="王伟"),
        outcome("abandoned", due, due, owner="张强"),
        outcome("open", due, owner="Ann"),
    ]
    assert metrics.open_per_owner(outcomes) == {"李娜": 2, "Ann": 1, "王伟": 1}
    assert list(metrics.open_per_owner(outcomes)) == ["李娜", "Ann", "王伟"]


def days(n: float) -> timedelta:
    return timedelta(days=n)


def test_stays_from_phase_changes() -> None:
    changes = [(T0 + days(2), "D"), (T0 + days(5), "C"), (T0 + days(6), "D"), (T0 + days(9), "C")]
    found = metrics.stays(T0, changes, None)
    assert [(s.phase, s.start, s.end) for s in found] == [
        ("P", T0, T0 + days(2)),
        ("D", T0 + days(2), T0 + days(5)),
        ("C", T0 + days(5), T0 + days(6)),
        ("D", T0 + days(6), T0 + days(9)),
        ("C", T0 + days(9), None),  # still there
    ]
    closed = metrics.stays(T0, [(T0 + days(1), "D")], T0 + days(4))
    assert closed[-1] == Stay("D", T0 + days(1), T0 + days(4))


def test_average_days_per_phase() -> None:
    first = metrics.stays(
        T0,
        [(T0 + days(2), "D"), (T0 + days(5), "C"), (T0 + days(15), "A")],
        T0 + days(16),
    )
    # Went back from Check to Do once: each stay counts on its own.
    second = metrics.stays(
        T0,
        [(T0 + days(4), "D"), (T0 + days(6), "C"), (T0 + days(7), "D"), (T0 + days(8), "C")],
        None,
    )
    found = metrics.average_days_per_phase([*first, *second])
    assert found["P"] == pytest.approx((2 + 4) / 2)
    assert found["D"] == pytest.approx((3 + 2 + 1) / 3)
    assert found["C"] == pytest.approx((10 + 1) / 2)  # the open stay does not count yet
    assert found["A"] == pytest.approx(1.0)
    half = metrics.stays(T0, [(T0 + timedelta(hours=12), "D")], None)
    assert metrics.average_days_per_phase(half) == {"P": 0.5, "D": None, "C": None, "A": None}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_key_built_from_a_rule_exists(language: str) -> None:
    """The keys the code builds with f-strings: phase names, statuses, directions and A3
    section titles."""
    found = catalog(language)
    built = [
        *(f"pdca.phase_{name}" for name in rules.PHASE_NAMES.values()),
        *(f"pdca.status_{status}" for status in rules.STATUSES),
        *(f"pdca.direction_{direction}" for direction in rules.DIRECTIONS),
        *(f"pdca.a3_{key}" for key in a3.SECTIONS),
    ]
    assert [key for key in built if key not in found] == []
    assert set(rules.PHASE_NAMES) == set(rules.PHASES)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_field_a_pdca_message_names_has_a_label(language: str) -> None:
    """A refusal names its field by its label (fields.<field>): every field the PDCA
    services check has one, in both languages."""
    from leantui.core.pdca import cycles

    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path(cycles.__file__).parent.glob("*.py")
    )
    names = set(re.findall(r'field="([a-z_]+)"', source))
    checked = r'(?:clean|number|optional_date|optional_count|choice)\([^"]*?, "([a-z_]+)"'
    names |= set(re.findall(checked, source))
    names |= set(cycles.EDITABLE) | set(cycles.MULTILINE)
    assert {"due", "start", "baseline", "goal", "value", "date", "why", "abandon_reason"} <= names
    found = catalog(language)
    assert sorted(name for name in names if f"fields.{name}" not in found) == []
