"""The tables every module shares: the stamp, areas, teams and their people, the event
history and the per-scope revisions. A module's own tables live in its package
(leantui/core/<module>/models.py) and reach the database through its Alembic revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field, SQLModel

from leantui.core.clock import now
from leantui.core.db.types import JsonDoc, UtcDateTime


def stamp(**kwargs: Any) -> Any:
    """An aware-UTC timestamp column (see db/types.py)."""
    return Field(sa_type=UtcDateTime, **kwargs)


class Meta(SQLModel, table=True):
    """One row. `schema_version` held leantui's own schema number before Alembic; it now
    stays at LEGACY_SENTINEL so that a leantui from before Alembic refuses the file as
    "made by a newer leantui" instead of misreading it."""

    __tablename__ = "leantui_meta"
    id: int = Field(default=1, primary_key=True)
    schema_version: int
    created_at: datetime = stamp(default_factory=now)


class Area(SQLModel, table=True):
    """A work area (区域): where teams work and what a 5S audit audits."""

    __tablename__ = "areas"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = stamp(default_factory=now)
    archived: bool = False


class Team(SQLModel, table=True):
    """A team (班组) works in an area and has people."""

    __tablename__ = "teams"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    area_id: int | None = Field(default=None, foreign_key="areas.id")
    created_at: datetime = stamp(default_factory=now)


class Person(SQLModel, table=True):
    __tablename__ = "people"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    team_id: int | None = Field(default=None, foreign_key="teams.id", index=True)
    role: str = ""
    active: bool = True


class Event(SQLModel, table=True):
    """Append-only history; written in the same transaction as the change it records.
    The scope columns say which board, team and area a change belongs to, so "what
    changed here since the last stand-up" is one indexed query, even after the record
    itself was deleted."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_entity", "entity_type", "entity_id"),
        Index("ix_events_board", "board_id", "at"),
        Index("ix_events_team", "team_id", "at"),
        Index("ix_events_area", "area_id", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = stamp(default_factory=now, index=True)
    actor: str = ""
    entity_type: str
    entity_id: int
    action: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JsonDoc)
    board_id: int | None = None
    team_id: int | None = None
    area_id: int | None = None


class Revision(SQLModel, table=True):
    """A counter per scope ("board:12", "boards", "teams" …), bumped in the same
    transaction as every change in that scope. An open screen polls its scope's counter
    to notice changes made elsewhere; on PostgreSQL the bump also takes the row lock
    that serialises writers of one scope."""

    __tablename__ = "revisions"
    scope: str = Field(primary_key=True)
    revision: int = Field(sa_column=Column(Integer, nullable=False, default=0))
