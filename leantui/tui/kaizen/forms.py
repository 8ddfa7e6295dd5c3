"""The kaizen forms, declared once each (kit.forms.Field): the quick capture, the edit
form, the decisions (adopt, reject), the implementation, the follow-ups (card, PDCA
cycle), the list's filter and its order. A field's name is the service's argument; the
services check everything. Run-time choices (teams, areas, boards) are given when a form
is made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from leantui.core.i18n import t
from leantui.core.kaizen import rules
from leantui.tui.kit.forms import CHOICE, LINES, Choices, Field


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def categories() -> Choices:
    """The eight wastes, then SQDCP, by their names in the user's language."""
    return [(rules.category_name(c), c) for c in rules.CATEGORIES]


def statuses() -> Choices:
    return [(rules.status_name(s), s) for s in rules.STATUSES]


def sorts() -> Choices:
    return [(t(f"kaizen.by_{s}"), s) for s in rules.SORTS]


def orders() -> Choices:
    return [(t("kaizen.order_newest"), True), (t("kaizen.order_oldest"), False)]


def yes_no() -> Choices:
    return [(t("kaizen.no"), False), (t("kaizen.yes"), True)]


# Title, before, after, who: the rest may stay as it is. The submitter is last of the
# typed fields, so that Enter there saves. Team and area default to where the form was
# opened (a blank area is the team's).
CAPTURE_FIELDS = (
    Field("title", "fields.title", hint="kaizen.title_hint"),
    Field("problem", "kaizen.f_problem", LINES, hint="kaizen.problem_hint"),
    Field("proposal", "kaizen.f_proposal", LINES, hint="kaizen.proposal_hint"),
    Field("submitter", "fields.submitter", hint="kaizen.submitter_hint"),
    Field("team_id", "fields.team", CHOICE, blank="kaizen.no_team_choice", error_name="team"),
    Field("area_id", "fields.area", CHOICE, blank="kaizen.area_of_team", error_name="area"),
    Field("category", "fields.category", CHOICE, choices=categories, blank="kaizen.no_category"),
    Field("estimated_saving", "fields.estimated_saving", hint="kaizen.saving_hint"),
)

# Every editable field (suggestions.EDITABLE names the same, for the service).
EDIT_FIELDS = (
    Field("title", "fields.title"),
    Field("problem", "kaizen.f_problem", LINES),
    Field("proposal", "kaizen.f_proposal", LINES),
    Field("benefit", "fields.benefit", LINES),
    Field(
        "category",
        "fields.category",
        CHOICE,
        choices=categories,
        blank="kaizen.no_category",
        load=lambda r: r.category or None,
        dump=lambda v: v or "",
    ),
    Field("area_id", "fields.area", CHOICE, blank="kaizen.no_area", error_name="area"),
    Field(
        "estimated_saving",
        "fields.estimated_saving",
        hint="kaizen.saving_hint",
        load=lambda r: _amount(r.estimated_saving),
    ),
    Field(
        "actual_saving",
        "fields.actual_saving",
        hint="kaizen.saving_hint",
        load=lambda r: _amount(r.actual_saving),
    ),
    Field("reviewer", "fields.reviewer"),
    Field(
        "implement_by",
        "fields.implement_by",
        hint="kaizen.date_hint",
        load=lambda r: _day(r.implement_by),
    ),
)

ADOPT_FIELDS = (
    Field("implement_by", "fields.implement_by", hint="kaizen.date_hint"),
    Field("reviewer", "fields.reviewer"),
    Field("reason", "kaizen.f_note", hint="kaizen.note_hint"),
)

REJECT_FIELDS = (
    Field("reason", "fields.reason", hint="kaizen.reason_hint"),
    Field("reviewer", "fields.reviewer"),
)

IMPLEMENT_FIELDS = (
    Field("implemented_on", "fields.implemented_on", hint="kaizen.date_hint"),
    Field("actual_saving", "fields.actual_saving", hint="kaizen.saving_hint"),
)

CARD_FIELDS = (
    Field("board_id", "fields.board", CHOICE, error_name="board"),
    Field("owner", "fields.owner"),
    Field("due", "fields.due", hint="kaizen.date_hint"),
)

CYCLE_FIELDS = (
    Field("owner", "fields.owner"),
    Field("due", "fields.due", hint="kaizen.date_hint"),
)

FILTER_FIELDS = (
    Field("status", "fields.status", CHOICE, choices=statuses, blank="kaizen.any"),
    Field("overdue", "kaizen.f_overdue_only", CHOICE, choices=yes_no),
    Field("team_id", "fields.team", CHOICE, blank="kaizen.any", error_name="team"),
    Field("area_id", "fields.area", CHOICE, blank="kaizen.any", error_name="area"),
    Field("category", "fields.category", CHOICE, choices=categories, blank="kaizen.any"),
    Field("submitter", "fields.submitter", dump=lambda v: v.strip()),
    Field("month", "fields.month", hint="kaizen.month_hint", load=lambda r: _text(r.month)),
)

SORT_FIELDS = (
    Field("sort", "fields.sort", CHOICE, choices=sorts),
    Field("descending", "kaizen.f_order", CHOICE, choices=orders),
)
