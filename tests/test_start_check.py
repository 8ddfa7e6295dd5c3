"""A start on a file that has not changed since leantui last checked it skips the
page-by-page check (leantui/core/db/checked.py); a file changed by anyone else since,
however carefully, is checked again and, if damaged, reported and left as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_db_opening import assert_refused, make_leantui_db

from leantui.core.db import checked
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards

PAGE = 4096


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """File times taken as settled as soon as they are written (the real rule waits
    `SETTLE_SECONDS`, longer than a test should)."""
    monkeypatch.setattr(checked, "SETTLE_SECONDS", -60.0)


def damage_a_page(path: Path, keep_times: bool = False) -> None:
    """Overwrite a page in the middle of the file in place: same size, same inode; with
    `keep_times`, the modification time put back as it was."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + PAGE] = b"\xff" * PAGE
    with path.open("r+b") as fh:
        fh.write(bytes(data))
    if keep_times:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def closed_cleanly(path: Path) -> None:
    db, _ = open_database(path)
    db.close()


def test_a_file_as_it_was_closed_is_not_read_page_by_page(
    tmp_path: Path, settled_at_once: None
) -> None:
    """The record is what skips the check: forged to name a damaged file, the file
    opens (which is why no program but leantui writes it, and why any write changes
    what it names)."""
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    closed_cleanly(path)
    damage_a_page(path)
    checked.remember(path, checked.stamp(path))  # type: ignore[arg-type]
    db, _ = open_database(path)
    db.close()


def test_a_file_damaged_after_a_clean_close_is_reported(
    tmp_path: Path, settled_at_once: None
) -> None:
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    closed_cleanly(path)
    assert checked.passed(path, checked.stamp(path))
    damage_a_page(path, keep_times=True)
    assert_refused(path)
    assert_refused(path)  # and again: a refusal records nothing


def test_a_file_damaged_at_once_after_a_close_is_reported(tmp_path: Path) -> None:
    """Within the resolution of file times (the real rule)."""
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    closed_cleanly(path)
    damage_a_page(path, keep_times=True)
    assert_refused(path)


def test_a_damaged_copy_put_over_a_checked_file_is_reported(
    tmp_path: Path, settled_at_once: None
) -> None:
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    closed_cleanly(path)
    copy = tmp_path / "copy.db"
    shutil.copy2(path, copy)
    damage_a_page(copy, keep_times=True)
    os.replace(copy, path)
    assert_refused(path)


def test_a_file_damaged_while_open_is_reported_at_the_next_start(
    tmp_path: Path, settled_at_once: None
) -> None:
    """Another program wrote over the file while leantui had it open: the check on
    closing finds it, and the next start reports it."""
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    closed_cleanly(path)
    db, _ = open_database(path)
    damage_a_page(path, keep_times=True)
    db.close()
    assert not checked.passed(path, checked.stamp(path))
    assert_refused(path)


def test_a_file_written_by_leantui_is_checked_on_closing(
    tmp_path: Path, settled_at_once: None
) -> None:
    path = tmp_path / "leantui.db"
    make_leantui_db(path)
    closed_cleanly(path)
    db, _ = open_database(path)
    boards.create_board(db, "Line 2")
    changed = checked.stamp(path)
    db.close()
    now = checked.stamp(path)
    assert now is not None and now != changed
    assert checked.passed(path, now)


def test_a_file_just_written_is_not_recorded(tmp_path: Path) -> None:
    path = tmp_path / "leantui.db"
    make_leantui_db(path)
    closed_cleanly(path)
    assert not checked.passed(path, checked.stamp(path))


def test_records_live_outside_the_database_folder(tmp_path: Path, settled_at_once: None) -> None:
    folder = tmp_path / "db"
    path = folder / "leantui.db"
    make_leantui_db(path)
    closed_cleanly(path)
    assert checked.passed(path, checked.stamp(path))
    assert sorted(p.name for p in folder.iterdir()) == ["leantui.db", "leantui.db.lock"]
