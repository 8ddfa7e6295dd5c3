"""A PostgreSQL server that cannot be reached, a missing driver, a server gone mid-session:
each gets leantui's own translated message naming the host and the database, never a
password and never "a problem it did not expect". No server is needed: the addresses
used here refuse connections."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from leantui.cli.main import build_app, settle_language
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database
from leantui.core.errors import DatabaseProblem
from leantui.core.kanban import boards

runner = CliRunner()


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nowhere(password: str = "s3cr3t-pw") -> str:
    return f"postgresql+psycopg://planner:{password}@127.0.0.1:{closed_port()}/plant_db"


def run_cli(*args: str):  # type: ignore[no-untyped-def]
    settle_language(list(args))
    return runner.invoke(build_app(), list(args), prog_name="leantui")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_unreachable_server_is_named_without_its_password(lang: str) -> None:
    url = nowhere()
    result = run_cli("--lang", lang, "--db", url, "board", "list")
    assert result.exit_code == 1
    message = result.stderr
    assert "s3cr3t-pw" not in result.output
    assert "127.0.0.1" in message and "plant_db" in message
    assert "Traceback" not in result.output
    assert ("Cannot reach the database" if lang == "en" else "无法连接数据库") in message
    assert "did not expect" not in message and "未预料" not in message


def test_opening_an_unreachable_server_raises_a_database_problem() -> None:
    with pytest.raises(DatabaseProblem) as caught:
        open_database(nowhere("hunter2"), create=True)
    assert caught.value.key == "core.db_unreachable"
    assert "hunter2" not in caught.value.message()
    assert "***" in caught.value.message()


def test_a_server_gone_mid_session_is_a_database_problem_too() -> None:
    db = Database(nowhere("hunter2"))  # as if opened while the server was up
    try:
        with pytest.raises(DatabaseProblem) as caught:
            boards.list_boards(db)
    finally:
        db.close()
    assert caught.value.key == "core.db_unreachable"
    assert "hunter2" not in caught.value.message()


def test_a_missing_driver_says_what_to_install() -> None:
    url = f"postgresql+pg8000://planner:pw@127.0.0.1:{closed_port()}/plant_db"
    result = run_cli("--db", url, "info")
    assert result.exit_code == 1
    assert "pg8000" in result.stderr and "leantui[postgres]" in result.stderr
    assert ":pw@" not in result.output and "Traceback" not in result.output
