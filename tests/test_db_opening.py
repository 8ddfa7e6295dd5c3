"""A database that cannot be opened safely is reported in one or two lines naming the
file, with a non-zero exit and no traceback, and is left byte-for-byte as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leantui.cli.main import build_app, settle_language
from leantui.core.db import schema
from leantui.core.db.opening import open_database
from leantui.core.db.version import LEGACY_SENTINEL
from leantui.core.errors import DatabaseProblem
from leantui.core.kanban import boards

runner = CliRunner()


def run_cli(*args: str):  # type: ignore[no-untyped-def]
    settle_language(list(args))
    return runner.invoke(build_app(), list(args), prog_name="leantui")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_refused(path: Path, *names: str) -> str:
    """`leantui --db PATH info` fails cleanly and leaves the folder as it was."""
    before = snapshot(path.parent)
    result = run_cli("--db", str(path), "info")
    message = result.stderr.strip()
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert 1 <= len(message.splitlines()) <= 2, message
    for name in names or (str(path),):
        assert name in message
    assert result.stdout == ""
    assert snapshot(path.parent) == before  # byte-for-byte, and no -wal/-shm left behind
    return message


def make_leantui_db(path: Path, cards_count: int = 0) -> None:
    db, _ = open_database(path, create=True)
    board = boards.create_board(db, "Line 1")
    columns = boards.columns(db, board.id)
    db.close()
    if cards_count:
        conn = sqlite3.connect(path)
        with conn:
            conn.executemany(
                "INSERT INTO cards (board_id, column_id, position, title, description, owner,"
                " tags, priority, blocked, blocked_reason, source_type, created_at, moved_at,"
                " version) VALUES (?, ?, ?, ?, ?, '', '', 0, 0, '', '', ?, ?, 1)",
                [
                    (
                        board.id,
                        columns[0].id,
                        i,
                        f"卡片 card {i}",
                        "x" * 200,
                        "2026-01-01 00:00:00",
                        "2026-01-01 00:00:00",
                    )
                    for i in range(cards_count)
                ],
            )
        conn.close()
    assert not path.with_name(path.name + "-wal").exists()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Shift notes: line 2 stopped at 10:40.\n" * 40, encoding="utf-8")
    message = assert_refused(path)
    assert "not a database" in message


def test_truncated_leantui_database(tmp_path: Path) -> None:
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    data = path.read_bytes()
    assert len(data) > 200_000
    path.write_bytes(data[: len(data) // 2])
    message = assert_refused(path)
    assert "damaged" in message


def test_database_with_a_damaged_page(tmp_path: Path) -> None:
    path = tmp_path / "leantui.db"
    make_leantui_db(path, cards_count=3000)
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\xff" * page
    path.write_bytes(bytes(data))
    assert_refused(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leantui.db"
    path.touch()
    message = assert_refused(path)
    assert "0 bytes" in message


def test_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "inventory.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE parts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO parts (name) VALUES ('bracket')")
    conn.close()
    message = assert_refused(path)
    assert "another program" in message


def test_empty_database_of_another_program(tmp_path: Path) -> None:
    """A SQLite file with a header but no tables is still not ours to fill."""
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    assert path.stat().st_size > 0
    assert_refused(path)


@pytest.mark.parametrize("part", ["core", "kanban"])
def test_database_of_a_newer_leantui(tmp_path: Path, part: str) -> None:
    """A schema part stamped with a revision this leantui does not know."""
    path = tmp_path / "leantui.db"
    make_leantui_db(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE alembic_version SET version_num = ? WHERE version_num LIKE ?",
            (f"{part}_9999", f"{part}_%"),
        )
        assert conn.total_changes == 1
    conn.close()
    message = assert_refused(path)
    assert "newer leantui" in message
    assert "{" not in message  # every placeholder filled


def test_database_of_a_newer_leantui_from_before_alembic(tmp_path: Path) -> None:
    """A file without Alembic's stamp whose schema number is past the ones before
    Alembic: what a leantui from before Alembic sees in a file this one wrote."""
    path = tmp_path / "leantui.db"
    make_leantui_db(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE alembic_version")
        conn.execute("UPDATE leantui_meta SET schema_version = ?", (LEGACY_SENTINEL + 1,))
    conn.close()
    message = assert_refused(path)
    assert "newer leantui" in message
    result = run_cli("--lang", "zh_CN", "--db", str(path), "info")
    assert result.exit_code != 0
    assert "更新版本的 leantui" in result.stderr and str(path) in result.stderr


def test_a_folder_given_as_the_database(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    result = run_cli("--db", str(folder), "info")
    assert result.exit_code != 0
    assert str(folder) in result.stderr
    assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "command", [["info"], ["board", "list"], ["card", "list", "--board", "x"], ["backup", "c.db"]]
)
def test_a_command_that_only_reads_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    """A mistyped --db is reported, not silently made (with its folders) into a new
    database that then says "There are no boards yet"."""
    for path in (tmp_path / "typo.db", tmp_path / "not" / "yet" / "there" / "leantui.db"):
        result = run_cli("--db", str(path), *command)
        assert result.exit_code == 1, result.output
        assert str(path) in result.stderr and "There is no" in result.stderr
        assert "no boards" not in result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_writing_command_creates_the_database_and_its_folders_and_says_so(
    tmp_path: Path,
) -> None:
    path = tmp_path / "not" / "yet" / "there" / "leantui.db"
    result = run_cli("--db", str(path), "demo")
    assert result.exit_code == 0, result.output
    assert f"Created a new database at {path}." in result.stderr
    assert path.exists()
    again = run_cli("--db", str(path), "info")  # said once: not again
    assert again.exit_code == 0 and "Created" not in again.output
    assert str(path) in again.stdout
    db, upgrade = open_database(path)  # and it is a proper leantui database
    db.close()
    assert upgrade is None and not db.created


def test_messages_come_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "leantui.db"
    path.touch()
    result = run_cli("--lang", "zh_CN", "--db", str(path), "info")
    assert result.exit_code != 0
    assert "空文件" in result.stderr
    assert str(path) in result.stderr


def test_opening_refuses_without_touching_the_file(tmp_path: Path) -> None:
    """The same checks at the service level, for the TUI: a DatabaseProblem."""
    path = tmp_path / "leantui.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem) as caught:
        open_database(path, create=True)
    assert str(path) in caught.value.message()
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("problem", "expected"),
    [("database or disk is full", "disk"), ("database is locked", "stayed busy")],
)
def test_a_failed_creation_leaves_no_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str, expected: str
) -> None:
    """Otherwise the next start would find a 0-byte file and refuse it."""
    from sqlalchemy.exc import OperationalError

    def broken(conn: object) -> None:
        raise OperationalError("CREATE TABLE", {}, sqlite3.OperationalError(problem))

    monkeypatch.setattr(schema, "create_schema", broken)
    path = tmp_path / "leantui.db"
    with pytest.raises(DatabaseProblem) as caught:
        open_database(path, create=True)
    message = caught.value.message()
    assert str(path) in message
    assert expected in message
    assert "damaged" not in message
    assert list(tmp_path.iterdir()) == []


# --- a folder without write permission (tests run as root: drop privileges) --------------

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder that user 65534 can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="leantui-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_nobody(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NOBODY, sys.executable, "-m", "leantui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def nobody_env(shared_tmp: Path) -> dict[str, str]:
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed, so privileges cannot be dropped")
    if os.geteuid() != 0:
        pytest.skip("not running as root: a read-only folder is tested as the current user")
    home = shared_tmp / "home"
    home.mkdir()
    home.chmod(0o777)
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env["XDG_DATA_HOME"] = str(home / "data")
    probe = subprocess.run(
        [*NOBODY, sys.executable, "-c", "import leantui.cli.main"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip(f"user 65534 cannot run this Python: {probe.stderr.strip()[-200:]}")
    return env


def test_new_database_in_a_read_only_folder(shared_tmp: Path, nobody_env: dict[str, str]) -> None:
    folder = shared_tmp / "locked"
    folder.mkdir()
    folder.chmod(0o755)  # owned by root: user 65534 may read, not write
    path = folder / "leantui.db"
    done = as_nobody("--db", str(path), "info", env=nobody_env)
    message = done.stderr.strip()
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert 1 <= len(message.splitlines()) <= 2, message
    assert str(folder) in message and path.name in message
    assert list(folder.iterdir()) == []


def test_existing_database_in_a_read_only_folder(
    shared_tmp: Path, nobody_env: dict[str, str]
) -> None:
    folder = shared_tmp / "locked"
    folder.mkdir()
    path = folder / "leantui.db"
    make_leantui_db(path)
    path.chmod(0o666)  # the file is writable, the folder is not (no room for -wal/-shm)
    folder.chmod(0o755)
    before = snapshot(folder)
    done = as_nobody("--db", str(path), "info", env=nobody_env)
    message = done.stderr.strip()
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert 1 <= len(message.splitlines()) <= 2, message
    assert str(folder) in message and path.name in message
    assert snapshot(folder) == before


def test_database_file_without_permission(shared_tmp: Path, nobody_env: dict[str, str]) -> None:
    folder = shared_tmp / "open"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "leantui.db"
    make_leantui_db(path)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)  # root's only
    before = snapshot(folder)
    done = as_nobody("--db", str(path), "info", env=nobody_env)
    assert done.returncode != 0
    assert str(path) in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert snapshot(folder) == before


def test_subprocess_reports_a_damaged_file_cleanly(tmp_path: Path) -> None:
    """The real console entry point, not only the test runner: no traceback either."""
    path = tmp_path / "leantui.db"
    path.write_bytes(b"\x00garbage" * 500)
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "leantui", "--db", str(path), "info"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


# --- a config folder the user may not enter (issue 7.7) -------------------------------------


@pytest.mark.parametrize("locked", ["folder", "file"])
def test_a_config_that_may_not_be_read_is_named_and_defaults_apply(
    shared_tmp: Path, nobody_env: dict[str, str], locked: str
) -> None:
    """Every command, even --help, ended in a raw PermissionError traceback (from
    path.exists() before the CLI's error handling)."""
    config = Path(nobody_env["XDG_CONFIG_HOME"]) / "leantui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('language = "zh_CN"\n', encoding="utf-8")
    (config.parent if locked == "folder" else config).chmod(0o700 if locked == "folder" else 0o600)
    folder = shared_tmp / "open"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "leantui.db"
    make_leantui_db(path)
    path.chmod(0o666)
    helped = as_nobody("--help", env=nobody_env)
    assert helped.returncode == 0, helped.stderr
    assert "Traceback" not in helped.stderr and "Usage: leantui" in helped.stdout
    done = as_nobody("--db", str(path), "info", env=nobody_env)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    assert str(config) in done.stderr and "default settings" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Database" in done.stdout  # English: the file's zh_CN was not read
    assert "cannot be read" in done.stdout


def test_a_data_folder_that_may_not_be_entered_is_named(
    shared_tmp: Path, nobody_env: dict[str, str]
) -> None:
    """The default database lives in the user data folder; if that may not be entered,
    the message names the folder instead of a traceback."""
    data = Path(nobody_env["XDG_DATA_HOME"])
    data.mkdir(parents=True)
    data.chmod(0o700)  # root's
    for args in (["info"], ["board", "list"], ["demo"]):
        done = as_nobody(*args, env=nobody_env)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stdout + done.stderr
        assert "did not expect" not in done.stderr
        assert f"may not enter the folder {data}," in done.stderr


def test_another_users_lock_file_does_not_stop_opening(
    shared_tmp: Path, nobody_env: dict[str, str]
) -> None:
    """`<db>.lock` made by another user, who may have kept it to himself: the database
    still opens (this user just takes no part in the lock)."""
    folder = shared_tmp / "open"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "leantui.db"
    make_leantui_db(path)
    path.chmod(0o666)
    lock = folder / "leantui.db.lock"
    assert lock.exists()
    lock.chmod(0o600)  # root's
    done = as_nobody("--db", str(path), "board", "list", env=nobody_env)
    assert done.returncode == 0, done.stderr
    assert "Line 1" in done.stdout
