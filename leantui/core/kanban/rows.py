"""What the kanban screens and commands draw, as plain dataclasses: importing this module
costs nothing, so a screen can hold rows before SQLAlchemy is imported (see
leantui/core/kanban/peek.py). Services return these, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class CardRow:
    """What a board draws for one card (read with Core or raw SQL)."""

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
    board_id: int
    version: int  # what a later change of this card is checked against


@dataclass(frozen=True)
class CardRecord:
    """Every field of one card: its detail view and edit form."""

    id: int
    board_id: int
    column_id: int
    position: int
    title: str
    description: str
    owner: str
    tags: str
    priority: int
    due: date | None
    blocked: bool
    blocked_reason: str
    blocked_since: datetime | None
    source_type: str
    source_id: int | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    moved_at: datetime
    archived_at: datetime | None
    version: int


@dataclass(frozen=True)
class CardChange:
    """What a card service wrote: the card as a board now draws it (None once it is
    archived or deleted), the board's revision after the change, and the event. An
    empty `action` means nothing needed changing."""

    card: CardRow | None
    card_id: int
    revision: int
    action: str
    payload: dict[str, Any]
    also: tuple[CardRow, ...] = ()  # other cards the change touched (a reorder's neighbour)


@dataclass(frozen=True)
class BoardInfo:
    """A board as its screen's header shows it."""

    id: int
    name: str
    team_id: int | None
    team: str  # the team's name, "" when the board has none
    archived: bool


@dataclass(frozen=True)
class BoardSummary:
    """A board in the list of boards."""

    id: int
    name: str
    team_id: int | None
    team: str
    archived: bool
    cards: int  # live cards


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
    """A board's first screen at any size, before the whole board is read: its columns,
    the top of every column and how many live cards each holds, and the revision it was
    read at."""

    board: BoardInfo | None
    columns: list[ColumnRow]
    rows: list[CardRow]  # column, position order
    counts: dict[int, int]  # column id → live cards
    revision: int
