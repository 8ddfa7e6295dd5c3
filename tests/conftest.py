"""Shared fixtures. Autouse ones keep a developer's own config, data folder, locale and
user name out of every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leantui.core import i18n
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LEANTUI_USER", "tester")
    for var in (
        "LEANTUI_DB",
        "LEANTUI_LANG",
        "LEANTUI_THEME",
        "LEANTUI_CONFIG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANGUAGE",
    ):
        monkeypatch.delenv(var, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "leantui.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, empty leantui database file for each test."""
    database, _ = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(language="en")
