"""Who is acting: config `user` < LEANTUI_USER < `--user`, recorded in every event."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from leantui.cli.main import build_app, settle_language
from leantui.core import actor
from leantui.core.config import load_settings
from leantui.core.db.opening import open_database
from leantui.core.errors import ConfigProblem
from leantui.core.kanban import boards, cards
from leantui.core.services import events


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("LEANTUI_CONFIG", str(path))
    monkeypatch.delenv("LEANTUI_USER")
    return path


def test_user_from_config_then_env_then_flag(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().user == ""
    config.write_text('user = "王芳"\n', encoding="utf-8")
    assert load_settings().user == "王芳"
    monkeypatch.setenv("LEANTUI_USER", "Li Na")
    assert load_settings().user == "Li Na"
    assert load_settings(user=" 赵磊 ").user == "赵磊"


@pytest.mark.parametrize("value", ['"a\\u001b[2Jb"', "42", f'"{"x" * 81}"'])
def test_a_bad_user_in_the_config_names_the_file(config: Path, value: str) -> None:
    config.write_text(f"user = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigProblem) as caught:
        load_settings()
    assert str(config) in caught.value.message() and "user" in caught.value.message()


def test_the_configured_user_is_recorded(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = open_database(db_path, create=True)
    board = boards.create_board(db, "Line 1")
    monkeypatch.delenv("LEANTUI_USER")
    actor.set_actor("王芳")
    card = cards.add_card(db, board.id, "Sweep")
    actor.set_actor("")
    monkeypatch.setenv("LEANTUI_USER", "from-env")
    cards.block_card(db, card.card_id, "no broom")
    assert [e.actor for e in events.history(db, "card", card.card_id)] == ["from-env", "王芳"]


def test_the_user_flag_reaches_the_history(config: Path, db_path: Path) -> None:
    db, _ = open_database(db_path, create=True)
    boards.create_board(db, "Line 1")
    config.write_text('user = "from-config"\n', encoding="utf-8")
    args = ["--db", str(db_path), "--user", "赵磊", "--lang", "zh_CN", "card", "add"]
    args += ["--board", "Line 1", "--title", "清扫"]
    settle_language(args)
    result = CliRunner().invoke(build_app(), args, prog_name="leantui")
    assert result.exit_code == 0, result.output
    [row] = cards.board_cards(db, boards.find_board(db, "Line 1").id)
    assert events.history(db, "card", row.id)[0].actor == "赵磊"
    from leantui.core import i18n

    assert i18n.language() == "zh_CN"  # --user before --lang does not hide the language
