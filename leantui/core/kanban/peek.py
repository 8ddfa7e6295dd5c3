"""A first look at a board in a SQLite file, through sqlite3 alone.

The board's first frame is drawn from this, so that it does not wait for SQLAlchemy's
import (about 0.35 s, more than the whole trivial Textual start-up). It is reached only
through `view.load_board`, which reads the same rows through the services everywhere
else; `tests/test_peek.py` checks that both agree. Only reads, in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from leantui.core.db.raw import revision, sqlite_reading
from leantui.core.kanban import rules
from leantui.core.kanban.rows import BoardHead, BoardInfo, CardRow, ColumnRow

CARD_FIELDS = (
    "id, column_id, position, title, owner, tags, priority, due, blocked, moved_at,"
    " description, board_id, version"
)


def _card(row: tuple[object, ...]) -> CardRow:
    values = list(row)
    values[7] = date.fromisoformat(str(values[7])) if values[7] else None
    values[8] = bool(values[8])
    values[9] = datetime.fromisoformat(str(values[9])).replace(tzinfo=UTC)
    return CardRow(*values)  # type: ignore[arg-type]


def first_look(path: Path, preferred: str, per_column: int) -> BoardHead:
    """The default live board (rules.pick_default): its columns, the top of each column
    and every column's card count."""
    with sqlite_reading(path) as conn:
        live = conn.execute("SELECT id, name FROM boards WHERE archived = 0").fetchall()
        board_id = rules.pick_default(live, preferred)
        if board_id is None:
            return BoardHead(None, [], [], {}, 0)
        found = conn.execute(
            "SELECT b.id, b.name, b.team_id, t.name, b.archived FROM boards b"
            " LEFT JOIN teams t ON t.id = b.team_id WHERE b.id = ?",
            (board_id,),
        ).fetchone()
        board = BoardInfo(found[0], found[1], found[2], found[3] or "", bool(found[4]))
        seen = revision(conn, f"board:{board_id}")
        columns = [
            ColumnRow(*row)
            for row in conn.execute(
                "SELECT id, name, kind, wip_limit, policy FROM board_columns"
                " WHERE board_id = ? ORDER BY position",
                (board_id,),
            )
        ]
        counts = dict(
            conn.execute(
                "SELECT column_id, count(*) FROM cards WHERE board_id = ?"
                " AND archived_at IS NULL GROUP BY column_id",
                (board_id,),
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
        return BoardHead(board, columns, rows, counts, seen)


def any_board(path: Path) -> bool:
    """Whether the file holds any board at all, archived ones included."""
    with sqlite_reading(path) as conn:
        return conn.execute("SELECT 1 FROM boards LIMIT 1").fetchone() is not None
