"""The PDCA tables: cycles, their 5 Whys, countermeasures (each can become a kanban
card) and dated measurements."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field, SQLModel

from leantui.core.clock import now
from leantui.core.db.models import stamp

_version = Column("version", Integer, nullable=False, default=1)


class Cycle(SQLModel, table=True):
    """One PDCA cycle. `phase` is where the work is (P, D, C, A), `status` whether the
    cycle is still open; a closed or abandoned cycle keeps the phase it ended in. Every
    change of the cycle or of its whys, countermeasures and measurements updates this
    row, so `version` is the version of the whole cycle (checked on every UPDATE)."""

    __tablename__ = "pdca_cycles"
    __table_args__ = (Index("ix_pdca_cycles_status_due", "status", "due"),)
    __mapper_args__: ClassVar = {"version_id_col": _version}
    id: int | None = Field(default=None, primary_key=True)
    title: str
    problem: str = ""  # the problem statement: several lines allowed
    metric: str = ""
    unit: str = ""
    baseline: float | None = None
    goal: float | None = None
    direction: str = "higher"  # which way is better: higher | lower
    owner: str = ""
    team_id: int | None = Field(default=None, foreign_key="teams.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="areas.id", index=True)
    start: date
    due: date
    status: str = "open"  # open | closed | abandoned
    phase: str = "P"  # P | D | C | A
    phase_since: datetime = stamp(default_factory=now)
    current_state: str = ""
    root_cause: str = ""
    standard: str = ""  # what became the standard
    standard_where: str = ""  # where it is written
    abandon_reason: str = ""
    parent_id: int | None = Field(default=None, foreign_key="pdca_cycles.id", index=True)
    created_at: datetime = stamp(default_factory=now)
    updated_at: datetime = stamp(default_factory=now)
    closed_at: datetime | None = stamp(default=None)  # closed or abandoned
    version: int = Field(default=1, sa_column=_version)


class Why(SQLModel, table=True):
    """One line of a cycle's 5 Whys chain (up to 7)."""

    __tablename__ = "pdca_whys"
    __table_args__ = (Index("ix_pdca_whys_cycle", "cycle_id", "position", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="pdca_cycles.id")
    position: int
    why: str
    because: str = ""


class Countermeasure(SQLModel, table=True):
    """An action against the root cause; in Do it becomes a card on a board, whose
    source is the cycle (the card's `source_type` "pdca", `source_id` the cycle id)."""

    __tablename__ = "pdca_countermeasures"
    __table_args__ = (Index("ix_pdca_countermeasures_cycle", "cycle_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="pdca_cycles.id")
    position: int
    text: str
    owner: str = ""
    due: date | None = None
    card_id: int | None = Field(default=None, index=True)
    created_at: datetime = stamp(default_factory=now)


class Measurement(SQLModel, table=True):
    """A measured value of the cycle's metric on a date."""

    __tablename__ = "pdca_measurements"
    __table_args__ = (Index("ix_pdca_measurements_cycle", "cycle_id", "measured_on"),)
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="pdca_cycles.id")
    measured_on: date
    value: float
    note: str = ""
    created_at: datetime = stamp(default_factory=now)
