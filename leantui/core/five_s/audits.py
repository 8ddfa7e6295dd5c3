"""Audits: start one for an area, answer its items one by one (each answer committed at
once, so a kill mid-audit loses nothing and the draft can be resumed), finish it, read
the result, and turn low scores into corrective-action cards on a board."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.models import Area
from leantui.core.errors import LeanError, NotFound, ValidationError
from leantui.core.five_s import rules, templates
from leantui.core.five_s.models import AreaSettings, Audit, AuditItem
from leantui.core.five_s.rows import ActionRow, AuditResult, AuditRow, AuditSummary, ItemRow
from leantui.core.i18n import t
from leantui.core.services import events, revisions, validate

SOURCE_TYPE = "5s_audit_item"  # a card's source_type for a corrective action
TREND = 8  # finished audits in a trend (its sparkline)


class Unanswered(LeanError):
    """Finishing with items left unanswered needs the user's say-so."""

    def __init__(self, count: int) -> None:
        super().__init__("five_s.unanswered", count=count)
        self.count = count


def scope(area_id: int) -> str:
    return f"area:{area_id}"


OVERVIEW = "five_s"  # the overview's scope: any audit or area setting anywhere


def _bump(session: Session, area_id: int) -> None:
    revisions.bump(session, scope(area_id))
    revisions.bump(session, OVERVIEW)


def _record(
    session: Session, entity: str, entity_id: int, area_id: int, action: str, payload: Any = None
) -> None:
    events.record(session, entity, entity_id, action, payload, area_id=area_id)


def _audit(session: Session, audit_id: int) -> Audit:
    audit = session.get(Audit, audit_id)
    if audit is None:
        raise NotFound("five_s.no_such_audit", id=audit_id)
    return audit


def _audit_row(audit: Audit, area: str) -> AuditRow:
    return AuditRow(
        audit.id or 0,
        audit.area_id,
        area,
        audit.template,
        audit.template_version,
        audit.title,
        audit.scale_min,
        audit.scale_max,
        audit.na_allowed,
        dict(audit.levels),
        audit.auditor,
        audit.status,
        audit.started_at,
        audit.finished_at,
    )


def _item_row(item: AuditItem) -> ItemRow:
    return ItemRow(
        item.id or 0,
        item.audit_id,
        item.position,
        item.key,
        item.s,
        item.text,
        item.weight,
        item.score,
        item.na,
        item.comment,
        item.card_id,
    )


def _live_area(session: Session, area_id: int) -> Area:
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound("core.no_such_area", name=area_id)
    if area.archived:
        raise ValidationError("five_s.area_archived", field="area", name=area.name)
    return area


# --- starting and answering --------------------------------------------------------------


def draft_of(db: Database, area_id: int) -> int | None:
    """The area's unfinished audit, if there is one (to resume)."""
    with db.read() as session:
        return session.execute(
            select(col(Audit.id))
            .where(col(Audit.area_id) == area_id, col(Audit.status) == "draft")
            .order_by(col(Audit.id).desc())
        ).scalar()


def start_audit(db: Database, area_id: int, auditor: str, template: str | None = None) -> AuditRow:
    """A new draft audit of the area with a copy of its template's items. Refused for an
    archived area, and while the area has a draft (resume that one instead)."""
    auditor = validate.text(auditor, "auditor", required=True, limit=validate.MAX_NAME)
    with db.write() as session:
        _bump(session, area_id)
        area = _live_area(session, area_id)
        draft = session.execute(
            select(col(Audit.id)).where(col(Audit.area_id) == area_id, col(Audit.status) == "draft")
        ).scalar()
        if draft is not None:
            raise ValidationError("five_s.draft_exists", field="area", id=draft, name=area.name)
        settings = session.get(AreaSettings, area_id)
        found = templates.get(template or (settings.template if settings else "5s"))
        audit = Audit(
            area_id=area_id,
            template=found.name,
            template_version=found.version,
            title=found.title,
            scale_min=found.scale_min,
            scale_max=found.scale_max,
            na_allowed=found.na_allowed,
            levels=dict(found.levels),
            auditor=auditor,
        )
        session.add(audit)
        session.flush()
        audit_id = audit.id or 0
        for position, item in enumerate(found.items):
            session.add(
                AuditItem(
                    audit_id=audit_id,
                    position=position,
                    key=item.key,
                    s=item.s,
                    text=item.text,
                    weight=item.weight,
                )
            )
        payload = {"template": found.name, "version": found.version, "auditor": auditor}
        _record(session, "audit", audit_id, area_id, "start", payload)
        return _audit_row(audit, area.name)


def answer(db: Database, item_id: int, score: int | str | None = None, na: bool = False) -> ItemRow:
    """Score an item (a whole number on the audit's scale), mark it N/A (where the
    template allows), or clear it (neither). Committed at once."""
    with db.write() as session:
        item = session.get(AuditItem, item_id)
        if item is None:
            raise NotFound("five_s.no_such_item", id=item_id)
        audit = _audit(session, item.audit_id)
        _bump(session, audit.area_id)
        if audit.status != "draft":
            raise ValidationError("five_s.audit_finished", field="score", id=audit.id)
        if na and not audit.na_allowed:
            raise ValidationError("five_s.na_not_allowed", field="score")
        number = None
        if not na and score is not None and score != "":
            number = score if isinstance(score, int) else validate.optional_count(score, "score")
            if number is None or not audit.scale_min <= number <= audit.scale_max:
                raise ValidationError(
                    "five_s.score_out_of_scale",
                    field="score",
                    value=score,
                    low=audit.scale_min,
                    high=audit.scale_max,
                )
        before = {"score": item.score, "na": item.na}
        item.score, item.na = number, na
        item.answered_at = clock.now() if (na or number is not None) else None
        payload = {"item": item.key, "from": before, "to": {"score": number, "na": na}}
        _record(session, "audit", audit.id or 0, audit.area_id, "answer", payload)
        session.flush()
        return _item_row(item)


def answer_all(
    db: Database, audit_id: int, answers: dict[int, tuple[int | None, bool, str]]
) -> None:
    """Record many answers of a draft at once ((score, na, comment) by item id): an audit
    filled in on paper and typed in later, or the demo. Checked as `answer` checks one."""
    with db.write() as session:
        audit = _audit(session, audit_id)
        _bump(session, audit.area_id)
        if audit.status != "draft":
            raise ValidationError("five_s.audit_finished", field="score", id=audit_id)
        items = {
            item.id: item
            for item in session.execute(
                select(AuditItem).where(col(AuditItem.audit_id) == audit_id)
            ).scalars()
        }
        at = clock.now()
        for item_id, (score, na, text) in answers.items():
            item = items.get(item_id)
            if item is None:
                raise NotFound("five_s.no_such_item", id=item_id)
            if na and not audit.na_allowed:
                raise ValidationError("five_s.na_not_allowed", field="score")
            if score is not None and not audit.scale_min <= score <= audit.scale_max:
                raise ValidationError(
                    "five_s.score_out_of_scale",
                    field="score",
                    value=score,
                    low=audit.scale_min,
                    high=audit.scale_max,
                )
            item.score, item.na = (None if na else score), na
            item.comment = validate.text(text, "comment", limit=2000)
            item.answered_at = at
        _record(session, "audit", audit_id, audit.area_id, "answers", {"count": len(answers)})


def comment(db: Database, item_id: int, text: str) -> ItemRow:
    text = validate.text(text, "comment", limit=2000)
    with db.write() as session:
        item = session.get(AuditItem, item_id)
        if item is None:
            raise NotFound("five_s.no_such_item", id=item_id)
        audit = _audit(session, item.audit_id)
        _bump(session, audit.area_id)
        if audit.status != "draft":
            raise ValidationError("five_s.audit_finished", field="comment", id=audit.id)
        if text != item.comment:
            payload = {"item": item.key, "comment": text}
            _record(session, "audit", audit.id or 0, audit.area_id, "comment", payload)
            item.comment = text
        return _item_row(item)


def finish(db: Database, audit_id: int, allow_unanswered: bool = False) -> AuditRow:
    """Finish a draft. Items left unanswered stay unanswered (never zero), but only when
    the user said so (`allow_unanswered`); otherwise Unanswered says how many."""
    with db.write() as session:
        audit = _audit(session, audit_id)
        _bump(session, audit.area_id)
        if audit.status != "draft":
            raise ValidationError("five_s.audit_finished", field="status", id=audit_id)
        left = session.execute(
            select(func.count()).where(
                col(AuditItem.audit_id) == audit_id,
                col(AuditItem.score).is_(None),
                col(AuditItem.na).is_(False),
            )
        ).scalar_one()
        if left and not allow_unanswered:
            raise Unanswered(int(left))
        answers = [
            rules.Answer(item.s, item.weight, item.score, item.na)
            for item in session.execute(
                select(AuditItem).where(col(AuditItem.audit_id) == audit_id)
            ).scalars()
        ]
        audit.status, audit.finished_at = "finished", clock.now()
        audit.total = rules.percent(answers, audit.scale_max)
        _record(session, "audit", audit_id, audit.area_id, "finish", {"unanswered": int(left)})
        area = session.get(Area, audit.area_id)
        return _audit_row(audit, area.name if area else "")


# --- reading -----------------------------------------------------------------------------------


def items_of(db: Database, audit_id: int) -> list[ItemRow]:
    with db.read() as session:
        found = session.execute(
            select(AuditItem)
            .where(col(AuditItem.audit_id) == audit_id)
            .order_by(col(AuditItem.position))
        ).scalars()
        return [_item_row(item) for item in found]


def get_audit(db: Database, audit_id: int) -> AuditRow:
    with db.read() as session:
        audit = _audit(session, audit_id)
        area = session.get(Area, audit.area_id)
        return _audit_row(audit, area.name if area else "")


def _answers(items: list[ItemRow]) -> list[rules.Answer]:
    return [rules.Answer(i.s, i.weight, i.score, i.na) for i in items]


def _totals_query() -> Any:
    """audit id → sum(score × weight) and sum(scale_max × weight) over its answered,
    applicable items: every audit's total in one pass."""
    a, i = Audit.__table__.c, AuditItem.__table__.c  # type: ignore[attr-defined]
    answered = (i.score.is_not(None)) & (i.na.is_(False))
    return (
        select(
            i.audit_id,
            func.sum(i.score * i.weight).filter(answered),
            func.sum(a.scale_max * i.weight).filter(answered),
        )
        .join(Audit.__table__, a.id == i.audit_id)  # type: ignore[attr-defined]
        .group_by(i.audit_id)
    )


def _total(got: Any, possible: Any) -> float | None:
    return float(got) / float(possible) * 100 if possible else None


def history(db: Database, area_id: int) -> list[tuple[int, float | None]]:
    """(audit id, total) of every finished audit of the area, oldest first."""
    a = Audit.__table__.c  # type: ignore[attr-defined]
    query = (
        select(a.id, a.total)
        .where(a.area_id == area_id, a.status == "finished")
        .order_by(a.finished_at, a.id)
    )
    with db.read() as session:
        return [(row[0], row[1]) for row in session.execute(query)]


def draft_totals(db: Database, audit_ids: list[int]) -> dict[int, float | None]:
    """The score so far of unfinished audits (added up from their items)."""
    if not audit_ids:
        return {}
    i = AuditItem.__table__.c  # type: ignore[attr-defined]
    with db.read() as session:
        return {
            row[0]: _total(row[1], row[2])
            for row in session.execute(_totals_query().where(i.audit_id.in_(audit_ids)))
        }


def actions_of(db: Database, item_ids: list[int]) -> list[ActionRow]:
    """The corrective-action cards of these items, and where each stands."""
    from leantui.core.kanban import rules as kanban_rules
    from leantui.core.kanban.models import BoardColumn, Card

    if not item_ids:
        return []
    c, k = Card.__table__.c, BoardColumn.__table__.c  # type: ignore[attr-defined]
    i = AuditItem.__table__.c  # type: ignore[attr-defined]
    query = (
        select(i.id, i.card_id, c.title, k.name, k.kind, c.due, c.archived_at)
        .outerjoin(Card.__table__, c.id == i.card_id)  # type: ignore[attr-defined]
        .outerjoin(BoardColumn.__table__, k.id == c.column_id)  # type: ignore[attr-defined]
        .where(i.id.in_(item_ids), i.card_id.is_not(None))
        .order_by(i.position)
    )
    today = clock.today()
    out = []
    with db.read() as session:
        for item_id, card_id, title, column, kind, due, archived in session.execute(query):
            if title is None:
                state = "gone"
            elif kind == "done" or archived is not None:
                state = "done"
            elif kanban_rules.is_overdue(due, kind, today):
                state = "overdue"
            else:
                state = "open"
            out.append(ActionRow(item_id, card_id, title or "", column or "", state, due))
    return out


def open_actions(db: Database, area_id: int, but: int | None = None) -> list[ActionRow]:
    """The area's corrective actions not done yet, from every audit (but one)."""
    a, i = Audit.__table__.c, AuditItem.__table__.c  # type: ignore[attr-defined]
    query = (
        select(i.id)
        .join(Audit.__table__, a.id == i.audit_id)  # type: ignore[attr-defined]
        .where(a.area_id == area_id, i.card_id.is_not(None), a.id != (but or 0))
    )
    with db.read() as session:
        item_ids = [row[0] for row in session.execute(query)]
    return [x for x in actions_of(db, item_ids) if x.state in ("open", "overdue")]


def result(db: Database, audit_id: int) -> AuditResult:
    """An audit with its scores per S and in total, band, change against the area's
    previous audit, trend, its actions and those the previous audit left open."""
    audit = get_audit(db, audit_id)
    items = items_of(db, audit_id)
    answers = _answers(items)
    total = rules.percent(answers, audit.scale_max)
    past = history(db, audit.area_id)
    ids = [past_id for past_id, _ in past]
    if audit_id in ids:  # finished: what came before it, and it
        before, upto = past[: ids.index(audit_id)], past[: ids.index(audit_id) + 1]
    else:  # a draft: every finished one came before it
        before, upto = past, past
    previous_total = before[-1][1] if before else None
    return AuditResult(
        audit,
        items,
        rules.by_s(answers, audit.scale_max),
        total,
        rules.band(total),
        previous_total,
        [value for _, value in upto][-TREND:],
        actions_of(db, [item.id for item in items]),
        open_actions(db, audit.area_id, but=audit_id),
    )


def list_audits(
    db: Database, area_id: int | None = None, status: str | None = None
) -> list[AuditSummary]:
    """Audits newest first, with their totals."""
    a = Audit.__table__.c  # type: ignore[attr-defined]
    ar = Area.__table__.c  # type: ignore[attr-defined]
    query = (
        select(
            a.id,
            a.area_id,
            ar.name,
            a.template,
            a.auditor,
            a.status,
            a.started_at,
            a.finished_at,
            a.total,
        )
        .join(Area.__table__, ar.id == a.area_id)  # type: ignore[attr-defined]
        .order_by(a.started_at.desc(), a.id.desc())
    )
    if area_id is not None:
        query = query.where(a.area_id == area_id)
    if status is not None:
        query = query.where(a.status == status)
    with db.read() as session:
        rows = session.execute(query).all()
    drafts = draft_totals(db, [row[0] for row in rows if row[5] == "draft"])
    return [
        AuditSummary(
            id=row[0],
            area_id=row[1],
            area=row[2],
            template=row[3],
            auditor=row[4],
            status=row[5],
            started_at=row[6],
            finished_at=row[7],
            total=drafts.get(row[0]) if row[5] == "draft" else row[8],
        )
        for row in rows
    ]


# --- corrective actions ----------------------------------------------------------------------


def create_actions(
    db: Database,
    item_ids: list[int],
    board_id: int,
    owner: str = "",
    due: str | date | None = None,
    override_reason: str | None = None,
) -> list[int]:
    """A card on `board_id` (its first column) for each item, linked both ways: the card's
    source is the item, the item keeps the card. All or none. Returns the card ids."""
    from leantui.core.kanban import cards

    due_date = validate.optional_date(due, "due")
    made = []
    with db.write() as session:
        for item_id in item_ids:
            item = session.get(AuditItem, item_id)
            if item is None:
                raise NotFound("five_s.no_such_item", id=item_id)
            if item.card_id is not None:
                continue
            audit = _audit(session, item.audit_id)
            _bump(session, audit.area_id)
            area = session.get(Area, audit.area_id)
            text = templates.text_in(item.text)
            description = t(
                "five_s.action_description",
                audit=audit.id,
                area=area.name if area else "",
                score=item.score,
                max=audit.scale_max,
                criterion=text,
            )
            if item.comment:
                description += "\n" + item.comment
            change = cards.add_card(
                db,
                board_id,
                text[: validate.MAX_TITLE],
                override_reason=override_reason,
                description=description,
                owner=owner,
                due=due_date,
                source_type=SOURCE_TYPE,
                source_id=item.id,
                tags="5S",
            )
            item.card_id = change.card_id
            payload = {"item": item.key, "card_id": change.card_id, "board_id": board_id}
            _record(session, "audit", audit.id or 0, audit.area_id, "action", payload)
            made.append(change.card_id)
    return made


def low_items(items: list[ItemRow], threshold: int = rules.ACTION_THRESHOLD) -> list[ItemRow]:
    """Items that call for a corrective action and have none yet."""
    return [i for i in items if rules.needs_action(i.score, i.na, threshold) and i.card_id is None]


def describe(db: Database, source_type: str, source_id: int) -> str | None:
    """A corrective action's source: "5S audit #12 · Packing Area · <criterion>"."""
    with db.read() as session:
        item = session.get(AuditItem, source_id)
        if item is None:
            return None
        audit = session.get(Audit, item.audit_id)
        area = session.get(Area, audit.area_id) if audit else None
        return t(
            "five_s.source_item",
            audit=item.audit_id,
            area=area.name if area else "",
            criterion=templates.text_in(item.text),
        )
