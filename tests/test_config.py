"""Settings: config file < environment < command-line flag, and an invalid config file
is reported with its path and the key at fault (exit 2, no traceback)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core import paths
from leantui.core.config import KaizenSettings, load_settings
from leantui.core.db.opening import open_database
from leantui.core.errors import ConfigProblem
from leantui.core.kaizen import rules

runner = CliRunner()


def run_cli(*args: str) -> Result:
    settle_language(list(args))
    return runner.invoke(build_app(), list(args), prog_name="leantui")


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "leantui.toml"
    path.parent.mkdir()
    monkeypatch.setenv("LEANTUI_CONFIG", str(path))
    return path


def test_default_config_file_lives_in_the_user_config_dir(tmp_path: Path) -> None:
    # conftest points XDG_CONFIG_HOME into tmp_path/home/config
    assert paths.config_file() == tmp_path / "home" / "config" / "leantui" / "config.toml"
    assert not paths.config_file().parent.exists()  # nothing is created by asking


def test_no_file_gives_defaults(config: Path) -> None:
    settings = load_settings()
    assert settings.language == "en"  # LANG=C.UTF-8 in the tests
    assert settings.database == ""
    assert settings.keymap == {}
    assert settings.config_path == config


def test_language_file_then_env_then_flag(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config.write_text('language = "zh_CN"\n', encoding="utf-8")
    assert load_settings().language == "zh_CN"
    monkeypatch.setenv("LEANTUI_LANG", "en")
    assert load_settings().language == "en"
    assert load_settings(language="zh").language == "zh_CN"


def test_locale_is_the_last_resort(monkeypatch: pytest.MonkeyPatch, config: Path) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert load_settings().language == "zh_CN"
    config.write_text('language = "en"\n', encoding="utf-8")
    assert load_settings().language == "en"


def test_database_env_then_flag(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEANTUI_DB", "/env/leantui.db")
    assert load_settings().database == "/env/leantui.db"
    assert load_settings(database="/flag/leantui.db").database == "/flag/leantui.db"


def test_theme_file_then_env(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config.write_text('theme = "nord"\ndefault_board = "装配一组看板"\n', encoding="utf-8")
    assert load_settings().theme == "nord"
    assert load_settings().default_board == "装配一组看板"
    monkeypatch.setenv("LEANTUI_THEME", "gruvbox")
    assert load_settings().theme == "gruvbox"


def test_keymap_is_read(config: Path) -> None:
    config.write_text('[keymap]\n"kanban.move_right" = "L"\n', encoding="utf-8")
    assert load_settings().keymap == {"kanban.move_right": "L"}


def test_cli_follows_the_precedence(
    config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config.write_text('language = "zh_CN"\n', encoding="utf-8")
    env_db = tmp_path / "env.db"
    flag_db = tmp_path / "flag.db"
    for made in (env_db, flag_db):  # `info` only reads: it creates no database
        open_database(made, create=True)[0].close()
    monkeypatch.setenv("LEANTUI_DB", str(env_db))

    result = run_cli("info")
    assert result.exit_code == 0, result.output
    assert "架构修订" in result.stdout  # the file's language
    assert str(env_db) in result.stdout  # the environment's database

    monkeypatch.setenv("LEANTUI_LANG", "en")
    result = run_cli("--db", str(flag_db), "info")
    assert "Schema revisions" in result.stdout
    assert str(flag_db) in result.stdout

    result = run_cli("--lang", "zh_CN", "--db", str(flag_db), "info")
    assert "架构修订" in result.stdout


def test_kaizen_table_is_read_with_its_defaults(config: Path) -> None:
    assert load_settings().kaizen == KaizenSettings("CNY", 14)
    assert (KaizenSettings().currency, KaizenSettings().decision_days) == (
        rules.CURRENCY,
        rules.OVERDUE_DAYS,
    )
    config.write_text('[kaizen]\ncurrency = " usd "\ndecision_days = 7\n', encoding="utf-8")
    assert load_settings().kaizen == KaizenSettings("USD", 7)
    config.write_text("[kaizen]\ndecision_days = 30\n", encoding="utf-8")
    assert load_settings().kaizen == KaizenSettings("CNY", 30)


BAD_FILES = [
    ('language = "zh_CN\n', "not valid TOML", None),
    ('colour = "red"\n', "unknown key", "colour"),
    ('language = "klingon"\n', "klingon", "language"),
    ("language = 3\n", "not a language", "language"),
    ("theme = 3\n", "must be text", "theme"),
    ('keymap = "L"\n', "[keymap]", "keymap"),
    ('[keymap]\n"kanban.move_right" = 3\n', "[keymap]", "keymap"),
    ('kaizen = "CNY"\n', "must be a table", "kaizen"),
    ('[kaizen]\ncolour = "red"\n', "unknown key", "kaizen.colour"),
    ('[kaizen]\ncurrency = "人民币"\n', "currency code", "kaizen.currency"),
    ("[kaizen]\ncurrency = 5\n", "currency code", "kaizen.currency"),
    ("[kaizen]\ndecision_days = 0\n", "from 1 to 365", "kaizen.decision_days"),
    ('[kaizen]\ndecision_days = "14"\n', "whole number", "kaizen.decision_days"),
    ("[kaizen]\ndecision_days = true\n", "whole number", "kaizen.decision_days"),
]


@pytest.mark.parametrize(("text", "says", "key"), BAD_FILES)
def test_invalid_config_is_reported(config: Path, text: str, says: str, key: str | None) -> None:
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigProblem) as caught:
        load_settings()
    message = caught.value.message()
    assert str(config) in message
    assert says in message
    if key:
        assert key in message

    result = run_cli("info")
    assert result.exit_code == 2
    assert str(config) in result.stderr
    if key:
        assert key in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 2


def test_invalid_config_in_chinese(config: Path) -> None:
    config.write_text('colour = "red"\n', encoding="utf-8")
    result = run_cli("--lang", "zh_CN", "info")
    assert result.exit_code == 2
    assert "未知的键" in result.stderr
    assert "colour" in result.stderr


def test_bad_language_flag_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("--lang", "fr", "info")
    assert result.exit_code == 2
    assert "--lang" in result.stderr and "fr" in result.stderr
    monkeypatch.setenv("LEANTUI_LANG", "xx")
    result = run_cli("info")
    assert result.exit_code == 2
    assert "LEANTUI_LANG" in result.stderr
    assert "Traceback" not in result.output


def test_real_entry_point_with_a_broken_config(config: Path) -> None:
    """Through the console script's main(): exit 2 and a message; --help still works."""
    config.write_text("language = [\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "leantui", "info"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert str(config) in done.stderr
    assert "Traceback" not in done.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "leantui", "--help"], capture_output=True, text=True, timeout=60
    )
    assert helped.returncode == 0
    assert "info" in helped.stdout
