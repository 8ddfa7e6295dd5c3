"""Writing a file or a folder so that nothing half-written ever stands under the final
name: the work goes to a hidden temporary name beside the target and is renamed into
place when whole; an error or Ctrl-C removes it. An existing target is replaced only
when asked (`force`)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from leantui.core.errors import LeanError


class ExportProblem(LeanError):
    """The export could not be written; nothing was left under the target's name."""


def problem(path: Path, exc: OSError) -> ExportProblem:
    if exc.errno == errno.ENOSPC:
        return ExportProblem("export.disk_full", path=path)
    return ExportProblem("export.cannot_write", path=path, problem=exc.strerror or str(exc))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def check_target(target: Path, *, force: bool, folder: bool = False) -> None:
    if target.exists() or target.is_symlink():
        if target.is_dir() and not folder:
            raise ExportProblem("export.is_folder", path=target)
        if not force:
            raise ExportProblem("export.exists", path=target)
    if not target.parent.is_dir():
        raise ExportProblem("export.no_folder", path=target.parent)
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise ExportProblem("export.cannot_write", path=target, problem=os.strerror(errno.EACCES))


@contextmanager
def atomic(target: Path, *, force: bool, folder: bool = False) -> Iterator[Path]:
    """Yields the temporary path to write (a file, or a folder already made); on leaving
    the block without error it becomes `target`."""
    check_target(target, force=force, folder=folder)
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    _remove(temp)
    try:
        try:
            if folder:
                temp.mkdir()
            yield temp
            _publish(temp, target, force=force, folder=folder)
        except OSError as exc:
            raise problem(target, exc) from None
    except BaseException:
        _remove(temp)
        raise


def _publish(temp: Path, target: Path, *, force: bool, folder: bool) -> None:
    if not folder:
        if force:
            os.replace(temp, target)
            return
        try:
            os.link(temp, target)  # never replaces a file made meanwhile
        except FileExistsError:
            raise ExportProblem("export.exists", path=target) from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise ExportProblem("export.exists", path=target) from None
            os.replace(temp, target)
            return
        temp.unlink()
        return
    old = None
    if target.exists():
        if not force:
            raise ExportProblem("export.exists", path=target)
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        _remove(old)
        os.rename(target, old)
    os.rename(temp, target)
    if old is not None:
        _remove(old)
