"""Open a database only when it is safe to: a damaged, foreign or newer file is
reported with a message naming it, and left byte-for-byte as it was.

A SQLite file is checked through a read-only sqlite3 connection, which cannot change a
byte of it and needs no SQLAlchemy: opening a current leantui file imports nothing heavy
(the engine is made on first use). Creating, upgrading and other backends use SQLAlchemy.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from leantui.core.db.engine import (
    BUSY_TIMEOUT_MS,
    Database,
    backup_sqlite,
    display_name,
    enable_wal,
    make_engine,
    problem_of,
    sqlite_path,
    to_url,
)
from leantui.core.db.version import (
    APPLICATION_ID,
    LEGACY_SENTINEL,
    LEGACY_VERSIONS,
    schema_heads,
)
from leantui.core.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class Upgrade:
    from_version: str  # the revisions the file had ("2" for a file from before Alembic)
    to_version: str  # the heads it has now
    backup: Path | None  # the copy of a SQLite file as it was
    name: str = ""  # the database, as messages call it

    def message(self) -> str:
        from leantui.core.i18n import t

        if self.backup is None:
            return t(
                "core.db_upgraded_server",
                path=self.name,
                old=self.from_version,
                new=self.to_version,
            )
        return t("core.db_upgraded", old=self.from_version, new=self.to_version, backup=self.backup)


@dataclass(frozen=True)
class SchemaState:
    """Where an existing database stands: stamped by Alembic (`revisions`), or from
    before Alembic (`legacy`, the old schema number)."""

    revisions: frozenset[str] = frozenset()
    legacy: int | None = None

    @property
    def current(self) -> bool:
        return self.legacy is None and self.revisions == schema_heads()

    def describe(self) -> str:
        return str(self.legacy) if self.legacy is not None else ", ".join(sorted(self.revisions))


def _preflight(path: Path) -> bool:
    """Filesystem checks before SQLite touches the file. Returns whether it existed."""
    if path.is_dir():
        raise DatabaseProblem("core.db_is_folder", path=path)
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise DatabaseProblem(
                "core.db_cannot_create_folder", path=folder, problem=exc.strerror
            ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseProblem("core.db_folder_read_only", path=folder, file=path.name)
    if not path.exists():
        return False
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseProblem("core.db_no_permission", path=path)
    if path.stat().st_size == 0:
        raise DatabaseProblem("core.db_empty_file", path=path)
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseProblem("core.db_not_sqlite", path=path)
    return True


def _sqlite_state(path: Path, name: str) -> tuple[SchemaState, bool]:
    """(schema state, whether in WAL mode) of an existing leantui SQLite file; raises
    for a file that is damaged or belongs to another program. Only reads: mode=rw (not
    ro) so that SQLite, closing the last connection, removes the -wal and -shm files it
    made for a WAL file, and never creates a missing file."""
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            if [row[0] for row in conn.execute("PRAGMA quick_check")] != ["ok"]:
                raise DatabaseProblem("core.db_damaged", path=name)
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise DatabaseProblem("core.db_foreign", path=name)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            wal = conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            if "alembic_version" in tables:
                found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                return SchemaState(revisions=frozenset(row[0] for row in found)), wal
            row = conn.execute("SELECT schema_version FROM leantui_meta WHERE id = 1").fetchone()
            if row is None:
                raise DatabaseProblem("core.db_damaged", path=name)
            return SchemaState(legacy=_legacy_number(row[0], name)), wal
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
        if "locked" in problem or "busy" in problem:
            # Another process held a lock longer than the busy timeout: the file is
            # fine, it is not "damaged".
            raise DatabaseProblem("core.db_unreachable", path=name, problem=problem) from exc
        raise DatabaseProblem("core.db_damaged", path=name) from exc


def _legacy_number(value: object, name: str) -> int:
    """The schema number of a file from before Alembic; a newer one is refused."""
    if isinstance(value, int) and value in LEGACY_VERSIONS:
        return value
    if isinstance(value, int) and value >= LEGACY_SENTINEL:
        raise DatabaseProblem("core.db_too_new", path=name)
    raise DatabaseProblem("core.db_damaged", path=name)


def _state(conn: Connection, name: str) -> SchemaState | None:
    """The schema state through SQLAlchemy (a server, or a file being upgraded); None
    for an empty database."""
    from sqlalchemy import inspect

    from leantui.core.db import schema

    tables = inspect(conn).get_table_names()
    if "alembic_version" in tables:
        return SchemaState(revisions=frozenset(schema.current_revisions(conn)))
    if "leantui_meta" in tables:
        return SchemaState(legacy=_legacy_number(schema.legacy_version(conn), name))
    if tables:
        raise DatabaseProblem("core.db_foreign", path=name)
    return None


def open_database(target: str | Path) -> tuple[Database, Upgrade | None]:
    """Open, create or upgrade the database at `target` (a path or SQLAlchemy URL)."""
    url = to_url(target)
    name = display_name(url)
    path = sqlite_path(url)
    existed = True
    if path is not None:
        existed = _preflight(path)
        if existed:
            state, wal = _sqlite_state(path, name)
            if state.current and wal:
                return Database(url), None
    engine = make_engine(url)
    try:
        return _setup(engine, url, name, path)
    except BaseException:
        engine.dispose()
        if path is not None and not existed:
            _discard_unfinished(path)
        raise


def _discard_unfinished(path: Path) -> None:
    """Creating a new database failed (full disk, interrupted …): remove the empty file
    SQLite made on connecting, so that the next start does not find a 0-byte file and
    refuse it. Only an empty file is removed; anything with content stays."""
    try:
        if path.exists() and path.stat().st_size == 0:
            path.unlink()
            for suffix in ("-wal", "-shm", "-journal"):
                extra = path.with_name(path.name + suffix)
                if extra.exists() and extra.stat().st_size == 0:
                    extra.unlink()
    except OSError:
        pass


def _setup(
    engine: Engine, url: str, name: str, path: Path | None
) -> tuple[Database, Upgrade | None]:
    """Create the schema in an empty database, or upgrade an older one after a backup."""
    from sqlalchemy.exc import SQLAlchemyError

    from leantui.core.db import schema

    try:
        db = Database(url, engine)
        upgrade = None
        with engine.begin() as conn:
            state = _state(conn, name)
            if state is None:
                schema.create_schema(conn)
            elif not state.current:
                if state.revisions and schema.unknown_revisions(conn, set(state.revisions)):
                    raise DatabaseProblem("core.db_too_new", path=name)
                backup = None
                if path:
                    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                    backup = path.with_name(f"{path.name}.{stamp}.bak")
                    backup_sqlite(engine, backup)
                schema.upgrade(conn, state.legacy)
                heads = ", ".join(sorted(schema_heads()))
                upgrade = Upgrade(state.describe(), heads, backup, name)
        if path:
            enable_wal(engine)
        return db, upgrade
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem("core.db_damaged", path=name) from exc
    except SQLAlchemyError as exc:
        found = problem_of(url, exc)
        if found is not None:
            raise found from exc
        if path:
            raise DatabaseProblem("core.db_damaged", path=name) from exc
        raise DatabaseProblem("core.db_unreachable", path=name, problem=type(exc).__name__) from exc
