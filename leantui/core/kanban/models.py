"""The kanban tables: boards, their ordered columns, and cards."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field, SQLModel

from leantui.core.clock import now
from leantui.core.db.models import stamp
from leantui.core.kanban.rules import COLUMN_KINDS

__all__ = ["COLUMN_KINDS", "Board", "BoardColumn", "Card"]


class Board(SQLModel, table=True):
    __tablename__ = "boards"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    team_id: int | None = Field(default=None, foreign_key="teams.id")
    area_id: int | None = Field(default=None, foreign_key="areas.id")
    archived: bool = False
    created_at: datetime = stamp(default_factory=now)


class BoardColumn(SQLModel, table=True):
    __tablename__ = "board_columns"
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="boards.id", index=True)
    name: str
    kind: str = "queue"  # one of COLUMN_KINDS
    position: int = 0
    wip_limit: int | None = None
    policy: str = ""


_version = Column("version", Integer, nullable=False, default=1)


class Card(SQLModel, table=True):
    __tablename__ = "cards"
    # (column_id, position) orders a column and finds its end; it also serves every
    # lookup by column_id alone, so column_id has no index of its own.
    __table_args__ = (Index("ix_cards_column_position", "column_id", "position"),)
    # Every UPDATE of a card says `WHERE version = <the version read>` and bumps it:
    # two writers can never overwrite each other unnoticed, on any engine.
    __mapper_args__: ClassVar = {"version_id_col": _version}
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
    blocked_since: datetime | None = stamp(default=None)
    source_type: str = ""  # "5s_audit_item", "pdca", "kaizen", "andon" …
    source_id: int | None = None
    created_at: datetime = stamp(default_factory=now)
    started_at: datetime | None = stamp(default=None)
    completed_at: datetime | None = stamp(default=None)
    moved_at: datetime = stamp(default_factory=now)
    archived_at: datetime | None = stamp(default=None)
    version: int = Field(default=1, sa_column=_version)
