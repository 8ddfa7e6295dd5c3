"""What screens draw, as plain dataclasses: importing this module costs nothing, so a
screen can hold rows before SQLAlchemy is imported (see leantui.core.db.peek)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class CardRow:
    """What a board draws for one card: read with Core or raw SQL, no ORM objects."""

    id: int
    column_id: int
    position: int
    title: str
    owner: str
    tags: str
    priority: int
    due: date | None
    blocked: bool
    moved_at: datetime
    description: str


@dataclass(frozen=True)
class BoardInfo:
    """A board as its screen's header shows it."""

    id: int
    name: str
    team_id: int | None
    team: str  # the team's name, "" when the board has none
    archived: bool


@dataclass(frozen=True)
class ColumnRow:
    """A column as a board draws it."""

    id: int
    name: str
    kind: str
    wip_limit: int | None
    policy: str


@dataclass(frozen=True)
class BoardHead:
    """The top of every column and how many live cards each holds: enough to draw a
    board's first screen at any size, before the whole board is read."""

    rows: list[CardRow]  # column, position order
    counts: dict[int, int]  # column id → live cards
