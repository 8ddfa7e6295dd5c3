"""Unexpected errors: the details go to a file, the user gets two lines saying where."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from leantui.core import paths


def write_crash_log(error: BaseException) -> Path | None:
    """Write the traceback of `error` to a new file in the user log folder; None if even
    that fails (a full disk, say): the caller still shows its short message."""
    try:
        folder = paths.user_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        return path
    except OSError:
        return None
