"""The kaizen table: one row per suggestion, its workflow state and its follow-ups. Every
change of state is also an event (entity_type "suggestion"), with who and when."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import Column, Index, Integer, Numeric
from sqlmodel import Field, SQLModel

from leantui.core.clock import now
from leantui.core.db.models import stamp

# Money: up to 999,999,999,999.99 in whole cents, exact on PostgreSQL (numeric); SQLite
# keeps it with its numeric affinity and SQLAlchemy hands it back as a Decimal of 2 places.
MONEY = Numeric(14, 2)

_version = Column("version", Integer, nullable=False, default=1)


class Suggestion(SQLModel, table=True):
    __tablename__ = "kaizen_suggestions"
    __table_args__ = (
        Index("ix_kaizen_suggestions_submitted", "submitted_at"),
        Index("ix_kaizen_suggestions_team_submitted", "team_id", "submitted_at"),
        Index("ix_kaizen_suggestions_status", "status", "submitted_at"),
        Index("ix_kaizen_suggestions_decided", "decided_at"),
    )
    # Every UPDATE says `WHERE version = <the version read>` and bumps it (as cards do).
    __mapper_args__: ClassVar = {"version_id_col": _version}
    id: int | None = Field(default=None, primary_key=True)
    title: str
    submitter: str
    team_id: int | None = Field(default=None, foreign_key="teams.id")
    area_id: int | None = Field(default=None, foreign_key="areas.id")
    category: str = ""  # one of rules.CATEGORIES, or "" when not given
    problem: str = ""  # before
    proposal: str = ""  # after
    benefit: str = ""  # expected benefit, in words
    estimated_saving: Decimal | None = Field(default=None, sa_type=MONEY)
    actual_saving: Decimal | None = Field(default=None, sa_type=MONEY)
    currency: str = "CNY"
    status: str = "submitted"  # one of rules.STATUSES
    reviewer: str = ""
    reason: str = ""  # why it was rejected (or a note on the adoption)
    submitted_at: datetime = stamp(default_factory=now)
    decided_at: datetime | None = stamp(default=None)
    implement_by: date | None = None  # when an adopted suggestion should be implemented
    implemented_on: date | None = None
    card_id: int | None = Field(default=None, index=True)  # its follow-up card
    follow_up_cycle_id: int | None = None  # its follow-up PDCA cycle
    version: int = Field(default=1, sa_column=_version)
