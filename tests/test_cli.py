"""The `leantui` subcommands, through Typer's test runner on the real app: success and
failure paths, exit codes, no tracebacks, and Chinese output with --lang zh_CN."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from leantui import __version__
from leantui.cli.main import build_app, settle_language
from leantui.core.db.opening import open_database
from leantui.core.db.version import schema_heads
from leantui.core.errors import DatabaseProblem
from leantui.core.kanban import boards, cards
from leantui.core.services import events
from leantui.core.services.info import counted_tables

pytestmark = pytest.mark.both_engines

runner = CliRunner()


def run_cli(*args: str) -> Result:
    """As the console script does: settle the language, build the app, run it."""
    settle_language(list(args))
    result = runner.invoke(build_app(), list(args), prog_name="leantui")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.fixture
def dbfile(target: str) -> str:
    """The database of the test, created empty: a SQLite file, or a PostgreSQL URL
    (both_engines)."""
    db, _ = open_database(target, create=True)
    db.close()
    return target


@pytest.fixture
def cli(dbfile: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str, lang: str | None = None) -> Result:
        front = ["--lang", lang] if lang else []
        return run_cli(*front, "--db", str(dbfile), *args)

    return invoke


@pytest.fixture
def board(dbfile: Path) -> dict[str, int]:
    """A board 'Line 1' with columns Backlog, Ready, Doing (WIP 2), Done."""
    db, _ = open_database(dbfile, create=True)
    b = boards.create_board(
        db,
        "Line 1",
        columns=[
            ("Backlog", "backlog", None),
            ("Ready", "queue", None),
            ("Doing", "active", 2),
            ("Done", "done", None),
        ],
    )
    ids = {c.name: c.id for c in boards.columns(db, b.id)}
    db.close()
    return {"board": b.id, **ids}


def card_count(dbfile: Path) -> int:
    db, _ = open_database(dbfile, create=True)
    try:
        return sum(b.cards for b in boards.list_boards(db, include_archived=True))
    finally:
        db.close()


def board_names(dbfile: Path) -> list[str]:
    db, _ = open_database(dbfile, create=True)
    try:
        return [b.name for b in boards.list_boards(db, include_archived=True)]
    finally:
        db.close()


# --- the app itself --------------------------------------------------------------------


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"leantui {__version__}"


def test_help_in_english() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    out = result.stdout
    for word in ("Usage: leantui", "Options:", "Commands:", "Show this help and exit."):
        assert word in out
    for command in ("info", "demo", "backup", "restore", "board", "card"):
        assert f"  {command} " in out


COMMANDS = [[], ["info"], ["demo"], ["backup"], ["board"], ["board", "list"], ["card"]]
COMMANDS += [["card", "add"], ["card", "list"], ["card", "move"], ["restore"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_in_chinese_is_complete_and_fits(command: list[str]) -> None:
    result = run_cli("--lang", "zh_CN", *command, "--help")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("用法：leantui")
    assert "选项：" in out and "显示本帮助并退出。" in out
    for english in ("Usage", "Options", "Commands", "Arguments", "Show this", "[required]"):
        assert english not in out
    assert all(cell_len(line) <= 80 for line in out.splitlines()), out


def test_unknown_command_and_option(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("nope")
    assert result.exit_code == 2
    assert "There is no command 'nope'" in result.stderr
    result = cli("info", "--bogus", lang="zh_CN")
    assert result.exit_code == 2
    assert "没有选项 --bogus" in result.stderr
    assert "运行 'leantui info --help' 查看帮助。" in result.stderr
    result = cli("card", "move", "3")
    assert result.exit_code == 2
    assert "COLUMN is missing" in result.stderr
    result = run_cli("--lang", "zh_CN", "--db")
    assert result.exit_code == 2
    assert "--db 后面需要一个值" in result.stderr


def test_lang_is_found_before_or_after_the_subcommand() -> None:
    from leantui.core import i18n

    settle_language(["--db", "x.db", "--lang=zh_CN", "info"])
    assert i18n.language() == "zh_CN"
    settle_language(["card", "list", "--lang", "zh_CN", "-b", "x"])
    assert i18n.language() == "zh_CN"
    # `--title --lang` is a title: only the second --lang is the option.
    settle_language(["card", "add", "--title", "--lang", "--lang", "zh_CN"])
    assert i18n.language() == "zh_CN"
    settle_language(["card", "add", "--title", "--lang"])
    assert i18n.language() == "en"


def test_db_and_lang_after_the_subcommand(cli, dbfile: str, board) -> None:  # type: ignore[no-untyped-def]
    """`leantui card list --db X` said only "There is no option --db"."""
    assert cli("card", "add", "-b", "Line 1", "-t", "清扫").exit_code == 0
    result = run_cli("card", "list", "--board", "Line 1", "--db", dbfile)
    assert result.exit_code == 0, result.output
    assert "清扫" in result.stdout
    result = run_cli("board", "list", "--lang", "zh_CN", "--db", dbfile)
    assert result.exit_code == 0 and "看板" in result.stdout
    result = run_cli("--db", "/nowhere/else.db", "board", "list", f"--db={dbfile}")
    assert result.exit_code == 0 and "Line 1" in result.stdout  # the later one counts
    result = run_cli("card", "list", "-b", "Line 1", "--lang", "zh_CN", "--help")
    assert result.stdout.startswith("用法：")
    result = run_cli("info", "--db")
    assert result.exit_code == 2 and "--db needs a value" in result.stderr


def test_group_without_command_shows_its_help(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("card")
    assert result.exit_code == 2
    assert "add" in result.output and "move" in result.output


@pytest.mark.sqlite_only
def test_unexpected_error_is_one_message(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from leantui.core.services import info

    def broken(db: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(info, "database_info", broken)
    result = cli("info")
    assert result.exit_code == 1
    assert "RuntimeError: boom" in result.stderr
    assert "LEANTUI_DEBUG=1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.sqlite_only
def test_a_crashed_tui_exits_non_zero(cli, board, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The app stopped on an unexpected error: the shell must not see success."""
    from leantui.tui import app

    class Crashed(app.LeanApp):
        def run(self, *args: object, **kwargs: object) -> None:
            self._return_code = 1

    monkeypatch.setattr(app, "LeanApp", Crashed)
    assert cli().exit_code == 1


@pytest.mark.sqlite_only
def test_full_disk_is_said_plainly(cli, board, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import OperationalError

    def full(*args: object, **kwargs: object) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(cards, "add_card", full)
    result = cli("card", "add", "--board", "Line 1", "--title", "x", lang="zh_CN")
    assert result.exit_code == 1
    assert "磁盘已满" in result.stderr


# --- info ------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_info(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    result = cli("info")
    assert result.exit_code == 0
    out = result.stdout
    assert str(dbfile) in out
    assert "Schema revisions" in out
    assert all(head in out for head in schema_heads())  # each schema part's revision
    assert "boards" in out and "history events" in out and "columns" in out


def test_info_json_and_chinese(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("info", "--json").stdout)
    assert data["location"] == str(dbfile)
    assert data["backend"] == ("sqlite" if "://" not in dbfile else "postgresql")
    assert data["counts"]["boards"] == 1 and data["counts"]["board_columns"] == 4
    assert data["counts"]["events"] == 1
    assert set(data["counts"]) == set(counted_tables())
    assert {"areas", "teams", "people", "boards", "board_columns", "cards", "events"} <= set(
        data["counts"]
    )
    assert data["revisions"] == sorted(schema_heads())
    assert "schema_version" not in data
    out = cli("info", lang="zh_CN").stdout
    assert "数据库" in out and "看板" in out and "历史事件" in out


# --- demo ------------------------------------------------------------------------------


def test_demo_loads_then_refuses_then_adds(cli, dbfile: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo")
    assert result.exit_code == 0, result.output
    assert "Assembly Team A" in result.stdout and "Packing Team" in result.stdout
    assert sorted(board_names(dbfile)) == ["Assembly A", "Packing"]
    loaded = card_count(dbfile)
    assert 62 <= loaded <= 80  # with the 5S actions, PDCA countermeasures and kaizen follow-ups
    # It says what it made, as counted.
    assert f"2 boards, {loaded} cards" in result.stdout and "history events" in result.stdout

    result = cli("demo")
    assert result.exit_code == 1
    assert "already holds data" in result.stderr and "--add" in result.stderr
    assert card_count(dbfile) == loaded

    result = cli("demo", "--add")
    assert result.exit_code == 0
    assert card_count(dbfile) == 2 * loaded
    assert "Assembly Team A (2)" in result.stdout
    assert sorted(board_names(dbfile)) == ["Assembly A", "Assembly A (2)", "Packing", "Packing (2)"]


def test_a_demo_that_fills_the_disk_halfway_saves_nothing_and_says_so(  # type: ignore[no-untyped-def]
    cli, dbfile: Path, monkeypatch
) -> None:
    """Issue 7.6: on a nearly full disk the demo saved a team and its people and said
    "nothing was saved". It is one transaction: a full disk at the 30th card leaves
    nothing, and the message says so."""
    from sqlalchemy.exc import OperationalError

    from leantui.core.services import info

    real = cards.add_card
    calls = 0

    def add_then_full(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 30:
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "add_card", add_then_full)
    result = cli("demo")
    assert calls == 30
    assert result.exit_code == 1
    assert "full" in result.stderr and "nothing was saved" in result.stderr
    assert "damaged" not in result.stderr
    db, _ = open_database(dbfile)
    try:
        assert set(info.row_counts(db).values()) == {0}
    finally:
        db.close()
    monkeypatch.undo()  # room again: it loads
    result = cli("demo")
    assert result.exit_code == 0, result.output


def test_demo_in_chinese(cli, dbfile: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", lang="zh_CN")
    assert result.exit_code == 0
    assert "装配一组" in result.stdout and "看板 2" in result.stdout
    assert "装配一组看板" in board_names(dbfile)
    result = cli("demo", lang="zh_CN")
    assert result.exit_code == 1
    assert "已有数据" in result.stderr


# --- backup ----------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_backup(cli, dbfile: Path, board, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "--board", "Line 1", "--title", "换模 SMED")
    dest = tmp_path / "backups" / "copy.db"
    result = cli("backup", str(dest))
    assert result.exit_code == 0, result.output
    assert str(dest) in result.stdout
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT title FROM cards").fetchall() == [("换模 SMED",)]
    finally:
        conn.close()
    assert not dest.with_name("copy.db-wal").exists()
    # and leantui opens the copy as its own
    db, upgrade = open_database(dest, create=True)
    db.close()
    assert upgrade is None


@pytest.mark.sqlite_only
def test_backup_never_overwrites(cli, board, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "precious.db"
    dest.write_bytes(b"do not touch")
    result = cli("backup", str(dest))
    assert result.exit_code == 1
    assert str(dest) in result.stderr
    assert dest.read_bytes() == b"do not touch"


@pytest.mark.sqlite_only
def test_backup_into_a_folder(cli, board, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    folder.mkdir()
    result = cli("backup", str(folder))
    assert result.exit_code == 0
    made = list(folder.iterdir())
    assert len(made) == 1 and made[0].name.startswith("leantui-")
    assert str(made[0]) in result.stdout


def test_backup_of_a_server_database(tmp_path: Path) -> None:
    result = run_cli("--db", "postgresql://lead:secret@db.plant/leantui", "backup", "x.db")
    assert result.exit_code == 1
    assert "pg_dump" in result.stderr
    assert "secret" not in result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.sqlite_only
def test_backup_without_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "leantui.db"
    result = run_cli("--lang", "zh_CN", "--db", str(missing), "backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 1
    assert "还没有数据库" in result.stderr
    assert not missing.exists() and not (tmp_path / "copy.db").exists()


# --- boards ----------------------------------------------------------------------------


def test_board_list(cli, board) -> None:  # type: ignore[no-untyped-def]
    result = cli("board", "list")
    assert result.exit_code == 0
    assert "Line 1" in result.stdout
    data = json.loads(cli("board", "list", "--json").stdout)
    assert data == [{"id": board["board"], "name": "Line 1", "cards": 0, "archived": False}]
    assert "看板" in cli("board", "list", lang="zh_CN").stdout


def test_board_list_when_empty(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("board", "list")
    assert result.exit_code == 0
    assert "leantui demo" in result.stdout


def test_reading_commands_create_no_database(new_target) -> None:  # type: ignore[no-untyped-def]
    """Issue 7.11 on both engines: a file that is not there, or a server database
    without leantui's tables, is reported and left as it was by commands that read; a
    command that writes sets it up and says so once."""
    from leantui.core.db.engine import display_name, to_url

    place = new_target("typo.db")
    name = display_name(to_url(place))
    for args in (["info"], ["board", "list"], ["card", "list", "-b", "x"]):
        result = run_cli("--db", place, *args)
        assert result.exit_code == 1, result.output
        assert f"There is no leantui database at {name}" in result.stderr
    with pytest.raises(DatabaseProblem):
        open_database(place)
    result = run_cli("--db", place, "card", "add", "-b", "x", "-t", "y")
    assert f"Created a new database at {name}." in result.stderr
    assert "There is no board 'x'" in result.stderr
    result = run_cli("--db", place, "board", "list")
    assert result.exit_code == 0 and "Created" not in result.output


def test_archive_and_restore_a_board(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    """When every board is archived, the list says so and how to bring one back
    (it said "There are no boards yet"); a card cannot be added to an archived board."""
    result = cli("board", "archive", "line 1")  # names ignore case when unambiguous
    assert result.exit_code == 0, result.output
    assert "Archived the board 'Line 1'" in result.stdout and "board restore" in result.stdout
    assert "already" in cli("board", "archive", "Line 1").stdout
    listed = cli("board", "list")
    assert listed.exit_code == 0
    assert "The only board is archived" in listed.stdout and "board restore" in listed.stdout
    assert "no boards yet" not in listed.stdout
    assert "全部 1 个看板都已归档" in cli("board", "list", lang="zh_CN").stdout
    added = cli("card", "add", "--board", "Line 1", "--title", "x")
    assert added.exit_code == 1
    assert "is archived" in added.stderr and 'leantui board restore "Line 1"' in added.stderr
    assert card_count(dbfile) == 0
    result = cli("board", "restore", "LINE 1")
    assert result.exit_code == 0 and "Restored the board 'Line 1'" in result.stdout
    assert "not archived" in cli("board", "restore", "Line 1").stdout
    assert cli("card", "add", "--board", "Line 1", "--title", "x").exit_code == 0
    assert "Line 1" in cli("board", "list").stdout


def test_every_board_archived_counts_them(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    db, _ = open_database(dbfile)
    boards.create_board(db, "Line 2")
    db.close()
    for name in ("Line 1", "Line 2"):
        assert cli("board", "archive", name).exit_code == 0
    assert "All 2 boards are archived" in cli("board", "list").stdout


def test_board_list_hides_archived_unless_asked(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    db, _ = open_database(dbfile, create=True)
    boards.set_board_archived(db, board["board"], True)
    db.close()
    assert "Line 1" not in cli("board", "list").stdout
    assert "Line 1 (archived)" in cli("board", "list", "--all").stdout


# --- cards -----------------------------------------------------------------------------


def test_card_add_with_every_option(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "card",
        "add",
        "--board",
        "Line 1",
        "--title",
        "更换扭力扳手",
        "--column",
        "ready",
        "--owner",
        "王伟",
        "--due",
        "2026-12-31",
        "--tag",
        "安全",
        "--tag",
        "maintenance",
        "--priority",
        "3",
        "--description",
        "3 号工位",
    )
    assert result.exit_code == 0, result.output
    assert "#1" in result.stdout and "Ready" in result.stdout
    db, _ = open_database(dbfile, create=True)
    card = cards.get_card(db, 1)
    db.close()
    assert card.column_id == board["Ready"]
    assert (card.title, card.owner, card.tags, card.priority) == (
        "更换扭力扳手",
        "王伟",
        "安全,maintenance",
        3,
    )
    assert card.due is not None and card.due.isoformat() == "2026-12-31"


def test_card_add_goes_to_the_first_column(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    result = cli("card", "add", "-b", str(board["board"]), "-t", "Sweep under the press")
    assert result.exit_code == 0
    assert "Backlog" in result.stdout


BAD_ADDS = [
    (["--board", "Nope", "--title", "x"], 1, "There is no board 'Nope'"),
    (["--board", "Line 1", "--title", "x", "--column", "Nope"], 1, "Backlog, Ready, Doing, Done"),
    (["--board", "Line 1", "--title", "   "], 1, "Title is required"),
    (["--board", "Line 1"], 1, "Title is required"),
    (["--board", "Line 1", "--title", "x", "--due", "31.12.2026"], 1, "YYYY-MM-DD"),
    (["--board", "Line 1", "--title", "x", "--due", "2026-02-30"], 1, "is not a date"),
    (["--board", "Line 1", "--title", "x" * 10_000], 1, "10000 characters"),
    (["--board", "Line 1", "--title", "x", "--priority", "7"], 1, "Priority"),
    (["--board", "Line 1", "--title", "x", "--priority", "high"], 1, "not a whole number"),
    (["--title", "x"], 2, "--board"),
]


@pytest.mark.parametrize(("args", "code", "says"), BAD_ADDS)
def test_card_add_refuses_bad_input(cli, dbfile: Path, board, args, code, says) -> None:  # type: ignore[no-untyped-def]
    result = cli("card", "add", *args)
    assert result.exit_code == code
    assert says in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) <= 2
    assert card_count(dbfile) == 0


def test_card_add_messages_in_chinese(cli, board) -> None:  # type: ignore[no-untyped-def]
    result = cli("card", "add", "--board", "Line 1", "--title", "", lang="zh_CN")
    assert result.exit_code == 1
    assert "标题为必填项" in result.stderr
    result = cli("card", "add", "--board", "Line 1", "--title", "清扫", lang="zh_CN")
    assert result.exit_code == 0
    assert "已添加卡片 #1" in result.stdout


def test_card_list(cli, board) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "--board", "Line 1", "--title", "清理工具柜", "--owner", "李娜")
    cli("card", "add", "--board", "Line 1", "--title", "Late one", "--due", "2020-01-01")
    result = cli("card", "list", "--board", "Line 1")
    assert result.exit_code == 0
    out = result.stdout
    assert "Backlog (2)" in out and "Doing (0/2)" in out
    assert "清理工具柜" in out and "李娜" in out
    assert "[overdue]" in out
    result = cli("card", "list", "--board", "Line 1", lang="zh_CN")
    assert "[已逾期]" in result.stdout and "截止 2020-01-01" in result.stdout


def test_card_list_json_keeps_chinese_readable(cli, board) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "--board", "Line 1", "--title", "清理工具柜", "--tag", "5S", "--tag", "安全")
    result = cli("card", "list", "--board", "Line 1", "--json")
    assert result.exit_code == 0
    assert "清理工具柜" in result.stdout and "\\u" not in result.stdout
    (card,) = json.loads(result.stdout)
    assert card["title"] == "清理工具柜"
    assert card["column"] == "Backlog" and card["board"] == "Line 1"
    assert card["tags"] == ["5S", "安全"]
    assert card["blocked"] is False and card["due"] is None


def test_card_list_failures(cli, board) -> None:  # type: ignore[no-untyped-def]
    result = cli("card", "list", "--board", "Nope")
    assert result.exit_code == 1 and "Nope" in result.stderr
    result = cli("card", "list")
    assert result.exit_code == 2 and "--board" in result.stderr


def test_card_move(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "--board", "Line 1", "--title", "Fix the guard")
    result = cli("card", "move", "1", "Doing")
    assert result.exit_code == 0
    assert "from Backlog to Doing" in result.stdout
    result = cli("card", "move", "#1", "doing")
    assert result.exit_code == 0
    assert "already" in result.stdout
    db, _ = open_database(dbfile, create=True)
    card = cards.get_card(db, 1)
    db.close()
    assert card.column_id == board["Doing"] and card.started_at is not None


def test_card_move_into_a_full_column_needs_a_reason(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    for title in ("one", "two", "three"):
        cli("card", "add", "--board", "Line 1", "--title", title)
    assert cli("card", "move", "1", "Doing").exit_code == 0
    assert cli("card", "move", "2", "Doing").exit_code == 0

    result = cli("card", "move", "3", "Doing")
    assert result.exit_code == 1
    assert "WIP limit (2/2)" in result.stderr
    assert "--reason" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2

    result = cli("card", "move", "3", "Doing", lang="zh_CN")
    assert result.exit_code == 1 and "--reason" in result.stderr

    db, _ = open_database(dbfile, create=True)
    assert cards.get_card(db, 3).column_id == board["Backlog"]
    db.close()

    result = cli("card", "move", "3", "Doing", "--reason", "客户投诉，必须今天处理")
    assert result.exit_code == 0
    db, _ = open_database(dbfile, create=True)
    try:
        assert cards.get_card(db, 3).column_id == board["Doing"]
        (move,) = [e for e in events.history(db, "card", 3) if e.action == "move"]
        assert move.payload["override_reason"] == "客户投诉，必须今天处理"
    finally:
        db.close()


def test_card_add_into_a_full_column_needs_a_reason(cli, dbfile: Path, board) -> None:  # type: ignore[no-untyped-def]
    for title in ("one", "two"):
        assert (
            cli("card", "add", "--board", "Line 1", "--title", title, "--column", "Doing").exit_code
            == 0
        )
    result = cli("card", "add", "--board", "Line 1", "--title", "three", "--column", "Doing")
    assert result.exit_code == 1
    assert "WIP limit (2/2)" in result.stderr and "--reason" in result.stderr
    result = cli(
        "card",
        "add",
        "--board",
        "Line 1",
        "--title",
        "three",
        "--column",
        "Doing",
        "--reason",
        "line down",
    )
    assert result.exit_code == 0
    db, _ = open_database(dbfile, create=True)
    try:
        assert [r.title for r in cards.board_cards(db, 1)] == ["one", "two", "three"]
    finally:
        db.close()


def test_card_move_names_the_column_the_card_really_left(  # type: ignore[no-untyped-def]
    cli, dbfile: Path, board, monkeypatch
) -> None:
    """Issue 7.10: the CLI reports what the service did, not what it read before: the
    card was moved to Ready by someone else after the CLI looked (here: the look is
    stale), and the message names Ready."""
    import dataclasses

    cli("card", "add", "--board", "Line 1", "--title", "Fix the guard")
    assert cli("card", "move", "1", "Ready").exit_code == 0
    real = cards.get_card

    def stale(db: object, card_id: int) -> object:
        return dataclasses.replace(real(db, card_id), column_id=board["Backlog"])  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "get_card", stale)
    result = cli("card", "move", "1", "Done")
    assert result.exit_code == 0
    assert "from Ready to Done" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["99", "Doing"], 1, "no card #99"),
        (["abc", "Doing"], 2, "'abc' is not a card number"),
        (["1", "Nope"], 1, "Backlog, Ready, Doing, Done"),
        # Ids too big for the database, or digits int() refuses: a message, not a crash.
        (["99999999999999999999", "Doing"], 2, "is not a card number"),
        (["²", "Doing"], 2, "is not a card number"),
        (["1", "99999999999999999999"], 1, "Backlog, Ready, Doing, Done"),
    ],
)
def test_card_move_failures(cli, dbfile: Path, board, args, code, says) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "--board", "Line 1", "--title", "x")
    result = cli("card", "move", *args)
    assert result.exit_code == code
    assert says in result.stderr
    db, _ = open_database(dbfile, create=True)
    assert cards.get_card(db, 1).column_id == board["Backlog"]
    db.close()


@pytest.mark.parametrize("name", ["99999999999999999999", "²"])
def test_card_add_to_an_impossible_board_id(cli, board, name: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("card", "add", "--board", name, "--title", "x")
    assert result.exit_code == 1
    assert f"There is no board '{name}'" in result.stderr


def test_a_blocked_card_moved_to_done_is_unblocked_and_the_cli_says_so(  # type: ignore[no-untyped-def]
    cli, dbfile: Path, board
) -> None:
    cli("card", "add", "--board", "Line 1", "--title", "Fix the guard")
    db, _ = open_database(dbfile)
    cards.block_card(db, 1, "waiting for parts")
    db.close()
    result = cli("card", "move", "1", "Done")
    assert result.exit_code == 0
    assert "from Backlog to Done" in result.stdout
    assert "blocked (waiting for parts)" in result.stdout and "unblocked" in result.stdout
    assert "[blocked]" not in cli("card", "list", "-b", "Line 1").stdout


def test_card_list_fits_the_terminal(cli, board, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One 200-character title pushed every other card's owner and due date about 400
    cells to the right."""
    monkeypatch.setenv("COLUMNS", "80")
    long_title = "换模 " + "x" * 197
    cli("card", "add", "-b", "Line 1", "-t", long_title, "--owner", "王伟")
    cli("card", "add", "-b", "Line 1", "-t", "Short", "--owner", "李娜", "--due", "2020-01-01")
    result = cli("card", "list", "--board", "Line 1")
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), lines
    (short,) = [line for line in lines if "Short" in line]
    assert "李娜" in short and "2020-01-01" in short and "[overdue]" in short
    (cut,) = [line for line in lines if "换模" in line]
    assert "…" in cut and "王伟" in cut
    (card,) = [
        c for c in json.loads(cli("card", "list", "-b", "Line 1", "--json").stdout) if c["id"] == 1
    ]
    assert card["title"] == long_title  # JSON is complete
    monkeypatch.setenv("COLUMNS", "300")
    assert any(
        long_title in line for line in cli("card", "list", "-b", "Line 1").stdout.splitlines()
    )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_demo_fits_80_columns(cli, monkeypatch, lang: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    assert cli("demo", lang=lang).exit_code == 0
    for name in [b["name"] for b in json.loads(cli("board", "list", "--json").stdout)]:
        result = cli("card", "list", "--board", name, lang=lang)
        assert result.exit_code == 0
        assert all(cell_len(line) <= 80 for line in result.stdout.splitlines()), result.stdout


def test_counts_say_one_card_and_two_cards(cli, board) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "-b", "Line 1", "-t", "one")
    assert "Line 1: 1 card\n" in cli("card", "list", "-b", "Line 1").stdout
    cli("card", "add", "-b", "Line 1", "-t", "two")
    assert "Line 1: 2 cards\n" in cli("card", "list", "-b", "Line 1").stdout


def test_card_move_in_chinese(cli, board) -> None:  # type: ignore[no-untyped-def]
    cli("card", "add", "--board", "Line 1", "--title", "清扫")
    result = cli("card", "move", "1", "Done", lang="zh_CN")
    assert result.exit_code == 0
    assert "已将卡片 #1“清扫”从 Backlog 移到 Done" in result.stdout


@pytest.mark.sqlite_only
def test_real_console_script_runs(tmp_path: Path) -> None:
    """`python -m leantui` (the same main() as the console script), end to end."""
    import subprocess
    import sys

    db = tmp_path / "x.db"
    made, _ = open_database(db, create=True)
    made.close()
    done = subprocess.run(
        [sys.executable, "-m", "leantui", "--lang", "zh_CN", "--db", str(db), "board", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "还没有看板" in done.stdout
