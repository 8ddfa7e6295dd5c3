"""Open a database only when it is safe to: a damaged, foreign or newer file is
reported with a message naming it, and left byte-for-byte as it was."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from leantui.core.db import schema
from leantui.core.db.engine import (
    Database,
    application_id,
    backup_sqlite,
    enable_wal,
    make_engine,
    quick_check,
    sqlite_path,
    to_url,
)
from leantui.core.errors import DatabaseProblem

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class Upgrade:
    from_version: int
    to_version: int
    backup: Path | None


def display_name(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path else make_url(url).render_as_string(hide_password=True)


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


def _existing_version(engine: Engine, name: str, existed: bool) -> int | None:
    """The schema version of a leantui database, None for a new one; raises for a
    database that is damaged or belongs to someone else."""
    with engine.execution_options(leantui_read=True).connect() as conn:
        if conn.dialect.name == "sqlite":
            if not quick_check(conn):
                raise DatabaseProblem("core.db_damaged", path=name)
            app_id = application_id(conn)
            if app_id == schema.APPLICATION_ID:
                return schema.read_version(conn)
            if app_id or existed:
                raise DatabaseProblem("core.db_foreign", path=name)
            return None
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
    existed = _preflight(path) if path else True
    engine = make_engine(url)
    try:
        return _open(engine, url, name, path, existed)
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


def _open(
    engine: Engine, url: str, name: str, path: Path | None, existed: bool
) -> tuple[Database, Upgrade | None]:
    try:
        version = _existing_version(engine, name, existed)
        if version is not None and version > schema.SCHEMA_VERSION:
            raise DatabaseProblem(
                "core.db_too_new", path=name, version=version, known=schema.SCHEMA_VERSION
            )
        db = Database(url, engine)
        upgrade = None
        if version is None:
            with engine.begin() as conn:
                schema.create_schema(conn)
        elif version < schema.SCHEMA_VERSION:
            backup = None
            if path:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
                backup_sqlite(engine, backup)
            with engine.begin() as conn:
                schema.migrate(conn, version)
            upgrade = Upgrade(version, schema.SCHEMA_VERSION, backup)
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
