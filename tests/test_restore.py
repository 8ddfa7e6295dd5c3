"""`leantui restore BACKUP [--force]`: refused while the database is open (another
leantui, or any program through SQLite, in a real second process), the backup checked
first, the replaced database kept whole beside it (with the -wal that may hold its last
changes), and never a word about restoring that does not name the command."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core import i18n
from leantui.core.db import files
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards

runner = CliRunner()


def run_cli(*args: str) -> Result:
    settle_language(list(args))
    result = runner.invoke(build_app(), list(args), prog_name="leantui")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def titles(path: Path) -> list[str]:
    db, _ = open_database(path)
    try:
        found = boards.list_boards(db, include_archived=True)
        return [r.title for b in found for r in cards.board_cards(db, b.id)]
    finally:
        db.close()


def add_cards(path: Path, names: list[str], board: str = "Line 1") -> None:
    db, _ = open_database(path, create=True)
    try:
        known = {b.name: b.id for b in boards.list_boards(db)}
        board_id = known.get(board) or boards.create_board(db, board).id
        for name in names:
            cards.add_card(db, board_id, name)
    finally:
        db.close()


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A database with two cards, and a backup of it taken when it had one."""
    path = tmp_path / "data" / "leantui.db"
    backup = tmp_path / "backups" / "monday.db"
    add_cards(path, ["one"])
    assert run_cli("--db", str(path), "backup", str(backup)).exit_code == 0
    add_cards(path, ["two"])
    return path, backup


def test_restore_needs_force_over_data_and_keeps_the_replaced_file(
    places: tuple[Path, Path],
) -> None:
    path, backup = places
    before = snapshot(path.parent)
    result = run_cli("--db", str(path), "restore", str(backup))
    assert result.exit_code == 1
    assert "--force" in result.stderr and str(path) in result.stderr
    assert snapshot(path.parent) == before

    result = run_cli("--db", str(path), "restore", str(backup), "--force")
    assert result.exit_code == 0, result.output
    assert titles(path) == ["one"]
    kept = [p for p in path.parent.iterdir() if ".replaced-" in p.name]
    assert len(kept) == 1 and str(kept[0]) in result.stdout
    assert kept[0].read_bytes() == before["leantui.db"]
    assert titles(kept[0]) == ["one", "two"]
    assert run_cli("--db", str(path), "info").exit_code == 0


def test_the_newer_log_of_a_killed_writer_goes_with_the_replaced_file(
    places: tuple[Path, Path],
) -> None:
    """Issue 7.1's realistic path, done with restore: the restored file never meets the
    -wal of the file it replaced, and that -wal stays with its own file."""
    path, backup = places
    writer = (
        "import os, sys\n"
        "from leantui.core.db.opening import open_database\n"
        "from leantui.core.kanban import boards, cards\n"
        "db, _ = open_database(sys.argv[1])\n"
        "cards.add_card(db, boards.list_boards(db)[0].id, 'late')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True, timeout=60)
    assert side(path, "-wal").stat().st_size > 0
    result = run_cli("--db", str(path), "restore", str(backup), "--force")
    assert result.exit_code == 0, result.output
    assert not side(path, "-wal").exists() and not side(path, "-shm").exists()
    assert titles(path) == ["one"]
    (kept,) = [p for p in path.parent.iterdir() if p.name.endswith(tuple("0123456789"))]
    assert side(kept, "-wal").exists()
    assert titles(kept) == ["one", "two", "late"]


def test_restore_into_an_empty_or_missing_database(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    _, backup = places
    fresh = tmp_path / "fresh" / "leantui.db"
    db, _ = open_database(fresh, create=True)
    db.close()
    result = run_cli("--db", str(fresh), "restore", str(backup))  # nothing to lose: no --force
    assert result.exit_code == 0, result.output
    assert titles(fresh) == ["one"]
    missing = tmp_path / "new" / "place" / "leantui.db"
    result = run_cli("--db", str(missing), "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert "kept" not in result.stdout
    assert titles(missing) == ["one"]


def test_replaced_files_never_overwrite_each_other(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, backup = places
    monkeypatch.setattr(files, "stamp_now", lambda: "20260101-120000")
    taken = path.with_name("leantui.db.replaced-20260101-120000")
    taken.write_bytes(b"someone's file")
    for _ in range(2):
        assert run_cli("--db", str(path), "restore", str(backup), "--force").exit_code == 0
    assert taken.read_bytes() == b"someone's file"
    names = sorted(p.name for p in path.parent.iterdir() if ".replaced-" in p.name)
    assert names == [
        "leantui.db.replaced-20260101-120000",
        "leantui.db.replaced-20260101-120000-2",
        "leantui.db.replaced-20260101-120000-3",
    ]


def _bad_backups(folder: Path, good: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir()
    out: dict[str, tuple[Path, str]] = {}
    out["missing"] = (folder / "nope.db", "no backup file")
    text = folder / "notes.db"
    text.write_text("shift notes\n" * 100)
    out["text"] = (text, "not a leantui database")
    foreign = folder / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    out["foreign"] = (foreign, "not a leantui database")
    damaged = folder / "damaged.db"
    data = bytearray(good.read_bytes())
    data[4096 * 3 : 4096 * 4] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    out["damaged"] = (damaged, "is damaged")
    newer = folder / "newer.db"
    shutil.copyfile(good, newer)
    conn = sqlite3.connect(newer)
    with conn:
        conn.execute(
            "UPDATE alembic_version SET version_num = 'kanban_9999'"
            " WHERE version_num LIKE 'kanban%'"
        )
    conn.close()
    out["newer"] = (newer, "newer leantui")
    odd = folder / "odd.db"
    shutil.copyfile(good, odd)
    conn = sqlite3.connect(odd)
    with conn:
        conn.execute("DELETE FROM alembic_version")
    conn.close()
    out["odd"] = (odd, "does not know")
    return out


@pytest.mark.parametrize("case", ["missing", "text", "foreign", "damaged", "newer", "odd"])
def test_a_bad_backup_is_refused_and_nothing_changes(
    tmp_path: Path, places: tuple[Path, Path], case: str
) -> None:
    path, backup = places
    bad, says = _bad_backups(tmp_path / "bad", backup)[case]
    before = snapshot(path.parent)
    backup_before = bad.read_bytes() if bad.exists() else None
    result = run_cli("--db", str(path), "restore", str(bad), "--force")
    assert result.exit_code == 1
    assert says in result.stderr and str(bad) in result.stderr
    assert snapshot(path.parent) == before
    assert (bad.read_bytes() if bad.exists() else None) == backup_before


def test_the_database_itself_is_not_a_backup(places: tuple[Path, Path]) -> None:
    path, _ = places
    result = run_cli("--db", str(path), "restore", str(path), "--force")
    assert result.exit_code == 1 and "not a backup" in result.stderr


HOLDER = """
import sqlite3, sys
if sys.argv[2] == "leantui":
    from leantui.core.db.opening import open_database
    from leantui.core.kanban import boards
    db, _ = open_database(sys.argv[1])
    boards.list_boards(db)  # a connection in the pool, as an open board has
else:
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("SELECT count(*) FROM cards").fetchone()
print("open", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def holder(places: tuple[Path, Path]) -> Iterator[object]:
    procs: list[subprocess.Popen[str]] = []

    def start(kind: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(places[0]), kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        return proc

    yield start
    for proc in procs:
        proc.kill()
        proc.wait(timeout=60)


@pytest.mark.parametrize("kind", ["leantui", "sqlite"])
def test_refused_while_another_process_has_the_database_open(
    places: tuple[Path, Path],
    holder,
    kind: str,  # type: ignore[no-untyped-def]
) -> None:
    path, backup = places
    proc = holder(kind)
    before = snapshot(path.parent)
    result = run_cli("--db", str(path), "restore", str(backup), "--force")
    assert result.exit_code == 1
    assert "open in another leantui" in result.stderr
    assert snapshot(path.parent) == before
    proc.stdin.write("\n")  # it closes the database and ends
    proc.stdin.flush()
    proc.wait(timeout=60)
    result = run_cli("--db", str(path), "restore", str(backup), "--force")
    assert result.exit_code == 0, result.output


def test_restore_of_a_server_database_points_to_pg_restore() -> None:
    result = run_cli("--db", "postgresql://lead:secret@db.plant/leantui", "restore", "x.db")
    assert result.exit_code == 1
    assert "pg_restore" in result.stderr and "secret" not in result.stderr


def test_restore_in_chinese(places: tuple[Path, Path]) -> None:
    path, backup = places
    result = run_cli("--lang", "zh_CN", "--db", str(path), "restore", str(backup))
    assert result.exit_code == 1 and "--force" in result.stderr and "已有数据" in result.stderr
    result = run_cli("--lang", "zh_CN", "--db", str(path), "restore", str(backup), "--force")
    assert result.exit_code == 0 and "已将" in result.stdout and "保留为" in result.stdout


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_message_that_advises_a_restore_names_the_command(language: str) -> None:
    advice = re.compile(r"restore (it|the file|a backup)|from a backup|从备份恢复", re.I)
    for key, value in i18n.catalog(language).items():
        for text in value.values() if isinstance(value, dict) else [value]:
            if advice.search(text):
                assert "leantui restore" in text or "pg_restore" in text, key
