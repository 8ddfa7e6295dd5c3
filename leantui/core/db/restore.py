"""`leantui restore BACKUP`: put a backup in the database's place, keeping the file it
replaces.

- Refused while the database is open: in another leantui (it holds `<db>.lock`
  shared; restore needs it exclusive, files.py) or in any program through SQLite (it
  holds a lock on the -shm file while it has the file open).
- The backup is checked as opening checks a file (integrity_check, application id,
  schema revisions known to this leantui, an older one being fine: the next start
  upgrades it after a copy), on a copy of it made beside the database under a temporary
  name; the copy is what is put in place, so the backup itself is never opened for
  writing.
- The database it replaces (the file and its -wal/-shm, which may hold its latest
  changes) is renamed as a set to `<name>.replaced-<time>`, never over another file,
  and only then is the checked copy renamed into place: at no moment does the restored
  file meet a -wal that is not its own (issue 7.1), and the replaced set stays whole.
- A database that holds data is replaced only with `force`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from leantui.core.db import files
from leantui.core.db.opening import SQLITE_HEADER, SchemaState, inspect_sqlite
from leantui.core.errors import DatabaseProblem

# A verdict on the backup, in restore's words (the opening ones advise a restore).
_BACKUP_PROBLEMS = {
    "core.db_damaged": "core.restore_bad_backup",
    "core.db_foreign": "core.restore_not_a_backup",
    "core.db_too_new": "core.restore_too_new",
    "core.db_bad_version": "core.restore_bad_version",
}


@dataclass(frozen=True)
class Restored:
    path: Path  # the database, now the backup's contents
    replaced: Path | None  # where the database it replaced is kept (None: there was none)
    schema: SchemaState


def restore_file(target: Path, backup: Path, *, force: bool = False) -> Restored:
    """Replace the SQLite database at `target` with `backup`. Raises DatabaseProblem,
    with nothing changed, when the backup is not a sound leantui database, when the
    database is open, or when it holds data and `force` is not given."""
    _check_backup_file(target, backup)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _problem(target, exc) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseProblem("core.db_folder_read_only", path=folder, file=target.name)
    try:
        lock = files.DatabaseLock.acquire(target, exclusive=True, create=True)
    except OSError as exc:
        raise _problem(target, exc) from exc
    if lock is None or files.sqlite_in_use(target):
        if lock is not None:
            lock.release()
        raise DatabaseProblem("core.restore_in_use", path=target)
    try:
        if target.exists() and not force and holds_data(target):
            raise DatabaseProblem("core.restore_needs_force", path=target)
        temp = files.temp_name(target, "restore")
        with files.removed_on_failure(temp):
            state = _checked_copy(backup, temp, target)
            try:
                files.fsync_file(temp)
                replaced = _swap(target, temp)
            except OSError as exc:
                raise _problem(target, exc) from exc
        files.fsync_folder(folder)
    finally:
        lock.release()
    return Restored(target, replaced, state)


def _problem(target: Path, exc: OSError) -> DatabaseProblem:
    if files.is_no_space(exc) or files.low_on_space(target):
        return DatabaseProblem("core.db_disk_full", path=target)
    return DatabaseProblem("core.db_io_error", path=target, problem=exc.strerror or str(exc))


def _check_backup_file(target: Path, backup: Path) -> None:
    if not backup.is_file():
        raise DatabaseProblem("core.restore_no_backup", path=backup)
    with contextlib.suppress(OSError):
        if target.exists() and backup.samefile(target):
            raise DatabaseProblem("core.restore_same_file", path=backup)
    try:
        with backup.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseProblem(
            "core.restore_unreadable", path=backup, problem=exc.strerror or exc
        ) from exc
    if header != SQLITE_HEADER:
        raise DatabaseProblem("core.restore_not_a_backup", path=backup)


def holds_data(path: Path) -> bool:
    """Whether the database at `path` holds anything worth a --force: data in a leantui
    table, a change log beside it, or contents leantui cannot read (a damaged file, or
    another program's). Read without writing (immutable)."""
    from leantui.core.services.info import DATA_TABLES

    if path.stat().st_size == 0:
        return False
    if any(files.size_of(files.side(path, s)) > 0 for s in ("-wal", "-journal")):
        return True
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return False
            for table in DATA_TABLES:
                if table in tables and conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    return True
            return not {"alembic_version", "leantui_meta"} & tables  # another program's
        finally:
            conn.close()
    except sqlite3.Error:
        return True


def _checked_copy(backup: Path, temp: Path, target: Path) -> SchemaState:
    """Copy the backup (with a change log beside it, if any) to `temp`, check the copy
    whole, and leave it as one self-contained file in WAL mode."""
    try:
        shutil.copyfile(backup, temp)
        for suffix in ("-wal", "-journal"):
            log = files.side(backup, suffix)
            if files.size_of(log) > 0:
                shutil.copyfile(log, files.side(temp, suffix))
    except OSError as exc:
        if files.is_no_space(exc):
            raise DatabaseProblem("core.db_disk_full", path=target) from exc
        raise DatabaseProblem(
            "core.restore_unreadable", path=backup, problem=exc.strerror or exc
        ) from exc
    try:
        conn = sqlite3.connect(str(temp.absolute()))
        try:
            state = inspect_sqlite(conn, str(backup), full=True)
        except DatabaseProblem as exc:
            key = _BACKUP_PROBLEMS.get(exc.key)
            if key is None:
                raise
            raise DatabaseProblem(key, path=backup, value=exc.args_.get("value", "")) from exc
        finally:
            conn.close()
        # A connection of its own: after integrity_check, the same one could not
        # checkpoint ("database table is locked").
        conn = sqlite3.connect(str(temp.absolute()))
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()  # the last connection: the -wal is folded in and removed
    except sqlite3.Error as exc:
        from leantui.core.db.engine import sqlite_problem

        found = sqlite_problem(target, str(target), exc)
        if found is not None:
            raise found from exc
        raise DatabaseProblem("core.restore_bad_backup", path=backup) from exc
    for suffix in files.SIDE_FILES:
        if files.side(temp, suffix).exists():
            files.side(temp, suffix).unlink()
    return state


def _swap(target: Path, temp: Path) -> Path | None:
    """Move the database and its side files away together, then the restored copy in.
    Returns where the old set went."""
    present = [s for s in ("", *files.SIDE_FILES) if files.side(target, s).exists()]
    replaced = None
    if present:
        name = f"{target.name}.replaced-{files.stamp_now()}"
        replaced = files.claim_name(target.parent, name, ("", *files.SIDE_FILES))
        for suffix in ("", *files.SIDE_FILES):  # the file first: the set stays whole
            if suffix in present:
                os.replace(files.side(target, suffix), files.side(replaced, suffix))
            else:
                files.side(replaced, suffix).unlink(missing_ok=True)
    try:
        os.link(temp, target)  # never over a file that appeared meanwhile
    except FileExistsError:
        raise DatabaseProblem("core.restore_in_use", path=target) from None
    except OSError as exc:
        if files.is_no_space(exc) or target.exists():
            raise
        os.rename(temp, target)  # a file system without hard links
    else:
        temp.unlink()
    return replaced
