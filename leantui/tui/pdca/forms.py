"""The PDCA forms, declared once each (kit.forms.Field): a cycle, the Plan text, a line of
the 5 Whys, a countermeasure, a measurement, the standard, a follow-up and the list's
filter. A field's name is the service's argument (`error_name` when the service names
the field otherwise); the services validate, the forms keep what was typed."""

from __future__ import annotations

from typing import Any

from leantui.core.i18n import t
from leantui.core.pdca import rules
from leantui.tui.kit.forms import CHOICE, LINES, Choices, Field

DATE_HINT = "pdca.date_hint"
NUMBER_HINT = "pdca.number_hint"


def text(value: object) -> str:
    """A stored value as a form shows it: dates as YYYY-MM-DD, numbers without a
    needless ".0", nothing as an empty field."""
    if value is None:
        return ""
    if isinstance(value, float):
        return rules.format_number(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _directions() -> Choices:
    return [(t(f"pdca.direction_{d}"), d) for d in rules.DIRECTIONS]


def _statuses() -> Choices:
    return [(t(f"pdca.status_{s}"), s) for s in rules.STATUSES]


def _shown(name: str) -> Any:
    return lambda row: text(row.get(name))


# Every editable field of a cycle (cycles.EDITABLE names the same). Teams and areas are
# the workspace's, given when the form is made.
CYCLE_FIELDS = (
    Field("title", "fields.title"),
    Field("problem", "fields.problem", LINES),
    Field("metric", "fields.metric", hint="pdca.metric_hint"),
    Field("unit", "fields.unit", hint="pdca.unit_hint"),
    Field("baseline", "fields.baseline", hint=NUMBER_HINT, load=_shown("baseline")),
    Field("goal", "fields.goal", hint=NUMBER_HINT, load=_shown("goal")),
    Field(
        "direction", "fields.direction", CHOICE, choices=_directions, blank="pdca.direction_auto"
    ),
    Field("owner", "fields.owner"),
    Field("team_id", "fields.team", CHOICE, blank="pdca.none", error_name="team"),
    Field("area_id", "fields.area", CHOICE, blank="pdca.none", error_name="area"),
    Field("start", "fields.start", hint=DATE_HINT, load=_shown("start")),
    Field("due", "fields.due", hint=DATE_HINT, load=_shown("due")),
)

PLAN_FIELDS = (
    Field("current_state", "fields.current_state", LINES),
    Field("root_cause", "fields.root_cause", LINES),
)

WHY_FIELDS = (
    Field("why", "fields.why"),
    Field("because", "fields.because"),
)

ACTION_FIELDS = (
    Field("text", "fields.countermeasure", error_name="countermeasure"),
    Field("owner", "fields.owner", hint="pdca.action_owner_hint"),
    Field("due", "fields.due", hint=DATE_HINT, load=_shown("due")),
)

MEASURE_FIELDS = (
    Field("on", "fields.date", hint=DATE_HINT, error_name="date"),
    Field("value", "fields.value", hint=NUMBER_HINT),
    Field("note", "fields.note"),
)

STANDARD_FIELDS = (
    Field("what", "fields.standard", LINES, error_name="standard"),
    Field("where", "fields.standard_where", error_name="standard_where"),
)

FOLLOW_UP_FIELDS = (
    Field("owner", "fields.owner"),
    Field("baseline", "fields.baseline", hint=NUMBER_HINT),
    Field("goal", "fields.goal", hint=NUMBER_HINT),
    Field("start", "fields.start", hint=DATE_HINT),
    Field("due", "fields.due", hint=DATE_HINT),
)

# The list's filter: owners, teams and areas are given when the form is made.
FILTER_FIELDS = (
    Field("status", "fields.status", CHOICE, choices=_statuses, blank="pdca.all"),
    Field("owner", "fields.owner", CHOICE, blank="pdca.all"),
    Field("team_id", "fields.team", CHOICE, blank="pdca.all"),
    Field("area_id", "fields.area", CHOICE, blank="pdca.all"),
)
