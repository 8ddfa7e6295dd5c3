"""Hostile files: what lies beside a database, odd names, kills at bad moments, a full
disk, odd schema versions. A file leantui refuses stays byte-for-byte as it was, with its
-wal and -shm; no message advises a step that would lose data. (Issue 7.)"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
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


def make_db(path: Path, titles: list[str]) -> None:
    db, _ = open_database(path, create=True)
    board = boards.create_board(db, "Line 1")
    for title in titles:
        cards.add_card(db, board.id, title)
    db.close()
    assert not side(path, "-wal").exists()


KILLED_WRITER = """
import os, sys
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards
db, _ = open_database(sys.argv[1])
board = boards.list_boards(db)[0]
for title in sys.argv[2:]:
    cards.add_card(db, board.id, title)
os._exit(0)  # as if killed: no close, no checkpoint; the commits live in the -wal
"""


def leave_a_log(path: Path, titles: list[str]) -> None:
    """Commit `titles` as cards from a process that dies without closing."""
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(path), *titles],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert side(path, "-wal").stat().st_size > 0


def titles_in(path: Path) -> list[str]:
    db, _ = open_database(path)
    try:
        board = boards.list_boards(db)[0]
        return [row.title for row in cards.board_cards(db, board.id)]
    finally:
        db.close()


# --- 1. checking a file never changes it ------------------------------------------------


def test_a_log_left_by_a_killed_writer_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "leantui.db"
    make_db(path, ["one"])
    leave_a_log(path, ["two", "three"])
    result = run_cli("--db", str(path), "card", "list", "--board", "Line 1")
    assert result.exit_code == 0, result.output
    assert "two" in result.stdout and "three" in result.stdout
    assert titles_in(path) == ["one", "two", "three"]
    assert not side(path, "-wal").exists()  # applied to the file, and gone


def test_another_databases_log_is_not_applied(tmp_path: Path) -> None:
    """b.db's -wal beside a.db: refused, and a.db, the log and the -shm stay as they
    were (before: the check applied the log, the file became malformed, and the message
    said "Nothing was changed")."""
    a = tmp_path / "a" / "leantui.db"
    b = tmp_path / "b" / "leantui.db"
    make_db(a, [f"a card {i}" for i in range(300)])
    make_db(b, [f"b card {i}" * 3 for i in range(40)])
    leave_a_log(b, [f"late b card {i}" * 5 for i in range(200)])
    shutil.copyfile(side(b, "-wal"), side(a, "-wal"))
    shutil.copyfile(side(b, "-shm"), side(a, "-shm"))
    before = snapshot(a.parent)
    for command in (["info"], ["card", "list", "--board", "Line 1"], ["demo", "--add"]):
        result = run_cli("--db", str(a), *command)
        assert snapshot(a.parent) == before
        assert result.exit_code == 1, result.output
        message = result.stderr
        assert str(side(a, "-wal")) in message and "does not fit" in message
        assert "restore" not in message.lower()
    # Moved away as the message says, the file opens as it was.
    for suffix in ("-wal", "-shm"):
        side(a, suffix).rename(tmp_path / f"kept{suffix}")
    assert titles_in(a) == [f"a card {i}" for i in range(300)]


def test_a_backup_copied_over_a_file_with_a_log_is_not_mixed_with_it(tmp_path: Path) -> None:
    """The realistic path: a writer is killed and leaves its -wal; the user copies
    yesterday's backup over the main file. The newer log must not be replayed into the
    older copy (before: "Rowid out of order", or the backup silently became the newer
    state)."""
    path = tmp_path / "leantui.db"
    make_db(path, [f"card {i}" for i in range(60)])
    backup = tmp_path / "yesterday.db"
    assert run_cli("--db", str(path), "backup", str(backup)).exit_code == 0
    db, _ = open_database(path)
    board = boards.list_boards(db)[0]
    for i in range(60, 120):
        cards.add_card(db, board.id, f"card {i}" * 4)
    for row in cards.board_cards(db, board.id)[:30]:
        cards.set_archived(db, row.id, True)
    db.close()
    leave_a_log(path, [f"late {i}" * 6 for i in range(80)])
    shutil.copyfile(backup, path)
    before = snapshot(tmp_path)
    result = run_cli("--db", str(path), "info")
    assert snapshot(tmp_path) == before
    assert result.exit_code == 1, result.output
    assert "does not fit" in result.stderr


def test_refused_files_keep_their_log_byte_for_byte(tmp_path: Path) -> None:
    """A damaged file with a log beside it: damaged, and neither the file nor its log
    nor its -shm changes."""
    path = tmp_path / "leantui.db"
    make_db(path, [f"card {i}" * 20 for i in range(400)])
    leave_a_log(path, ["late"])
    data = bytearray(path.read_bytes())
    data[8192 : 8192 + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    before = snapshot(tmp_path)
    result = run_cli("--db", str(path), "info")
    assert snapshot(tmp_path) == before
    assert result.exit_code == 1
    assert "damaged" in result.stderr and "leantui restore" in result.stderr


# --- 4. a path is a path -------------------------------------------------------------------


def other_program_db(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices (total) VALUES (99.5)")
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    "name", ["x%20y.db", "what?.db", "a#b.db", "100%.db", "%3F.db", "数据 %41.db"]
)
def test_the_file_checked_is_the_file_opened(tmp_path: Path, name: str) -> None:
    """`--db '/x/x%20y.db'` passed the check on the literal name while SQLAlchemy
    decoded it and wrote leantui's schema into `x y.db`, another program's database;
    `what?.db` made a file named `what`."""
    decoys = {n: other_program_db(tmp_path / n) for n in ("x y.db", "what", "a", "100", "?.db")}
    decoys["数据 A.db"] = other_program_db(tmp_path / "数据 A.db")
    path = tmp_path / name
    result = run_cli("--db", str(path), "demo")
    assert result.exit_code == 0, result.output
    assert str(path) in result.stderr  # "Created a new database at <exactly that>"
    for decoy, data in decoys.items():
        assert (tmp_path / decoy).read_bytes() == data, decoy
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == sorted(
        [*decoys, name]
    )
    listed = run_cli("--db", str(path), "board", "list")
    assert listed.exit_code == 0 and "Assembly A" in listed.stdout
    info = run_cli("--db", str(path), "info")
    assert str(path) in info.stdout


# --- 5. a kill while a new database is made ---------------------------------------------------

CREATOR = """
import sys, time
import sqlalchemy, sqlmodel, alembic.command  # imported first: the kill lands in the creation
from leantui.core.db import schema
from leantui.core.db.opening import open_database
print("go", flush=True)
started = time.perf_counter()
db, _ = open_database(sys.argv[1], create=True)
db.close()
print(time.perf_counter() - started, flush=True)
"""


def create_in_child(path: Path, kill_after: float | None) -> float | None:
    """Create the database at `path` in a process of its own, killed with SIGKILL
    `kill_after` seconds into the creation; without, how long the creation took."""
    child = subprocess.Popen(
        [sys.executable, "-c", CREATOR, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "go"
    if kill_after is None:
        took = float(child.stdout.readline())
        child.wait(timeout=60)
        return took
    try:
        child.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    return None


def test_a_kill_while_creating_leaves_nothing_or_a_whole_database(tmp_path: Path) -> None:
    """Before: 20 of 20 kills right after the file appeared left a 0-byte file that
    every later start refused. Now the file appears only when it is complete."""
    rng = random.Random(7)
    path = tmp_path / "data" / "leantui.db"
    took = create_in_child(path, None)  # how long a creation takes on this machine, now
    assert took is not None
    outcomes = {"nothing": 0, "whole": 0}
    for _ in range(10):
        path.unlink(missing_ok=True)
        create_in_child(path, rng.uniform(0.0, took * 1.3))
        if not path.exists():
            outcomes["nothing"] += 1
            continue
        assert path.stat().st_size > 0
        db, upgrade = open_database(path)  # a complete, stamped, current database
        assert upgrade is None and not db.created
        assert boards.list_boards(db) == []
        db.close()
        outcomes["whole"] += 1
    # Builds a killed process left are swept by the next creation.
    path.unlink(missing_ok=True)
    db, _ = open_database(path, create=True)
    db.close()
    left = [p.name for p in path.parent.iterdir() if ".new-" in p.name]
    assert left == [], left
    assert outcomes["nothing"] + outcomes["whole"] == 10, outcomes


# --- 3. a full disk says so, on every path ------------------------------------------------


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 2 MiB tmpfs of its own (tests run as root); skipped, saying why, only where
    mounting is impossible (a container without the right)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="leantui-full-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small tmpfs to fill: {done.stderr.strip() or done.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system holding `folder`, then free `leave` bytes again."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for block in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError:
                pass
    finally:
        os.close(fd)
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


FULL_DISK_COMMANDS = [
    ["info"],
    ["board", "list"],
    ["card", "list", "--board", "Line 1"],
    ["card", "add", "--board", "Line 1", "--title", "x"],
    ["demo", "--add"],
]


@pytest.mark.parametrize("free", [0, 16 * 1024])
def test_a_full_disk_is_not_a_damaged_database(tmp_path: Path, small_disk: Path, free: int) -> None:
    """With 0-16 KiB free, a healthy file was called damaged (the -shm could not be
    made: "disk I/O error") and the user told to restore a backup."""
    made = tmp_path / "made.db"
    make_db(made, [f"card {i}" for i in range(20)])
    path = small_disk / "leantui.db"
    shutil.copyfile(made, path)
    fill(small_disk, free)
    original = path.read_bytes()
    for command in FULL_DISK_COMMANDS:
        result = run_cli("--db", str(path), *command)
        assert result.exit_code == 1, (command, result.output)
        message = result.stderr
        assert "disk" in message and "full" in message, (command, message)
        assert "damaged" not in message and "restore" not in message.lower(), message
        assert path.read_bytes() == original
    # Room again: everything works, nothing was lost.
    (small_disk / "filler").unlink()
    result = run_cli("--db", str(path), "card", "list", "--board", "Line 1")
    assert result.exit_code == 0 and "card 19" in result.stdout


@pytest.mark.parametrize("free_kib", [0, 16, 96, 112, 128, 256])
def test_creating_on_a_full_disk_says_so_and_leaves_nothing_half_made(
    small_disk: Path, free_kib: int
) -> None:
    """With 96-128 KiB free, creating gave "a problem it did not expect
    (OperationalError: disk I/O error)" and left three files behind. Now: the disk is
    full, and there is either no database or a whole one (the demo then did not fit)."""
    fill(small_disk, free_kib * 1024)
    path = small_disk / "new" / "leantui.db"
    result = run_cli("--db", str(path), "demo")
    assert result.exit_code == 1, result.output
    assert "disk" in result.stderr and "full" in result.stderr, result.stderr
    assert "did not expect" not in result.stderr and "damaged" not in result.stderr
    left = {p.name for p in path.parent.iterdir()} if path.parent.exists() else set()
    assert left or not path.parent.exists()  # no folder made for nothing
    # Nothing, or a whole database (with SQLite's own -wal/-shm, if a write did not fit).
    whole = {"leantui.db", "leantui.db.lock"}
    assert not left or whole <= left <= {*whole, "leantui.db-wal", "leantui.db-shm"}, left
    if left:
        (small_disk / "filler").unlink()
        db, upgrade = open_database(path)
        assert upgrade is None and boards.list_boards(db) == []
        db.close()


@pytest.mark.parametrize(
    ("error", "free", "says"),
    [
        (sqlite3.OperationalError("disk I/O error"), 4096, "full"),
        (sqlite3.OperationalError("database or disk is full"), 10**9, "full"),
        (OSError(28, "No space left on device"), 10**9, "full"),
        (sqlite3.OperationalError("disk I/O error"), 10**9, "disk error"),
    ],
)
def test_disk_errors_are_named_by_the_room_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, free: int, says: str
) -> None:
    """The mapping itself, where no small file system can be mounted: SQLite says
    "disk I/O error" when it cannot make the -shm file, so with almost no room left
    that is a full disk; with room, a disk error, and never "damaged"."""
    from leantui.core.db import files
    from leantui.core.db.engine import sqlite_problem

    monkeypatch.setattr(files, "free_bytes", lambda path: free)
    found = sqlite_problem(tmp_path / "x.db", "x.db", error)
    assert found is not None
    message = found.message()
    assert says in message and "damaged" not in message and "restore" not in message.lower()


LIVE_WRITER = """
import sys
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards
db, _ = open_database(sys.argv[1])
if sys.argv[2] == "write":
    cards.add_card(db, boards.list_boards(db)[0].id, "live change")
print("open", flush=True)
sys.stdin.readline()
db.close()
"""


@pytest.mark.parametrize("mode", ["write", "idle"])
def test_a_database_another_leantui_has_open_is_read_as_it_sees_it(
    tmp_path: Path, mode: str
) -> None:
    """Its -wal is live, not a leftover: read through SQLite's locking (never applied by
    the check, never refused)."""
    path = tmp_path / "leantui.db"
    make_db(path, ["one"])
    holder = subprocess.Popen(
        [sys.executable, "-c", LIVE_WRITER, str(path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        listed = run_cli("--db", str(path), "card", "list", "--board", "Line 1")
        assert listed.exit_code == 0, listed.output
        assert ("live change" in listed.stdout) == (mode == "write")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
    assert titles_in(path) == (["one", "live change"] if mode == "write" else ["one"])
