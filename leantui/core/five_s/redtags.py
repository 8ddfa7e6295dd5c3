"""The red-tag log: items tagged in an area, waiting for a decision to keep, relocate or
discard them by a date."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.models import Area
from leantui.core.errors import NotFound, ValidationError
from leantui.core.five_s import audits, rules
from leantui.core.five_s.models import RedTag
from leantui.core.five_s.rows import RedTagRow
from leantui.core.services import events, validate

FIELDS = (
    "id",
    "area_id",
    "item",
    "location",
    "reason",
    "quantity",
    "tagged_by",
    "tagged_at",
    "decision_due",
    "disposition",
    "decided_at",
    "decided_by",
    "note",
)


def _row(tag: RedTag, area: str) -> RedTagRow:
    values = {name: getattr(tag, name) for name in FIELDS}
    return RedTagRow(area=area, **values)


def add_tag(
    db: Database,
    area_id: int,
    item: str,
    *,
    location: str = "",
    reason: str = "",
    quantity: str | int | None = 1,
    tagged_by: str = "",
    decision_due: str | date | None = None,
) -> RedTagRow:
    item = validate.text(item, "item", required=True, limit=validate.MAX_TITLE)
    location = validate.text(location, "location", limit=validate.MAX_NAME)
    reason = validate.text(reason, "reason", limit=validate.MAX_REASON)
    tagged_by = validate.text(tagged_by, "tagged_by", limit=validate.MAX_NAME)
    count = validate.optional_count(quantity, "quantity")
    if count is not None and count < 1:
        raise ValidationError("core.v_not_positive", field="quantity")
    due = validate.optional_date(decision_due, "decision_due")
    with db.write() as session:
        audits._bump(session, area_id)
        area = session.get(Area, area_id)
        if area is None:
            raise NotFound("core.no_such_area", name=area_id)
        if area.archived:
            raise ValidationError("five_s.area_archived", field="area", name=area.name)
        tag = RedTag(
            area_id=area_id,
            item=item,
            location=location,
            reason=reason,
            quantity=count or 1,
            tagged_by=tagged_by,
            decision_due=due,
        )
        session.add(tag)
        session.flush()
        payload = {"item": item, "location": location, "due": due}
        events.record(session, "red_tag", tag.id or 0, "create", payload, area_id=area_id)
        return _row(tag, area.name)


def decide(
    db: Database, tag_id: int, disposition: str, note: str = "", decided_by: str = ""
) -> RedTagRow:
    disposition = validate.choice(disposition, "disposition", rules.DISPOSITIONS)
    note = validate.text(note, "note", limit=validate.MAX_REASON)
    decided_by = validate.text(decided_by, "decided_by", limit=validate.MAX_NAME)
    with db.write() as session:
        tag = session.get(RedTag, tag_id)
        if tag is None:
            raise NotFound("five_s.no_such_red_tag", id=tag_id)
        audits._bump(session, tag.area_id)
        if tag.disposition:
            raise ValidationError(
                "five_s.red_tag_decided", field="disposition", id=tag_id, decision=tag.disposition
            )
        tag.disposition, tag.note, tag.decided_by = disposition, note, decided_by
        tag.decided_at = clock.now()
        payload = {"disposition": disposition, "note": note}
        events.record(session, "red_tag", tag_id, "decide", payload, area_id=tag.area_id)
        area = session.get(Area, tag.area_id)
        return _row(tag, area.name if area else "")


def list_tags(db: Database, area_id: int | None = None, undecided: bool = False) -> list[RedTagRow]:
    query = select(RedTag, col(Area.name)).join(Area, col(Area.id) == col(RedTag.area_id))
    if area_id is not None:
        query = query.where(col(RedTag.area_id) == area_id)
    if undecided:
        query = query.where(col(RedTag.disposition) == "")
    with db.read() as session:
        return [
            _row(tag, name)
            for tag, name in session.execute(query.order_by(col(RedTag.tagged_at), col(RedTag.id)))
        ]
