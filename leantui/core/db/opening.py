"""Open a database only when it is safe to: a damaged, foreign or newer file is
reported with a message naming it, and left byte-for-byte as it was, together with its
-wal and -shm files.

Checking a SQLite file never writes. A read-write connection (even one that only
reads) replays whatever -wal lies beside the file when it opens, and on closing it
checkpoints that log into the file and deletes it: a -wal of *another* database (same
page size, valid checksums: SQLite cannot tell) was written into a healthy file that way,
and a read-only connection still makes a -shm file. So the check reads the file in one
of three ways, none of which can change a byte of it:

- no change log beside it (no -wal or -journal with content, the usual case after a
  clean exit): `immutable=1`, which reads the main file only and takes no locks;
- another leantui has it open (it holds `<name>.lock`, files.py): its -wal is live and
  belongs to the file, so a read-only connection (`mode=ro`, taking part in SQLite's
  locking; it never checkpoints) reads the file as everyone else sees it;
- a change log left behind (a writer was killed, or a file was copied over another):
  the file and its log are copied to a temporary folder and the copy is opened and
  checked whole (`integrity_check`: a foreign log mostly shows as index entries that no
  longer match their rows). Only if the copy passes is the log applied to the real file,
  here, by the open itself; if it fails while the file alone is sound, the log does not
  fit the file and nothing is touched. This costs a copy (5 MB in ~4 ms from the page
  cache) and a full check (~25 ms for 5 MB, ~50 ms for 15 MB), paid only after a crash.
  A log from another database that happens to leave a consistent leantui file cannot be
  told from the file's own; `leantui restore` therefore moves a replaced file's log away
  with it, so that a restored file never meets a log it does not own.

The page-by-page part of the check (`quick_check`, 0.3 s on a 77 MB file) is skipped
for a file exactly as it was when it last passed, at an opening or at leantui's own
clean close (checked.py): its header and schema are still read.

If the file's size or time changes while it is read (a writer of another program), it
is read again through `mode=ro`. The lock file is made, and a new database created, only
after the checks pass. Creating, upgrading and other backends use SQLAlchemy; opening a
current file imports nothing heavy (the engine is made on first use).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from leantui.core.db import checked, files
from leantui.core.db.engine import (
    BUSY_TIMEOUT_MS,
    Database,
    backup_sqlite,
    display_name,
    enable_wal,
    make_engine,
    problem_of,
    sqlite_path,
    sqlite_problem,
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
# A revision is `<schema part>_<4 digits>` (CONTRIBUTING.md, "Schema changes").
_REVISION = re.compile(r"([a-z][a-z0-9_]*)_(\d{4})")
# What a check says about the file itself (not about the disk or a lock).
_VERDICTS = ("core.db_damaged", "core.db_foreign", "core.db_too_new", "core.db_bad_version")


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


@dataclass(frozen=True)
class FileCheck:
    schema: SchemaState
    wal: bool  # the file is in WAL mode
    leftover: bool  # a change log beside it was checked with it, to be applied on opening
    stamp: checked.Stamp | None = None  # the file alone was read, and is as this says


def _bad_version(name: str, value: object) -> DatabaseProblem:
    shown = "—" if value is None or value == "" else repr(value)
    return DatabaseProblem("core.db_bad_version", path=name, value=shown)


def classify(revisions: list[object] | None, legacy: object, name: str) -> SchemaState:
    """The schema state of a file from its Alembic revisions (None when it has no
    alembic_version table) or else its number from before Alembic, without Alembic: a
    revision of a part this leantui has, up to that part's head; a newer one (or one of
    a part it does not have) is a newer leantui's; anything else is not a version."""
    if revisions is not None:
        if not revisions:
            raise _bad_version(name, None)
        heads = {head.rsplit("_", 1)[0]: int(head.rsplit("_", 1)[1]) for head in schema_heads()}
        parts: set[str] = set()
        for revision in revisions:
            found = _REVISION.fullmatch(revision) if isinstance(revision, str) else None
            if found is None or int(found[2]) < 1 or found[1] in parts:
                raise _bad_version(name, revision)
            part, number = found[1], int(found[2])
            parts.add(part)
            if part not in heads or number > heads[part]:
                raise DatabaseProblem("core.db_too_new", path=name)
        return SchemaState(revisions=frozenset(str(r) for r in revisions))
    if type(legacy) is int and legacy in LEGACY_VERSIONS:
        return SchemaState(legacy=legacy)
    if type(legacy) is int and legacy >= LEGACY_SENTINEL:
        raise DatabaseProblem("core.db_too_new", path=name)
    raise _bad_version(name, legacy)


# --- checking a SQLite file without writing ---------------------------------------------


def _preflight(path: Path, create: bool) -> bytes | None:
    """Filesystem checks before SQLite touches the file: its first 100 bytes, or None
    when there is no file (and `create` allows making one: folders are made here)."""
    try:
        if path.is_dir():
            raise DatabaseProblem("core.db_is_folder", path=path)
        exists = path.exists()
        if not exists and path.is_symlink():
            raise DatabaseProblem("core.db_broken_link", path=path)
    except PermissionError as exc:  # a folder on the way that may not be entered
        closed = next(
            (f for f in reversed(path.parents) if f.exists() and not os.access(f, os.X_OK)),
            path.parent,
        )
        raise DatabaseProblem("core.db_folder_closed", path=closed, file=path) from exc
    folder = path.parent
    if not exists:
        if not create:
            raise DatabaseProblem("core.db_missing", path=path)
        if not folder.exists():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                if files.is_no_space(exc):
                    raise DatabaseProblem("core.db_disk_full", path=path) from exc
                raise DatabaseProblem(
                    "core.db_cannot_create_folder", path=folder, problem=exc.strerror
                ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseProblem("core.db_folder_read_only", path=folder, file=path.name)
    if not exists:
        return None
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseProblem("core.db_no_permission", path=path)
    if path.stat().st_size == 0:
        raise DatabaseProblem("core.db_empty_file", path=path)
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseProblem("core.db_io_error", path=path, problem=exc.strerror) from exc
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseProblem("core.db_not_sqlite", path=path)
    return header


def _connect(path: Path, how: str) -> sqlite3.Connection:
    """`immutable` reads the main file only, `ro` takes part in locking but never
    writes the file, `rw` is for a copy of our own."""
    if how == "rw":
        return sqlite3.connect(str(path.absolute()), timeout=BUSY_TIMEOUT_MS / 1000)
    option = "immutable=1" if how == "immutable" else "mode=ro"
    uri = f"{path.absolute().as_uri()}?{option}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def inspect_sqlite(
    conn: sqlite3.Connection, name: str, full: bool, read_pages: bool = True
) -> SchemaState:
    """Raises for a file that is damaged, belongs to another program or holds a schema
    this leantui cannot open. Without `read_pages` (a file as it was when it passed,
    checked.py), only its header and schema are read."""
    check = "integrity_check" if full else "quick_check"
    if read_pages and [row[0] for row in conn.execute(f"PRAGMA {check}")] != ["ok"]:
        raise DatabaseProblem("core.db_damaged", path=name)
    # fetchall() throughout: a statement left open would keep the file locked.
    if conn.execute("PRAGMA application_id").fetchall()[0][0] != APPLICATION_ID:
        raise DatabaseProblem("core.db_foreign", path=name)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master").fetchall()}
    if "alembic_version" in tables:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        return classify([row[0] for row in found], None, name)
    if "leantui_meta" not in tables:
        raise _bad_version(name, None)
    rows = conn.execute("SELECT schema_version FROM leantui_meta WHERE id = 1").fetchall()
    return classify(None, rows[0][0] if rows else None, name)


def _read_state(
    path: Path, name: str, how: str, full: bool = False, read_pages: bool = True
) -> SchemaState:
    try:
        conn = _connect(path, how)
        try:
            return inspect_sqlite(conn, name, full, read_pages)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        found = sqlite_problem(path, name, exc)
        raise found or DatabaseProblem("core.db_damaged", path=name) from exc


def _read_copy(path: Path, name: str) -> SchemaState:
    """The file and its change logs, copied to a temporary folder and checked whole
    there (the copy is ours to change). The system's temporary folder first, else a
    hidden one beside the file."""
    last: OSError | None = None
    for base in (None, path.parent):
        try:
            with tempfile.TemporaryDirectory(prefix=".leantui-check-", dir=base) as folder:
                copy = Path(folder) / "check.db"
                shutil.copyfile(path, copy)
                for suffix in ("-wal", "-journal"):
                    if files.side(path, suffix).exists():
                        shutil.copyfile(files.side(path, suffix), files.side(copy, suffix))
                try:
                    return _read_state(copy, name, "rw", full=True)
                except DatabaseProblem as exc:
                    if exc.key in ("core.db_disk_full", "core.db_io_error"):
                        raise OSError(28, "No space left on device") from exc
                    raise
        except OSError as exc:
            last = exc
            if not files.is_no_space(exc):
                break
    problem = (last.strerror if last else None) or str(last)
    raise DatabaseProblem(
        "core.db_check_no_room", path=name, folder=tempfile.gettempdir(), problem=problem
    )


def check_file(path: Path, name: str, header: bytes, live: bool) -> FileCheck:
    """Whether the existing SQLite file at `path` can be opened, read without writing a
    byte of it or of its side files (see the module's docstring for how). `live`: another
    leantui has it open."""
    wal = header[18:20] == b"\x02\x02"
    before = files.fingerprint(path)
    stamp = checked.stamp(path)
    # mode=ro makes a -wal and -shm when they are not there (and cannot remove them):
    # only where another leantui's are.
    live = live and all(files.side(path, s).exists() for s in ("-wal", "-shm"))
    if live:
        return FileCheck(_read_state(path, name, "ro"), wal, leftover=False)
    logs = [s for s in ("-wal", "-journal") if files.size_of(files.side(path, s)) > 0]
    try:
        if logs:
            state = _read_copy(path, name)
        else:
            known = checked.passed(path, stamp)
            state = _read_state(path, name, "immutable", read_pages=not known)
    except DatabaseProblem as exc:
        if files.fingerprint(path) != before:  # written meanwhile: read as others see it
            return FileCheck(_read_state(path, name, "ro"), wal, leftover=False)
        if logs and exc.key in _VERDICTS:
            # The file with its log fails. If the file alone is sound, the log is not its.
            _read_state(path, name, "immutable")
            log = files.side(path, logs[0])
            raise DatabaseProblem(
                "core.db_stray_log", path=name, log=log, shm=files.side(path, "-shm")
            ) from exc
        raise
    if files.fingerprint(path) != before:
        return FileCheck(_read_state(path, name, "ro"), wal, leftover=False)
    if logs:
        return FileCheck(state, wal, leftover=True)
    return FileCheck(state, wal, leftover=False, stamp=stamp)


def _record_on_close(path: Path, name: str, opened: checked.Stamp | None) -> None:
    """At a clean close, record the file as checked for the next start (checked.py):
    as it was opened, or, if it changed since, once it passes the check again."""
    now = checked.stamp(path)
    if now is None or not checked.settled(now):
        return
    if now != opened:
        try:
            _read_state(path, name, "immutable")
        except DatabaseProblem:
            checked.forget(path)  # damaged meanwhile: the next start says so
            return
        if checked.stamp(path) != now:
            return
    checked.remember(path, now)


def _watch(db: Database, path: Path, name: str, opened: checked.Stamp | None) -> Database:
    if opened is not None:
        checked.remember(path, opened)
    db.on_close = partial(_record_on_close, path, name, opened)
    return db


def _apply_leftover(path: Path, name: str) -> None:
    """Replay the change log that `check_file` found to fit the file: what SQLite does
    on opening, done here so that no later reader (the board's first frame) is ever the
    one that applies a log nobody checked."""
    try:
        conn = _connect(path, "rw")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            if conn.execute("PRAGMA journal_mode").fetchall()[0][0] == "wal":
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        found = sqlite_problem(path, name, exc)
        raise found or DatabaseProblem("core.db_damaged", path=name) from exc


def _take_lock(path: Path, name: str, create: bool) -> files.DatabaseLock | None:
    """This process's share of `<name>.lock`; None when there is no lock file and
    `create` is False. Waits while `leantui restore` holds it."""
    try:
        lock = files.DatabaseLock.acquire(
            path, exclusive=False, create=create, wait=BUSY_TIMEOUT_MS / 1000
        )
    except OSError as exc:
        if files.is_no_space(exc):
            raise DatabaseProblem("core.db_disk_full", path=name) from exc
        raise DatabaseProblem("core.db_folder_read_only", path=path.parent, file=path.name) from exc
    if lock is None and (create or files.lock_path(path).exists()):
        raise DatabaseProblem("core.db_busy", path=name)
    return lock


# --- opening ---------------------------------------------------------------------------------


def open_database(target: str | Path, *, create: bool = False) -> tuple[Database, Upgrade | None]:
    """Open or upgrade the database at `target` (a path or SQLAlchemy URL). Without
    `create`, a database that does not exist yet (no file; no leantui tables in a
    server's database) is a DatabaseProblem and nothing is made: commands that only read
    never create anything. With it, one is created (`Database.created` says so)."""
    url = to_url(target)
    name = display_name(url)
    path = sqlite_path(url)
    if path is None:
        return _open_server(url, name, create)
    try:
        missing = [f for f in path.parents if not f.exists()]
    except OSError:
        missing = []
    header = _preflight(path, create)
    if header is None:
        try:
            return _create_file(url, name, path)
        except BaseException:
            for folder in missing:  # deepest first: the folders made for it, if empty
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
    lock, live = files.join(path)
    if live and lock is None:
        raise DatabaseProblem("core.db_busy", path=name)
    try:
        found = check_file(path, name, header, live)
        if found.leftover:
            _apply_leftover(path, name)
        if lock is None:
            lock = _take_lock(path, name, create=True)
        if found.schema.current and found.wal:
            return _watch(Database(url, lock=lock), path, name, found.stamp), None
        engine = make_engine(url)
        try:
            upgrade, _ = _setup(engine, name, path, create=False)
        except BaseException:
            engine.dispose()
            raise
        return _watch(Database(url, engine, lock=lock), path, name, found.stamp), upgrade
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_server(url: str, name: str, create: bool) -> tuple[Database, Upgrade | None]:
    engine = make_engine(url)
    try:
        upgrade, created = _setup(engine, name, None, create=create)
    except BaseException:
        engine.dispose()
        raise
    db = Database(url, engine)
    db.created = created
    return db, upgrade


def _create_file(url: str, name: str, path: Path) -> tuple[Database, Upgrade | None]:
    """A new database, built under a temporary name beside `path` and put in place by
    a link (atomic, and never over a file made meanwhile): a kill at any moment leaves
    either no database at `path` or a complete, stamped one, never the empty file that
    every later start would refuse. A build left by a killed process is removed by the
    next one (its builder's flock is gone)."""
    _sweep_unfinished(path)
    temp = files.temp_name(path, "new")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_RDWR | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise _file_problem(path, name, exc) from exc
    try:
        if files.fcntl is not None:
            files.fcntl.flock(fd, files.fcntl.LOCK_EX)  # marks the build as alive
        with files.removed_on_failure(temp):
            engine = make_engine(to_url(temp))
            try:
                _setup(engine, name, temp, create=True)
            finally:
                engine.dispose()
            try:
                files.fsync_file(temp)
                placed = _link_into_place(temp, path)
            except OSError as exc:
                raise _file_problem(path, name, exc) from exc
    finally:
        os.close(fd)
    if not placed:  # another leantui created it at the same moment: open that one
        return open_database(path)
    files.fsync_folder(path.parent)
    # The lock file only now, beside a finished database (a failed creation leaves
    # nothing behind).
    db = Database(url, lock=_take_lock(path, name, create=True))
    db.created = True
    return _watch(db, path, name, None), None


def _file_problem(path: Path, name: str, exc: OSError) -> DatabaseProblem:
    if files.is_no_space(exc) or files.low_on_space(path):
        return DatabaseProblem("core.db_disk_full", path=name)
    return DatabaseProblem("core.db_io_error", path=name, problem=exc.strerror or str(exc))


def _link_into_place(temp: Path, path: Path) -> bool:
    """Give the finished file its name; False if a file of that name appeared."""
    try:
        os.link(temp, path)
    except FileExistsError:
        temp.unlink(missing_ok=True)
        return False
    except OSError as exc:
        if files.is_no_space(exc):
            raise
        # A file system without hard links: a rename, after making sure of the name.
        if path.exists():
            temp.unlink(missing_ok=True)
            return False
        os.rename(temp, path)
        return True
    temp.unlink(missing_ok=True)
    return True


def _sweep_unfinished(path: Path) -> None:
    """Remove the builds of a new database that a killed leantui left beside `path`
    (a build in progress is flocked by its builder)."""
    prefix = f".{path.name}.new-"
    with contextlib.suppress(OSError):
        for each in path.parent.iterdir():
            if not each.name.startswith(prefix) or each.name.endswith(files.SIDE_FILES):
                continue
            try:
                probe = os.open(each, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if files.fcntl is not None:
                    files.fcntl.flock(probe, files.fcntl.LOCK_EX | files.fcntl.LOCK_NB)
            except OSError:
                continue  # still being built
            finally:
                os.close(probe)
            for name in (each, *(files.side(each, s) for s in files.SIDE_FILES)):
                name.unlink(missing_ok=True)


# --- creating and upgrading through SQLAlchemy ----------------------------------------------


def _state(conn: Connection, name: str) -> SchemaState | None:
    """The schema state through SQLAlchemy (a server, or a file being upgraded); None
    for an empty database."""
    from sqlalchemy import inspect, text

    tables = inspect(conn).get_table_names()
    if "alembic_version" in tables:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        return classify(list(rows), None, name)
    if "leantui_meta" in tables:
        value = conn.execute(text("SELECT schema_version FROM leantui_meta WHERE id = 1")).scalar()
        return classify(None, value, name)
    if tables:
        raise DatabaseProblem("core.db_foreign", path=name)
    return None


def _check_upgradable(conn: Connection, state: SchemaState, name: str) -> None:
    """Everything an upgrade needs, checked before anything is copied or changed: every
    revision is one of this leantui's scripts, and a part without a revision has no
    tables yet (a module added since the file was written)."""
    from sqlalchemy import inspect

    from leantui.core.db import schema

    if not state.revisions:
        return
    if schema.unknown_revisions(conn, set(state.revisions)):
        raise DatabaseProblem("core.db_too_new", path=name)
    stamped = {revision.rsplit("_", 1)[0] for revision in state.revisions}
    tables = set(inspect(conn).get_table_names())
    for part in schema.schema_parts():
        if part.id not in stamped and schema.part_tables(part) & tables:
            raise _bad_version(name, ", ".join(sorted(state.revisions)))


def _backup_before_upgrade(engine: Engine, path: Path, name: str) -> Path:
    """A copy of the file as it was, under a name no other file has."""
    base = files.claim_name(path.parent, f"{path.name}.{files.stamp_now()}", (".bak",))
    backup = base.with_name(base.name + ".bak")
    try:
        backup_sqlite(engine, backup)
        files.fsync_file(backup)
    except BaseException as exc:
        backup.unlink(missing_ok=True)
        known = isinstance(exc, OSError | sqlite3.Error)
        found = sqlite_problem(path, name, exc) if known else None
        if found is not None:
            raise found from exc
        raise
    return backup


def _setup(
    engine: Engine, name: str, path: Path | None, *, create: bool
) -> tuple[Upgrade | None, bool]:
    """Create the schema in an empty database (only with `create`), or upgrade an older
    one, after a copy of the file: the copy is made only once every check has passed,
    and removed again if the upgrade fails (the file is then as it was). Returns the
    upgrade made, if any, and whether the schema was created."""
    from sqlalchemy.exc import SQLAlchemyError

    from leantui.core.db import schema

    backup: Path | None = None
    committed = False
    try:
        upgrade = None
        created = False
        with engine.begin() as conn:
            state = _state(conn, name)
            if state is None:
                if not create:
                    raise DatabaseProblem("core.db_missing", path=name)
                schema.create_schema(conn)
                created = True
            elif not state.current:
                _check_upgradable(conn, state, name)
                if path:
                    backup = _backup_before_upgrade(engine, path, name)
                schema.upgrade(conn, state.legacy)
                heads = ", ".join(sorted(schema_heads()))
                upgrade = Upgrade(state.describe(), heads, backup, name)
        committed = True
        if path:
            enable_wal(engine)
        return upgrade, created
    except BaseException as exc:
        if backup is not None and not committed:
            backup.unlink(missing_ok=True)
        if isinstance(exc, DatabaseProblem):
            raise
        if isinstance(exc, sqlite3.Error | SQLAlchemyError | OSError):
            found = (
                sqlite_problem(path, name, exc)
                if path is not None
                else problem_of(engine.url.render_as_string(hide_password=False), exc)
            )
            if found is not None:
                raise found from exc
            if path is not None:
                raise DatabaseProblem("core.db_damaged", path=name) from exc
            problem = type(exc).__name__
            raise DatabaseProblem("core.db_unreachable", path=name, problem=problem) from exc
        raise


__all__ = [
    "SchemaState",
    "Upgrade",
    "check_file",
    "classify",
    "inspect_sqlite",
    "open_database",
    "sqlite_path",
]
