"""The 5S forms, declared once each (kit.forms.Field): start an audit, corrective-action
cards, a red tag and its decision. A field's name is the service's argument; the
services validate. Choices that come from the database are given when a form is made."""

from __future__ import annotations

from leantui.core.five_s.rules import DISPOSITIONS
from leantui.core.i18n import t
from leantui.tui.kit.forms import CHOICE, Choices, Field


def _dispositions() -> Choices:
    return [(t(f"five_s.disposition_{d}"), d) for d in DISPOSITIONS]


# audits.start_audit(db, area_id, auditor, template): areas and templates are given.
START_FIELDS = (
    Field("area_id", "five_s.f_area", CHOICE, error_name="area"),
    Field("auditor", "five_s.f_auditor", hint="five_s.auditor_hint"),
    Field("template", "five_s.f_template", CHOICE),
)

# audits.create_actions(db, item_ids, board_id, owner, due): the boards are given.
ACTION_FIELDS = (
    Field("board_id", "five_s.f_board", CHOICE, error_name="board"),
    Field("owner", "fields.owner"),
    Field("due", "fields.due", hint="five_s.date_hint"),
)

# redtags.add_tag(db, area_id, item, location, reason, quantity, tagged_by, decision_due)
RED_TAG_FIELDS = (
    Field("area_id", "five_s.f_area", CHOICE, error_name="area"),
    Field("item", "five_s.f_item"),
    Field("location", "five_s.f_location"),
    Field("reason", "five_s.f_reason"),
    Field("quantity", "five_s.f_quantity", hint="five_s.digits_hint", default="1"),
    Field("tagged_by", "five_s.f_tagged_by"),
    Field("decision_due", "five_s.f_decision_due", hint="five_s.date_hint"),
)

# redtags.decide(db, tag_id, disposition, note, decided_by)
DECIDE_FIELDS = (
    Field("disposition", "five_s.f_disposition", CHOICE, choices=_dispositions),
    Field("note", "five_s.f_note"),
    Field("decided_by", "five_s.f_decided_by"),
)
