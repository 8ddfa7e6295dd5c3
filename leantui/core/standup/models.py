"""The stand-up's tables: a stand-up of a team, the stops it walked (kept as they were
when it began, so the record reads the same later), who attended, escalations to the
next level up, and the safety cross (one state per team and day). Action cards are
kanban cards whose source is a stop (source_type "standup_stop")."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from leantui.core.clock import now
from leantui.core.db.models import stamp


class Standup(SQLModel, table=True):
    __tablename__ = "standups"
    __table_args__ = (Index("ix_standups_team_started", "team_id", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="teams.id")
    started_at: datetime = stamp(default_factory=now)
    ended_at: datetime | None = stamp(default=None)
    minutes: int = 15  # the timer
    led_by: str = ""


class StandupStop(SQLModel, table=True):
    __tablename__ = "standup_stops"
    __table_args__ = (Index("ix_standup_stops_standup", "standup_id", "position", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    standup_id: int = Field(foreign_key="standups.id")
    position: int
    module: str
    kind: str
    entity_type: str
    entity_id: int
    title: str
    why: str = ""  # the line that said why it stopped, in the language of the day
    outcome: str = ""  # "", "discussed" or "skipped"
    note: str = ""
    card_id: int | None = None  # when the stop is about a card
    board_id: int | None = None
    since: datetime | None = stamp(default=None)


class StandupAttendance(SQLModel, table=True):
    __tablename__ = "standup_attendance"
    __table_args__ = (Index("ix_standup_attendance_standup", "standup_id", "name", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    standup_id: int = Field(foreign_key="standups.id")
    name: str
    present: bool = True


class Escalation(SQLModel, table=True):
    __tablename__ = "escalations"
    __table_args__ = (Index("ix_escalations_team_cleared", "team_id", "cleared_at"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="teams.id")
    standup_id: int = Field(foreign_key="standups.id")
    stop_id: int = Field(foreign_key="standup_stops.id")
    note: str
    raised_at: datetime = stamp(default_factory=now)
    raised_by: str = ""
    cleared_at: datetime | None = stamp(default=None)
    cleared_by: str = ""


class SafetyDay(SQLModel, table=True):
    __tablename__ = "safety_days"
    __table_args__ = (Index("ix_safety_days_team_day", "team_id", "day", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="teams.id")
    day: date
    state: str  # one of safety.STATES
    note: str = ""
