"""Plain DB-API reads, for what must not wait for SQLAlchemy's import (a screen's first
frame) or pay its per-row result processing (hundreds of thousands of history rows).

On a SQLite file: a sqlite3 connection of its own, one read transaction (reached only
after open_database checked the file and replayed any change log it found to fit, so
this connection never is the one that applies a log nobody checked). Elsewhere (a
PostgreSQL server, an in-memory SQLite), and inside a unit of work this thread has open
(whose uncommitted changes only its connection sees): the driver's connection under
`db.read()`.
Statements are written with `?` placeholders and no literal `?` or `%`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leantui.core.db.engine import BUSY_TIMEOUT_MS, sqlite_problem

if TYPE_CHECKING:
    from leantui.core.db.engine import Database

BATCH = 5000


@contextmanager
def sqlite_reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read transaction on a SQLite file; mode=rw: never creates a missing file."""
    uri = f"{path.resolve().as_uri()}?mode=rw"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
        conn.isolation_level = None
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


def revision(conn: sqlite3.Connection, scope: str) -> int:
    """A scope's revision (services/revisions.py), 0 when it never changed."""
    found = conn.execute("SELECT revision FROM revisions WHERE scope = ?", (scope,)).fetchone()
    return int(found[0]) if found else 0


class Reader:
    """Runs `?`-style statements on one DB-API connection, and writes the few
    expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, conn: Any, sqlite: bool) -> None:
        self.conn = conn
        self.sqlite = sqlite

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows, fetched in batches."""
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql if self.sqlite else sql.replace("?", "%s"), tuple(params))
            while batch := cursor.fetchmany(BATCH):
                yield from batch
        finally:
            cursor.close()

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        for row in self.rows(sql, params):
            return row[0]
        return None

    def json(self, column: str, *path: str | int) -> str:
        """The value at `path` of a JSON column: SQL numbers and text on SQLite, decoded
        JSON values on PostgreSQL (numbers stay numbers either way)."""
        if self.sqlite:
            steps = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
            return f"json_extract({column}, '${steps}')"
        return column + "".join(f"->{p}" if isinstance(p, int) else f"->'{p}'" for p in path)

    def has(self, column: str, key: str) -> str:
        """Whether a JSON column's object holds `key` (cheap on both engines: SQLite 3.40
        parses the text again for every JSON function, so a plain search for the quoted
        key goes first and nearly every row is answered by it)."""
        if self.sqlite:
            return f"(instr({column}, '\"{key}\"') AND json_type({column}, '$.{key}') IS NOT NULL)"
        return f"jsonb_exists({column}, '{key}')"

    def timestamp(self, column: str) -> str:
        """A timestamp column, selected for `moment`: SQLite keeps UTC as text without an
        offset, and parsing it with one is ten times cheaper than adding it after."""
        return f"({column} || '+00:00')" if self.sqlite else column

    def epoch(self, column: str) -> str:
        """A timestamp column as seconds since the epoch (a float), worked out by the
        database. On SQLite from its text: the whole seconds, then the fraction added
        (strftime reads a fraction to the millisecond, and rounds 22.9999 up to 23)."""
        if self.sqlite:
            return (
                f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)"
                f" + CAST(substr({column}, 20, 7) AS REAL))"
            )
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS DOUBLE PRECISION)"

    def moment(self, value: Any) -> datetime:
        """A `timestamp` column's value as an aware UTC datetime."""
        if isinstance(value, str):
            return datetime.fromisoformat(value)
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)

    def bound(self, value: datetime | date) -> Any:
        """A moment or a day as a parameter compared with a `timestamp` or date column:
        on SQLite the text the column holds (UTC, without an offset)."""
        if not self.sqlite:
            return value
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return value.isoformat()

    def in_list(self, values: Sequence[Any]) -> str:
        return "(" + ", ".join("?" for _ in values) + ")"


@contextmanager
def reading(db: Database) -> Iterator[Reader]:
    """A read-only plain connection to the database, for one unit of work; inside
    another (the demo's one transaction, say) that one's, which sees its changes."""
    path = db.path
    if path is not None and not db.in_unit_of_work:
        try:
            with sqlite_reading(path) as conn:
                yield Reader(conn, True)
        except sqlite3.Error as exc:  # in the user's words, as Database.read says it
            problem = sqlite_problem(path, str(path), exc)
            if problem is None:
                raise
            raise problem from exc
        return
    with db.read() as session:
        driver = session.connection().connection.driver_connection
        yield Reader(driver, db.backend == "sqlite")
