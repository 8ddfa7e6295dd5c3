"""Tables shared by every module. Later modules add their own tables in their own files
and a numbered migration in schema.py."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from leantui.core.clock import now

COLUMN_KINDS = ("backlog", "queue", "active", "done")


class Meta(SQLModel, table=True):
    """One row: which schema version this database is at."""

    __tablename__ = "leantui_meta"
    id: int = Field(default=1, primary_key=True)
    schema_version: int
    created_at: datetime = Field(default_factory=now)


class Area(SQLModel, table=True):
    __tablename__ = "areas"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = Field(default_factory=now)


class Team(SQLModel, table=True):
    """A team (班组) works in an area and has people."""

    __tablename__ = "teams"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    area_id: int | None = Field(default=None, foreign_key="areas.id")
    created_at: datetime = Field(default_factory=now)


class Person(SQLModel, table=True):
    __tablename__ = "people"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    team_id: int | None = Field(default=None, foreign_key="teams.id", index=True)
    role: str = ""
    active: bool = True


class Board(SQLModel, table=True):
    __tablename__ = "boards"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    team_id: int | None = Field(default=None, foreign_key="teams.id")
    area_id: int | None = Field(default=None, foreign_key="areas.id")
    archived: bool = False
    created_at: datetime = Field(default_factory=now)


class BoardColumn(SQLModel, table=True):
    __tablename__ = "board_columns"
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="boards.id", index=True)
    name: str
    kind: str = "queue"  # one of COLUMN_KINDS
    position: int = 0
    wip_limit: int | None = None
    policy: str = ""


class Card(SQLModel, table=True):
    __tablename__ = "cards"
    # (column_id, position) orders a column and finds its end (schema v2); it also
    # serves every lookup by column_id alone, so column_id has no index of its own.
    __table_args__ = (Index("ix_cards_column_position", "column_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="boards.id", index=True)
    column_id: int = Field(foreign_key="board_columns.id")
    position: int = 0
    title: str
    description: str = ""
    owner: str = ""
    tags: str = ""  # comma-separated, normalised by the card service
    priority: int = 0  # 0 none, 1 low, 2 medium, 3 high
    due: date | None = None
    blocked: bool = False
    blocked_reason: str = ""
    blocked_since: datetime | None = None
    source_type: str = ""  # "5s_audit_item", "pdca", "kaizen", "andon" …
    source_id: int | None = None
    created_at: datetime = Field(default_factory=now)
    started_at: datetime | None = None
    completed_at: datetime | None = None
    moved_at: datetime = Field(default_factory=now)
    archived_at: datetime | None = None
    version: int = 1  # bumped on every change: guards concurrent edits


class Event(SQLModel, table=True):
    """Append-only history; written in the same transaction as the change it records."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_entity", "entity_type", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now, index=True)
    actor: str = ""
    entity_type: str
    entity_id: int
    action: str
    payload: str = "{}"  # JSON
