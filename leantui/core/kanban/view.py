"""What a board screen reads: the board to show, its columns and cards, and the revision
they were read at. Cheap to import (the services are imported when first needed), so
the screen's first frame can be drawn before SQLAlchemy is loaded: on a SQLite file the
first look goes through sqlite3 alone (peek.py)."""

from __future__ import annotations

import sqlite3

from leantui.core.db.engine import Database
from leantui.core.errors import LeanError
from leantui.core.kanban.rows import BoardHead

HEAD_ROWS = 120  # cards per column read for the first frame (more than any screen shows)


def load_board(
    db: Database,
    board_id: int | None,
    preferred: str,
    *,
    head: bool,
    archived_ok: bool = False,
) -> BoardHead:
    """Board `board_id`, or the default one when it is gone (or archived, unless
    `archived_ok`); with `head`, only the top HEAD_ROWS cards of each column (`counts`
    then says how many each holds), else every live card."""
    if head and board_id is None and db.path is not None:
        from leantui.core.kanban import peek

        try:
            return peek.first_look(db.path, preferred, HEAD_ROWS)
        except sqlite3.Error:
            pass  # the services say what went wrong, in the user's words
    from leantui.core.kanban import boards, cards
    from leantui.core.services import revisions

    info = None
    if board_id is not None:
        try:
            info = boards.board_info(db, board_id)
        except LeanError:
            info = None
        if info is not None and info.archived and not archived_ok:
            info = None
    if info is None:
        default = boards.default_board_id(db, preferred)
        if default is None:
            return BoardHead(None, [], [], {}, 0)
        info = boards.board_info(db, default)
    # The revision first: a change made while the rest is read shows at the next poll.
    scope = revisions.board(info.id)
    revision = revisions.current(db, [scope])[scope]
    columns = boards.columns(db, info.id)
    if head:
        rows, counts = cards.board_head(db, info.id, [c.id for c in columns], HEAD_ROWS)
    else:
        rows = cards.board_cards(db, info.id)
        counts = {}
        for row in rows:
            counts[row.column_id] = counts.get(row.column_id, 0) + 1
    return BoardHead(info, columns, rows, counts, revision)


def board_revision(db: Database, board_id: int) -> int:
    """What the board screen polls: the board's revision, one primary-key read."""
    from leantui.core.services import revisions

    scope = revisions.board(board_id)
    return revisions.current(db, [scope])[scope]


def any_board(db: Database) -> bool:
    """Whether the database holds any board, archived ones included (first start)."""
    if db.path is not None:
        from leantui.core.kanban import peek

        try:
            return peek.any_board(db.path)
        except sqlite3.Error:
            pass  # the services will say what is wrong
    from leantui.core.kanban import boards

    return bool(boards.list_boards(db, include_archived=True))
