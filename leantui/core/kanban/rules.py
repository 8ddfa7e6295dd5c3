"""The kanban rules that the services, the screens, the CLI and the stand-up share: one
copy each. Plain functions over plain values, so the board's first frame can use them
before SQLAlchemy is imported."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

COLUMN_KINDS = ("backlog", "queue", "active", "done")
STALE_DAYS = 7  # days without a move after which a card under way is stale (aging)
STALE_KINDS = ("queue", "active")  # where waiting is a problem; backlog and done are not


def age_days(moved_at: datetime, at: datetime) -> int:
    """Whole days since the card last moved."""
    return max(0, (at - moved_at).days)


def can_lapse(kind: str) -> bool:
    """Whether a card in a column of this kind can be overdue or stale: a done card never
    is (the stand-up reads only the cards of such columns, and the blocked ones)."""
    return kind != "done"


def is_overdue(due: date | None, kind: str, today: date) -> bool:
    """Past its due date and not done."""
    return due is not None and due < today and can_lapse(kind)


def is_stale(moved_at: datetime, kind: str, at: datetime, days: int = STALE_DAYS) -> bool:
    return can_lapse(kind) and kind in STALE_KINDS and age_days(moved_at, at) >= days


def at_limit(count: int, limit: int | None) -> bool:
    """The column is full: one more card would go over its WIP limit."""
    return goes_over(count, 1, limit)


def goes_over(count: int, adding: int, limit: int | None) -> bool:
    """Whether `adding` cards take a column holding `count` over its WIP limit: then
    entering needs a reason."""
    return limit is not None and count + adding > limit


def over_limit(count: int, limit: int | None) -> bool:
    return limit is not None and count > limit


def pick_default(live_boards: Iterable[tuple[int, str]], preferred: str) -> int | None:
    """The default board: the live board named `preferred`, else the first by name."""
    ordered = sorted(live_boards, key=lambda board: board[1])
    for board_id, name in ordered:
        if preferred and name == preferred:
            return board_id
    return ordered[0][0] if ordered else None
