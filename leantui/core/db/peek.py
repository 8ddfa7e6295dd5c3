"""Reading a SQLite file through sqlite3 alone, for a module's first frame (the board's,
the kaizen list's): SQLAlchemy's import costs more than Textual's whole start-up, so a
screen's first rows come from here and its services take over once the frame is out.
One read transaction; it never takes the write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from leantui.core.db.engine import BUSY_TIMEOUT_MS


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    # Reached only after open_database checked the file and replayed any change log it
    # found to fit (opening.py): so this connection, like the engine's, never is the one
    # that applies a log nobody checked. mode=rw: never creates a missing file.
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
