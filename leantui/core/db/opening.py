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
    enable_wal,
    make_engine,
    sqlite_path,
    to_url,
)
from leantui.core.db.version import APPLICATION_ID, SCHEMA_VERSION
from leantui.core.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class Upgrade:
    from_version: int
    to_version: int
    backup: Path | None


def display_name(url: str) -> str:
    path = sqlite_path(url)
    if path:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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


def _sqlite_state(path: Path, name: str) -> tuple[int, bool]:
    """(schema version, whether in WAL mode) of an existing leantui SQLite file; raises
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
            row = conn.execute("SELECT schema_version FROM leantui_meta WHERE id = 1").fetchone()
            if row is None:
                raise DatabaseProblem("core.db_damaged", path=name)
            wal = conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            return int(row[0]), wal
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
        if "locked" in problem or "busy" in problem:
            # Another process held a lock longer than the busy timeout: the file is
            # fine, it is not "damaged".
            raise DatabaseProblem("core.db_unreachable", path=name, problem=problem) from exc
        raise DatabaseProblem("core.db_damaged", path=name) from exc


def _server_version(engine: Engine, name: str) -> int | None:
    """The schema version of a leantui database on a server, None for an empty one."""
    from sqlalchemy import inspect

    from leantui.core.db import schema

    with engine.execution_options(leantui_read=True).connect() as conn:
        tables = inspect(conn).get_table_names()
        if "leantui_meta" in tables:
            return schema.read_version(conn)
        if tables:
            raise DatabaseProblem("core.db_foreign", path=name)
        return None


def open_database(target: str | Path) -> tuple[Database, Upgrade | None]:
    """Open, create or upgrade the database at `target` (a path or SQLAlchemy URL)."""
    url = to_url(target)
    name = display_name(url)
    path = sqlite_path(url)
    version: int | None = None
    existed = True
    if path is not None:
        existed = _preflight(path)
        if existed:
            version, wal = _sqlite_state(path, name)
            _refuse_newer(version, name)
            if version == SCHEMA_VERSION and wal:
                return Database(url), None
    engine = make_engine(url)
    try:
        if path is None:
            version = _server_version(engine, name)
        return _setup(engine, url, name, path, version)
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


def _refuse_newer(version: int | None, name: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise DatabaseProblem("core.db_too_new", path=name, version=version, known=SCHEMA_VERSION)


def _setup(
    engine: Engine, url: str, name: str, path: Path | None, version: int | None
) -> tuple[Database, Upgrade | None]:
    """Create the schema (version None) or upgrade an older one after a backup."""
    from sqlalchemy.exc import SQLAlchemyError

    from leantui.core.db import schema

    try:
        _refuse_newer(version, name)
        db = Database(url, engine)
        upgrade = None
        if version is None:
            with engine.begin() as conn:
                schema.create_schema(conn)
        elif version < SCHEMA_VERSION:
            backup = None
            if path:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
                backup_sqlite(engine, backup)
            with engine.begin() as conn:
                schema.migrate(conn, version)
            upgrade = Upgrade(version, SCHEMA_VERSION, backup)
        if path:
            enable_wal(engine)
        return db, upgrade
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem("core.db_damaged", path=name) from exc
    except SQLAlchemyError as exc:
        problem = str(getattr(exc, "orig", None) or exc)
        if path:
            if "disk is full" in problem.lower():
                raise DatabaseProblem("core.db_disk_full", path=name) from exc
            if "locked" in problem.lower() or "busy" in problem.lower():
                # Another process held the write lock longer than the busy timeout:
                # the file is fine, it is not "damaged".
                raise DatabaseProblem("core.db_unreachable", path=name, problem=problem) from exc
            raise DatabaseProblem("core.db_damaged", path=name) from exc
        raise DatabaseProblem("core.db_unreachable", path=name, problem=problem) from exc
