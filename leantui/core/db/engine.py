"""Engine setup: the only place with SQLite-specific settings.

Write transactions start with BEGIN IMMEDIATE: with the driver's default deferred BEGIN,
two processes doing read-modify-write silently lost about half their updates (DATA.md).
Reads use a deferred BEGIN so that viewing a board never takes the write lock.

SQLAlchemy is imported only when a Database first needs its engine: the import costs
about 0.35 s, and the board's first frame is drawn without it (leantui.core.db.raw).
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from leantui.core.db import files
from leantui.core.errors import Conflict, DatabaseProblem

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 5000  # how long a writer waits for the write lock
STATEMENT_BUSY_MS = 50  # how long SQLite itself waits inside one statement
_READ = "leantui_read"


def to_url(target: str | Path) -> str:
    """A SQLAlchemy URL from either a URL or a file path. A path is a path: its `%`,
    `?` and `#` are escaped, so that `sqlite_path` (and SQLAlchemy, which decodes the
    database part of a URL) give back exactly this file."""
    text = str(target)
    if "://" in text:
        return text
    return "sqlite:///" + quote(str(Path(text).expanduser().resolve()), safe="/")


def backend_name(url: str) -> str:
    """ "sqlite" for sqlite:// and sqlite+pysqlite://, "postgresql" for postgresql+psycopg://
    …"""
    return url.partition("://")[0].split("+")[0]


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (`sqlite:///rel.db`, `sqlite:////abs.db`), or None for
    other backends and in-memory databases. Parsed by hand (no SQLAlchemy import), and
    decoded as SQLAlchemy decodes it: the file checked is the file opened."""
    if backend_name(url) != "sqlite":
        return None
    database = url.partition("://")[2][1:].split("?")[0]
    return None if database in ("", ":memory:") else Path(unquote(database))


def display_name(url: str) -> str:
    """What a message calls the database: the file, or the URL without its password."""
    path = sqlite_path(url)
    if path:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def sqlite_problem(path: Path, name: str, error: BaseException) -> DatabaseProblem | None:
    """A SQLite failure the user can act on, in their words: a full disk (SQLite says
    "disk I/O error" when it cannot even make the -shm file, so an I/O error on a file
    system with almost no room left is a full disk too), a lock held too long, a disk
    that failed. None for anything else (a damaged file, say: the caller knows)."""
    orig = getattr(error, "orig", None) or error
    lowered = str(orig).lower()
    code = str(getattr(orig, "sqlite_errorname", ""))
    if (
        "disk is full" in lowered
        or "no space left" in lowered
        or code == "SQLITE_FULL"
        or files.is_no_space(orig)
    ):
        return DatabaseProblem("core.db_disk_full", path=name)
    if "database is locked" in lowered or "database is busy" in lowered:
        return DatabaseProblem("core.db_busy", path=name)
    if "disk i/o error" in lowered or code.startswith("SQLITE_IOERR") or isinstance(orig, OSError):
        if files.low_on_space(path):
            return DatabaseProblem("core.db_disk_full", path=name)
        return DatabaseProblem("core.db_io_error", path=name, problem=str(orig) or code)
    return None


def problem_of(url: str, error: BaseException) -> DatabaseProblem | None:
    """The user's words for a database failure we can name: a full disk, a lock held
    too long, a failing disk, a server that cannot be reached. The driver's own text
    goes in only with the password taken out (a server may echo the connection
    string)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    name = display_name(url)
    path = sqlite_path(url)
    if path is not None:
        return sqlite_problem(path, name, error)
    text = str(getattr(error, "orig", None) or error).strip()
    lowered = text.lower()
    if "disk is full" in lowered or "no space left" in lowered:
        return DatabaseProblem("core.db_disk_full", path=name)
    if isinstance(error, OperationalError | InterfaceError):
        from sqlalchemy.engine import make_url

        password = make_url(url).password
        if password:
            text = text.replace(str(password), "***")
        first = text.splitlines()[0] if text else type(error).__name__
        return DatabaseProblem("core.db_unreachable", path=name, problem=first)
    return None


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    from leantui.core.db.types import canonical_json

    if backend_name(url) != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True, json_serializer=canonical_json)
        except ModuleNotFoundError as exc:  # psycopg is an extra: leantui[postgres]
            raise DatabaseProblem(
                "core.db_driver_missing", path=display_name(url), package=exc.name
            ) from exc
    path = sqlite_path(url)
    if path is None:  # in memory
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, json_serializer=canonical_json
        )
    else:
        # Open exactly this file: the driver is handed the path itself, never a URL that
        # someone could read differently (a `%20`, `?` or `#` in a name).
        file_name = str(path.absolute())

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(file_name, check_same_thread=False)

        engine = create_engine(url, creator=connect, json_serializer=canonical_json)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        # Short: the wait for the write lock is _begin_write's, which is fairer.
        cur.execute(f"PRAGMA busy_timeout = {STATEMENT_BUSY_MS}")
        # FULL: in WAL mode NORMAL may drop the last commits on a power cut, and a
        # team lead's saved change must survive one; a commit is one user action, so
        # the extra fsync per commit is affordable.
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(_READ):
            conn.exec_driver_sql("BEGIN")
        else:
            _begin_write(conn)

    return engine


def _begin_write(conn: Connection) -> None:
    """BEGIN IMMEDIATE, waiting up to BUSY_TIMEOUT_MS for the write lock. SQLite's own
    busy handler sleeps up to 100 ms between tries, so under steady contention a waiter
    can lose the lock to the others again and again for seconds (measured: 4 writers
    moving cards without pause, one gave up after 5 s); trying again every few ms lets
    it in as soon as the lock is free."""
    raw = conn.connection.driver_connection
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        try:
            raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                break
        time.sleep(random.uniform(0.001, 0.004))
    conn.exec_driver_sql("BEGIN IMMEDIATE")  # the last try: its failure is SQLAlchemy's


def stamp_application_id(conn: Connection, value: int) -> None:
    conn.exec_driver_sql(f"PRAGMA application_id = {int(value)}")


def enable_wal(engine: Engine) -> None:
    """WAL lets a board be read while another terminal writes. It is a property of the
    file, set once, and only outside a transaction."""
    raw = engine.raw_connection()
    try:
        # Switching needs the file to itself: wait as long as a writer would.
        raw.driver_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
        raw.driver_connection.execute(f"PRAGMA busy_timeout = {STATEMENT_BUSY_MS}")  # type: ignore[union-attr]
    finally:
        raw.close()


def backup_sqlite(engine: Engine, dest: Path) -> None:
    """A consistent copy through SQLite's backup API, safe while others write."""
    target = sqlite3.connect(dest)
    try:
        raw = engine.raw_connection()
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            raw.close()
    finally:
        target.close()


class Database:
    """An opened, checked database. Open a unit of work per action, never a global
    session: `write()` is one short transaction, `read()` never takes the write lock.
    Units of work nest: a service called inside another's `write()` (the demo loader,
    say) joins that transaction under a savepoint, so the whole is committed at once."""

    def __init__(
        self, url: str, engine: Engine | None = None, lock: files.DatabaseLock | None = None
    ) -> None:
        self.url = url
        self._engine = engine
        self._file_lock = lock  # a SQLite file's <name>.lock, held until close()
        self.created = False  # open_database made it just now
        self.on_close: Callable[[], None] | None = None  # opening.py: record it as checked
        self._lock = threading.Lock()
        self._open = threading.local()  # the session of this thread's unit of work

    @property
    def engine(self) -> Engine:
        """Made on first use, from any thread."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = make_engine(self.url)
        return self._engine

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def backend(self) -> str:
        return backend_name(self.url)

    @property
    def in_unit_of_work(self) -> bool:
        """Whether this thread is inside a `write()` or `read()` (whose changes only its
        own connection sees)."""
        return getattr(self._open, "session", None) is not None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        from sqlmodel import Session

        outer: Session | None = getattr(self._open, "session", None)
        if outer is not None:
            if getattr(self._open, "reading", False):
                raise RuntimeError("a write inside a read-only unit of work")
            with outer.begin_nested():
                yield outer
            return
        with (
            self._failures(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            self._open.session, self._open.reading = session, False
            try:
                yield session
            finally:
                self._open.session = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work that never takes the write lock (inside a write, it
        reads that write's own changes)."""
        from sqlmodel import Session

        outer: Session | None = getattr(self._open, "session", None)
        if outer is not None:
            yield outer
            return
        with (
            self._failures(),
            Session(
                self.engine.execution_options(**{_READ: True}), expire_on_commit=False
            ) as session,
            session.begin(),
        ):
            self._open.session, self._open.reading = session, True
            try:
                yield session
            finally:
                self._open.session = None

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """A failure the user can act on leaves as a DatabaseProblem in their words (the
        transaction has been rolled back: nothing was saved); an UPDATE that found its
        row changed by someone else (models.Card's version) as a Conflict."""
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.orm.exc import StaleDataError

        try:
            yield
        except StaleDataError as exc:
            raise Conflict("core.conflict") from exc
        except SQLAlchemyError as exc:
            found = problem_of(self.url, exc)
            if found is None:
                raise
            raise found from exc

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        hook, self.on_close = self.on_close, None
        try:
            if hook is not None:
                hook()
        finally:
            if self._file_lock is not None:
                self._file_lock.release()
                self._file_lock = None
