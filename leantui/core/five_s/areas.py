"""How each area is audited (template, owner, cadence) and the overview of every area:
its last score, band, trend, open actions and whether an audit is due."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Person, Team
from leantui.core.errors import NotFound, ValidationError
from leantui.core.five_s import audits, rules, templates
from leantui.core.five_s.models import AreaSettings, Audit, AuditItem
from leantui.core.five_s.rows import AreaStatus
from leantui.core.hooks import Scope
from leantui.core.services import events, validate


def settings(db: Database, area_id: int) -> AreaSettings:
    """The area's settings (the defaults when none were saved)."""
    with db.read() as session:
        found = session.get(AreaSettings, area_id)
        return found or AreaSettings(area_id=area_id)


def set_settings(
    db: Database,
    area_id: int,
    template: str | None = None,
    owner: str | None = None,
    cadence_days: str | int | None = None,
) -> AreaSettings:
    """Change what is given; the template must be one that loads."""
    if template is not None:
        templates.get(template)
    owner = None if owner is None else validate.text(owner, "owner", limit=validate.MAX_NAME)
    cadence = None
    if cadence_days is not None and cadence_days != "":
        cadence = validate.optional_count(cadence_days, "cadence_days")
        if not cadence:
            raise ValidationError("core.v_not_positive", field="cadence_days")
    with db.write() as session:
        audits._bump(session, area_id)
        if session.get(Area, area_id) is None:
            raise NotFound("core.no_such_area", name=area_id)
        found = session.get(AreaSettings, area_id)
        if found is None:
            found = AreaSettings(area_id=area_id)
            session.add(found)
        changes: dict[str, Any] = {}
        for name, value in (("template", template), ("owner", owner), ("cadence_days", cadence)):
            if value is not None and getattr(found, name) != value:
                changes[name] = [getattr(found, name), value]
                setattr(found, name, value)
        if changes:
            events.record(session, "area", area_id, "five_s_settings", changes, area_id=area_id)
        session.flush()
        return AreaSettings(**found.model_dump())


def overview(db: Database) -> list[AreaStatus]:
    """Every live area, in name order: one grouped query for every audit's total."""
    today = clock.today()
    a = Audit.__table__.c  # type: ignore[attr-defined]
    i = AuditItem.__table__.c  # type: ignore[attr-defined]
    with db.read() as session:
        areas = session.execute(
            select(col(Area.id), col(Area.name))
            .where(col(Area.archived).is_(False))
            .order_by(col(Area.name))
        ).all()
        configured = {s.area_id: s for s in session.execute(select(AreaSettings)).scalars()}
        totals: dict[int, float | None] = {}
        finished: dict[int, list[tuple[int, Any]]] = defaultdict(list)
        drafts: dict[int, int] = {}
        for audit_id, area_id, status, finished_at, total in session.execute(
            select(a.id, a.area_id, a.status, a.finished_at, a.total).order_by(a.finished_at, a.id)
        ):
            if status == "finished":
                finished[area_id].append((audit_id, finished_at))
                totals[audit_id] = total
            else:
                drafts[area_id] = audit_id
        # Every corrective action of each area, to count the ones still open.
        action_items: dict[int, list[int]] = defaultdict(list)
        query = (
            select(a.area_id, i.id)
            .join(Audit.__table__, a.id == i.audit_id)  # type: ignore[attr-defined]
            .where(i.card_id.is_not(None))
        )
        for area_id, item_id in session.execute(query):
            action_items[area_id].append(item_id)
    open_by_area = {
        area_id: sum(1 for x in audits.actions_of(db, item_ids) if x.state in ("open", "overdue"))
        for area_id, item_ids in action_items.items()
    }
    out = []
    for area_id, name in areas:
        setting = configured.get(area_id) or AreaSettings(area_id=area_id)
        done = finished.get(area_id, [])
        last_id, last_at = done[-1] if done else (None, None)
        last_date = last_at.astimezone().date() if last_at else None
        total = totals.get(last_id) if last_id else None
        out.append(
            AreaStatus(
                area_id=area_id,
                name=name,
                template=setting.template,
                owner=setting.owner,
                cadence_days=setting.cadence_days,
                last_audit_id=last_id,
                last_date=last_date,
                last_total=total,
                band=rules.band(total),
                days_since=(today - last_date).days if last_date else None,
                trend=[totals.get(audit_id) for audit_id, _ in done[-audits.TREND :]],
                open_actions=open_by_area.get(area_id, 0),
                due=rules.is_due(last_date, setting.cadence_days, today),
                draft_id=drafts.get(area_id),
            )
        )
    return out


def in_scope(db: Database, scope: Scope) -> set[int] | None:
    """The areas in scope; None for all of them."""
    if scope.area_id is not None:
        return {scope.area_id}
    if scope.team_id is None:
        return None
    with db.read() as session:
        area_id = session.execute(
            select(col(Team.area_id)).where(col(Team.id) == scope.team_id)
        ).scalar()
    return {area_id} if area_id is not None else set()


def people(db: Database, area_id: int | None = None) -> list[str]:
    """The names of the team members an auditor or an owner is picked from: the people of
    the teams working in `area_id` first, then everyone else, each group by name."""
    p, tm = Person.__table__.c, Team.__table__.c  # type: ignore[attr-defined]
    query = (
        select(p.name, tm.area_id)
        .outerjoin(Team.__table__, tm.id == p.team_id)  # type: ignore[attr-defined]
        .where(p.active.is_(True))
    )
    with db.read() as session:
        rows = session.execute(query).all()
    here = sorted({name for name, area in rows if area_id is not None and area == area_id})
    rest = sorted({name for name, _ in rows} - set(here))
    return here + rest
