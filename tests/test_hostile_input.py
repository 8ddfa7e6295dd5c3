"""Hostile input: text that would take over a terminal. One-line fields refuse control
characters (C0, C1, DEL), bidi overrides, invisible formatting characters and line
breaks, with a message that says which character and where; a description keeps line
breaks and tabs. What older data may still hold is neutralised on every CLI output path;
--json stays exact. (Issue 7.9.) Both engines."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from test_migrations import raw_engine
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core.db.engine import Database
from leantui.core.errors import ValidationError
from leantui.core.kanban import boards, cards
from leantui.core.services import workspace

pytestmark = pytest.mark.both_engines

runner = CliRunner()

# What must never reach a terminal raw.
DANGEROUS = ["\x1b", "\x07", "\x9b", "\x90", "\x7f", "\u202e", "\u2066", "\u200b", "\r", "\x00"]

HOSTILE = {
    "clear screen": "Fix \x1b[2J\x1b[H the guard",
    "retitle": "\x1b]0;owned\x07Fix",
    "C1 CSI": "Fix \x9b31m red",
    "DEL": "Fix\x7f",
    "bidi override": "Fix \u202eeulav",
    "bidi isolate": "Fix \u2066x\u2069",
    "zero width inside": "Fi\u200bx",
    "NUL": "Fix\x00",
    "newline": "Fix\nthe guard",
    "carriage return": "Fix\rthe guard",
    "tab": "Fix\tthe guard",
}


def run_cli(*args: str) -> Result:
    settle_language(list(args))
    result = runner.invoke(build_app(), list(args), prog_name="leantui")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def assert_safe(output: str) -> None:
    for char in DANGEROUS:
        assert char not in output, (char, output)


@pytest.fixture
def board(db: Database) -> int:
    return boards.create_board(db, "Line 1").id


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_title_with_control_characters_is_refused(
    db: Database, board: int, target: str, case: str
) -> None:
    value = HOSTILE[case]
    with pytest.raises(ValidationError) as caught:
        cards.add_card(db, board, value)
    message = caught.value.message()
    assert message.startswith("Title ")
    assert "U+" in message and "character" in message
    assert_safe(message)
    result = run_cli("--db", target, "card", "add", "--board", "Line 1", "--title", value)
    assert result.exit_code == 1
    assert "Title" in result.stderr and "U+" in result.stderr
    assert_safe(result.output)
    assert cards.board_cards(db, board) == []


@pytest.mark.parametrize("field", ["owner", "source_type"])
def test_other_one_line_card_fields_refuse_them_too(db: Database, board: int, field: str) -> None:
    with pytest.raises(ValidationError):
        cards.add_card(db, board, "ok", **{field: "x\x1b[31m"})
    change = cards.add_card(db, board, "ok")
    with pytest.raises(ValidationError):
        cards.update_card(db, change.card_id, {}, **{field: "a\nb"})
    with pytest.raises(ValidationError):
        cards.add_card(db, board, "ok", tags=["safe", "\x1b[2Jbad"])


def test_names_and_reasons_refuse_them(db: Database, board: int) -> None:
    for bad in ("\x1b[2J", "a\nb", "\u202ex"):
        with pytest.raises(ValidationError):
            boards.create_board(db, f"Line {bad}")
        with pytest.raises(ValidationError):
            boards.add_column(db, board, f"Col {bad}")
        with pytest.raises(ValidationError):
            boards.add_column(db, board, "Col", policy=f"Pull {bad}")
        with pytest.raises(ValidationError):
            workspace.create_team(db, f"Team {bad}")
        with pytest.raises(ValidationError):
            workspace.create_team(db, "Team", area=f"Area {bad}")
        with pytest.raises(ValidationError):
            workspace.create_team(db, "Team", people=["王芳", f"Li {bad}"])
    card = cards.add_card(db, board, "x").card_id
    with pytest.raises(ValidationError):
        cards.block_card(db, card, "waiting \x1b[5m")
    assert workspace.list_teams(db) == []


def test_a_description_keeps_line_breaks_and_tabs_but_not_escapes(db: Database, board: int) -> None:
    change = cards.add_card(db, board, "ok", description="Step 1\n\tStep 2\r\nStep 3")
    assert cards.get_card(db, change.card_id).description == "Step 1\n\tStep 2\nStep 3"
    with pytest.raises(ValidationError):
        cards.add_card(db, board, "ok", description="Step 1\n\x1b[2J")


@pytest.mark.parametrize("value", ["\u200b", " \u200b\u200c\u2060 ", "\ufeff", "\u200b\t\u200b"])
def test_a_title_of_invisible_characters_is_empty(db: Database, board: int, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        cards.add_card(db, board, value)
    assert caught.value.key == "core.v_required"


def test_invisible_characters_at_the_ends_are_trimmed(db: Database, board: int) -> None:
    change = cards.add_card(db, board, "\u200b Fix the guard \ufeff")
    assert cards.get_card(db, change.card_id).title == "Fix the guard"


def test_chinese_message(db: Database, board: int, target: str) -> None:
    result = run_cli(
        "--lang", "zh_CN", "--db", target, "card", "add", "-b", "Line 1", "-t", "a\x1b[2J"
    )
    assert result.exit_code == 1 and "控制字符" in result.stderr and "U+001B" in result.stderr


# --- what older data may hold never reaches the terminal raw ---------------------------------


def plant(target: str, db: Database) -> dict[str, int]:
    """A board, columns, a card and a team whose stored names hold escape sequences, as
    a leantui from before this check (or another program) could have written them."""
    board = boards.create_board(db, "Line 1")
    columns = boards.columns(db, board.id)
    card = cards.add_card(db, board.id, "plain", owner="Li").card_id
    workspace.create_team(db, "Team")
    raw = raw_engine(target)
    with raw.begin() as conn:
        conn.execute(
            text("UPDATE cards SET title = :t, owner = :o, tags = :g, description = :d"),
            {
                "t": HOSTILE["clear screen"] + HOSTILE["retitle"] + "\n\u202eevil",
                "o": "\x9b31mLi",
                "g": "\x1b[5mtag",
                "d": "line\n\x1b[2J",
            },
        )
        conn.execute(text("UPDATE boards SET name = :n"), {"n": "Line \x1b[31m1\x07"})
        conn.execute(
            text("UPDATE board_columns SET name = :n WHERE id = :i"),
            {"n": "Do\x1b]0;x\x07ing\n", "i": columns[2].id},
        )
    raw.dispose()
    return {"board": board.id, "card": card, "doing": columns[2].id}


def test_every_output_path_neutralises_stored_text(db: Database, target: str) -> None:
    ids = plant(target, db)
    board = str(ids["board"])
    for args in (
        ["board", "list"],
        ["board", "list", "--all"],
        ["card", "list", "--board", board],
        ["card", "add", "--board", board, "--title", "new one"],
        ["card", "add", "--board", board, "--title", "x", "--column", "nope"],
        ["card", "move", str(ids["card"]), str(ids["doing"])],
        ["card", "move", str(ids["card"]), str(ids["doing"])],
        ["info"],
    ):
        result = run_cli("--db", target, *args)
        assert_safe(result.output)
        assert "␛" in result.output or args[0] == "info", (args, result.output)


def test_json_stays_exact_and_safe(db: Database, target: str) -> None:
    plant(target, db)
    for args in (["board", "list", "--json"], ["card", "list", "--board", "1", "--json"]):
        result = run_cli("--db", target, *args)
        assert result.exit_code == 0
        assert_safe(result.stdout)
        data = json.loads(result.stdout)
        assert any("\x1b" in str(v) for row in data for v in row.values())  # stored, exactly
    (card,) = json.loads(run_cli("--db", target, "card", "list", "-b", "1", "--json").stdout)
    assert card["title"].endswith("\n\u202eevil") and card["owner"] == "\x9b31mLi"
