"""Where leantui keeps and finds its files. Functions, never import-time constants,
so that tests and environment overrides take effect and nothing is created on import."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "leantui"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return user_data_dir() / "leantui.db"


def config_file() -> Path:
    override = os.environ.get("LEANTUI_CONFIG")
    return Path(override) if override else user_config_dir() / "config.toml"


def data_dir() -> Path:
    """The shipped data folder: inside the installed package, or data/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "data"
    return installed if installed.is_dir() else package.parent / "data"
