"""The files of a SQLite database, handled without SQLite: its side files (-wal, -shm,
-journal), the lock every leantui holds while it has the database open, free space,
durable renames and names that never overwrite another file.

The lock is `<database>.lock`, held with flock(2): shared by every leantui that has the
database open (from the moment the checks pass until `Database.close()` or the process
ends, whichever comes first: the kernel drops it when a process dies, even by SIGKILL),
exclusive while `leantui restore` swaps the files. flock, not fcntl: an fcntl lock is
dropped when the process closes *any* descriptor of the file, which SQLite's own
descriptors would do; a flock belongs to our descriptor alone. The lock file is made
only beside a database that passed its checks, so a refused file's folder is left as it
was; it is never deleted (deleting a lock file races with whoever opens it next).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import struct
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

try:  # POSIX; elsewhere leantui runs without the lock (restore cannot tell it is in use)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SIDE_FILES = ("-wal", "-shm", "-journal")
WAIT = 5.0  # seconds a start waits for a restore to finish
LOW_SPACE = 1024 * 1024  # below this much free space, a failed write is a full disk
# SQLite's unix VFS holds a read lock on this byte of the -shm file for as long as a
# connection has a WAL database open (UNIX_SHM_DMS: 120 + 8 lock bytes).
_SHM_DMS_BYTE = 128


def side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def fingerprint(path: Path) -> tuple[tuple[int, int], ...]:
    """Size and modification time of the database and its side files: if it changes
    while a check reads, someone else is writing."""
    out = []
    for each in (path, *(side(path, s) for s in SIDE_FILES)):
        try:
            st = each.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append((-1, 0))
    return tuple(out)


def free_bytes(path: Path) -> int | None:
    """Free space on the file system holding `path` (or its nearest existing folder),
    as this user may use it; None when it cannot be told."""
    folder = path
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    blocks = st.f_bfree if os.geteuid() == 0 else st.f_bavail
    return blocks * st.f_frsize


def low_on_space(path: Path) -> bool:
    free = free_bytes(path)
    return free is not None and free < LOW_SPACE


def is_no_space(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make renames and new names in `folder` durable (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path, purpose: str) -> Path:
    """A hidden name beside `path`, in the same folder (so a rename is atomic)."""
    return path.with_name(f".{path.name}.{purpose}-{secrets.token_hex(4)}")


def claim_name(folder: Path, stem: str, suffixes: tuple[str, ...] = ("",)) -> Path:
    """A new name `stem`, `stem-2` … in `folder` under which none of `stem + suffix`
    exists; each is claimed with an empty file made by O_EXCL, so a name is never one
    another process took at the same moment. The caller renames over its claims (or
    removes the ones it does not need)."""
    n = 1
    while True:
        base = folder / (stem if n == 1 else f"{stem}-{n}")
        made: list[Path] = []
        try:
            for suffix in suffixes:
                each = base.with_name(base.name + suffix)
                os.close(os.open(each, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                made.append(each)
            return base
        except FileExistsError:
            for each in made:
                each.unlink(missing_ok=True)
            n += 1


def stamp_now() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


# --- the lock ------------------------------------------------------------------------------


class DatabaseLock:
    """A held flock on `<database>.lock`; `release()` (or the process ending) drops it."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing the descriptor drops its flock
            self._fd = None

    def share(self) -> None:
        """Turn an exclusive hold into a shared one."""
        if fcntl is not None and self._fd is not None and self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def __del__(self) -> None:
        self.release()

    @classmethod
    def acquire(
        cls, path: Path, *, exclusive: bool, create: bool, wait: float = 0.0
    ) -> DatabaseLock | None:
        """The lock, or None when another process holds it in a conflicting way for
        longer than `wait` seconds (or when its file does not exist and `create` is
        False). OSError from making the file is the caller's (a full disk …)."""
        if fcntl is None:  # pragma: no cover
            return cls(-1)
        where = lock_path(path)
        flags = os.O_RDONLY | (os.O_CREAT if create else 0)
        try:
            fd = os.open(where, flags | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:
            return None
        except PermissionError:
            if exclusive:
                raise
            # Another user's lock file this user may not read: a shared hold cannot be
            # taken, and must not stop the database from opening.
            return cls(-1)
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                return cls(fd)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return None
            time.sleep(0.005)


def join(path: Path) -> tuple[DatabaseLock | None, bool]:
    """This process's shared hold of the lock of an existing database, taken before it
    is checked, and whether another leantui has the database open. The lock file is not
    made here (a refused file's folder stays as it was): (None, False) without one."""
    if fcntl is None:  # pragma: no cover
        return None, False
    try:
        alone = DatabaseLock.acquire(path, exclusive=True, create=False)
    except PermissionError:  # another user's lock file: no part in it (see acquire)
        return None, False
    if alone is not None:
        alone.share()
        return alone, False
    if not lock_path(path).exists():
        return None, False
    # Held by others: shared by open leantuis (join them), or exclusive during a restore
    # (wait for it to end).
    return DatabaseLock.acquire(path, exclusive=False, create=False, wait=WAIT), True


def sqlite_in_use(path: Path) -> bool:
    """Whether any process other than this one has the WAL database at `path` open
    through SQLite (it holds a read lock on the -shm file's DMS byte while it does).
    Tested with F_GETLK, which takes no lock; closing the probe's descriptor drops any
    fcntl lock *this* process holds on the -shm, so call it only before this process
    opens the database itself (restore does)."""
    shm = side(path, "-shm")
    if fcntl is None or sys.platform != "linux" or not shm.exists():
        return False
    try:
        fd = os.open(shm, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        # Linux's struct flock: l_type, l_whence, l_start, l_len, l_pid (and padding).
        query = struct.pack("hhqqii", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack("hhqqii", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


@contextlib.contextmanager
def removed_on_failure(*paths: Path) -> Iterator[None]:
    """Remove `paths` (and their side files) if the block fails."""
    try:
        yield
    except BaseException:
        for each in paths:
            for name in (each, *(side(each, s) for s in SIDE_FILES)):
                with contextlib.suppress(OSError):
                    name.unlink(missing_ok=True)
        raise
