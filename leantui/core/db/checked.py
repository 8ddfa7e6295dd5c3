"""Which SQLite files passed the check at opening (`PRAGMA quick_check`, opening.py), so
that a start on a file that has not changed since skips it: the check reads every page
(0.3 s on a 77 MB file, most of a first frame).

A record says: this file, with exactly this device, inode, size, modification and
change time, passed the check. Any write to the file, a copy or a restore over it, even
one that puts the modification time back (`touch -d`), gives it a new change time
(ctime, which no program can set), so a record never vouches for other bytes. A file
is recorded when a check passes at opening, and again when leantui closes it: at once if
nothing changed it meanwhile, after a new check if something did (a session that wrote
pays the check on its way out, not on the next start). A file that fails that check
loses its record, so the next start checks it and reports it.

File times have the resolution of the kernel's clock tick (or 2 s on FAT): a file
written within that moment of being recorded could keep its times. So a file changed in
the last `SETTLE_SECONDS` is not recorded (git calls such index entries "racy").

Records are one small file per database in the user's cache folder (losing them costs
one check), never beside the database: a refused file's folder stays as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from leantui.core.db import files
from leantui.core.paths import user_cache_dir

SETTLE_SECONDS = 2.0
Stamp = tuple[int, int, int, int, int]


def stamp(path: Path) -> Stamp | None:
    """The file as a record names it; None when a change log beside it holds part of
    the database (the file alone is not all of it) or it cannot be read."""
    if any(files.size_of(files.side(path, s)) > 0 for s in ("-wal", "-journal")):
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def settled(found: Stamp) -> bool:
    """Whether the file's last change is old enough for its times to tell any later
    change from it."""
    return time.time_ns() - max(found[3], found[4]) > SETTLE_SECONDS * 1e9


def _record(path: Path) -> Path:
    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
    return user_cache_dir() / "checked" / f"{key}.json"


def passed(path: Path, found: Stamp | None) -> bool:
    """Whether the file, as `found`, is the one a check passed."""
    if found is None:
        return False
    try:
        data = json.loads(_record(path).read_text(encoding="utf-8"))
        return bool(data["path"] == str(path.resolve()) and tuple(data["stamp"]) == found)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def remember(path: Path, found: Stamp) -> None:
    """Record that the file, as `found`, passed the check (when its times can tell)."""
    if not settled(found) or passed(path, found):
        return
    record = _record(path)
    with contextlib.suppress(OSError):
        record.parent.mkdir(parents=True, exist_ok=True)
        temp = files.temp_name(record, "new")
        try:
            temp.write_text(json.dumps({"path": str(path.resolve()), "stamp": found}))
            os.replace(temp, record)
        finally:
            temp.unlink(missing_ok=True)


def forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        _record(path).unlink(missing_ok=True)
