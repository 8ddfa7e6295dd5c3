"""The 5S tables: each area's audit settings, audits with a copy of the template items
they used, and the red-tag log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from leantui.core.clock import now
from leantui.core.db.models import stamp
from leantui.core.db.types import JsonDoc


class AreaSettings(SQLModel, table=True):
    """How an area is audited: its template, who owns its 5S, and how often."""

    __tablename__ = "five_s_areas"
    area_id: int = Field(primary_key=True, foreign_key="areas.id")
    template: str = "5s"
    owner: str = ""
    cadence_days: int = 7


class Audit(SQLModel, table=True):
    """One audit of an area. The template's scale, meanings, title and version are
    copied in, so a later edit of the template file changes nothing here."""

    __tablename__ = "five_s_audits"
    __table_args__ = (Index("ix_five_s_audits_area_started", "area_id", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(foreign_key="areas.id")
    template: str
    template_version: int = 1
    title: Any = Field(default="", sa_type=JsonDoc)  # text or {language: text}
    scale_min: int = 0
    scale_max: int = 5
    na_allowed: bool = True
    levels: dict[str, Any] = Field(default_factory=dict, sa_type=JsonDoc)
    auditor: str = ""
    status: str = "draft"  # draft | finished
    started_at: datetime = stamp(default_factory=now)
    finished_at: datetime | None = stamp(default=None)
    # Written when the audit is finished (rules.percent over its items, which cannot
    # change after that), so lists and the overview need not add up every item again.
    total: float | None = None


class AuditItem(SQLModel, table=True):
    """An item of an audit: the criterion as the template had it, and the answer. An
    unanswered item has no score (it is never a zero)."""

    __tablename__ = "five_s_audit_items"
    __table_args__ = (Index("ix_five_s_audit_items_audit", "audit_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="five_s_audits.id")
    position: int
    key: str  # the item's id in the template
    s: str
    text: Any = Field(default="", sa_type=JsonDoc)  # text or {language: text}
    weight: float = 1.0
    score: int | None = None
    na: bool = False
    comment: str = ""
    answered_at: datetime | None = stamp(default=None)
    card_id: int | None = Field(default=None, index=True)  # its corrective action


class RedTag(SQLModel, table=True):
    """An item tagged for a decision: keep, relocate or discard."""

    __tablename__ = "five_s_red_tags"
    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(foreign_key="areas.id", index=True)
    item: str
    location: str = ""
    reason: str = ""
    quantity: int = 1
    tagged_by: str = ""
    tagged_at: datetime = stamp(default_factory=now)
    decision_due: date | None = None
    disposition: str = ""  # "", keep, relocate, discard
    decided_at: datetime | None = stamp(default=None)
    decided_by: str = ""
    note: str = ""
