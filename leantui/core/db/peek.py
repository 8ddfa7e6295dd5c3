"""A first look at a board in a SQLite file, through sqlite3 alone.

The board's first frame is drawn from this, so that it does not wait for SQLAlchemy's
import (about 0.35 s, more than the whole trivial Textual start-up). Everything after the
first frame goes through the services; `tests/test_peek.py` checks that both read the
same rows. Only reads, in one transaction, so the look is consistent."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from leantui.core.db.engine import BUSY_TIMEOUT_MS
from leantui.core.rows import BoardInfo, CardRow, ColumnRow

CARD_FIELDS = (
    "id, column_id, position, title, owner, tags, priority, due, blocked, moved_at, description"
)


@dataclass(frozen=True)
class FirstLook:
    marker: int  # the newest event id, as Database.change_marker()
    board: BoardInfo | None  # the default live board
    columns: list[ColumnRow]
    rows: list[CardRow]  # the top `per_column` live cards of each column
    counts: dict[int, int]  # live cards per column


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=rw"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
        conn.isolation_level = None
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


def _card(row: tuple[object, ...]) -> CardRow:
    (id_, column_id, position, title, owner, tags, priority, due, blocked, moved, text) = row
    return CardRow(
        int(id_),  # type: ignore[call-overload]
        int(column_id),  # type: ignore[call-overload]
        int(position),  # type: ignore[call-overload]
        str(title),
        str(owner),
        str(tags),
        int(priority),  # type: ignore[call-overload]
        date.fromisoformat(str(due)) if due else None,
        bool(blocked),
        datetime.fromisoformat(str(moved)).replace(tzinfo=UTC),
        str(text),
    )


def first_look(path: Path, preferred: str, per_column: int) -> FirstLook:
    """The live board named `preferred`, else the first live board by name: its columns,
    the top of each column and every column's card count."""
    with _reading(path) as conn:
        marker = conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0
        found = conn.execute(
            "SELECT b.id, b.name, b.team_id, t.name, b.archived FROM boards b"
            " LEFT JOIN teams t ON t.id = b.team_id WHERE b.archived = 0"
            " ORDER BY b.name = ? DESC, b.name LIMIT 1",
            (preferred,),
        ).fetchone()
        if found is None:
            return FirstLook(marker, None, [], [], {})
        board = BoardInfo(found[0], found[1], found[2], found[3] or "", bool(found[4]))
        columns = [
            ColumnRow(*row)
            for row in conn.execute(
                "SELECT id, name, kind, wip_limit, policy FROM board_columns"
                " WHERE board_id = ? ORDER BY position",
                (board.id,),
            )
        ]
        counts = dict(
            conn.execute(
                "SELECT column_id, count(*) FROM cards WHERE board_id = ?"
                " AND archived_at IS NULL GROUP BY column_id",
                (board.id,),
            ).fetchall()
        )
        rows = [
            _card(row)
            for column in columns
            for row in conn.execute(
                f"SELECT {CARD_FIELDS} FROM cards WHERE column_id = ?"
                " AND archived_at IS NULL ORDER BY position LIMIT ?",
                (column.id, per_column),
            )
        ]
        return FirstLook(marker, board, columns, rows, counts)


def any_board(path: Path) -> bool:
    """Whether the file holds any board at all, archived ones included."""
    with _reading(path) as conn:
        return conn.execute("SELECT 1 FROM boards LIMIT 1").fetchone() is not None
