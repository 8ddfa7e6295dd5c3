"""Typed settings. Precedence: config file < environment < command-line flag."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from leantui.core import actor, i18n, paths
from leantui.core.errors import ConfigProblem
from leantui.core.kaizen import rules as kaizen_rules
from leantui.core.kanban import rules as kanban_rules
from leantui.core.text import has_control

KNOWN_KEYS = ("language", "theme", "default_board", "user", "keymap", "kaizen", "standup")
KAIZEN_KEYS = ("currency", "decision_days")
STANDUP_KEYS = ("minutes", "aging_days")
MAX_STANDUP_MINUTES = 240
MAX_USER = actor.MAX_NAME
MAX_DECISION_DAYS = 365
_CURRENCY = re.compile(r"[A-Za-z]{1,8}")


@dataclass(frozen=True)
class KaizenSettings:
    """The [kaizen] table: the currency savings are counted in, and how many days a
    suggestion may wait for a decision before it is overdue."""

    currency: str = kaizen_rules.CURRENCY
    decision_days: int = kaizen_rules.OVERDUE_DAYS


@dataclass(frozen=True)
class StandupSettings:
    """The [standup] table: the stand-up's timer, and how many days without a move make
    a card under way an aging stop."""

    minutes: int = 15
    aging_days: int = kanban_rules.STALE_DAYS


@dataclass(frozen=True)
class Settings:
    language: str = i18n.DEFAULT_LANGUAGE
    theme: str = "textual-dark"
    default_board: str = ""
    keymap: dict[str, str] = field(default_factory=dict)
    user: str = ""  # who is acting (leantui.core.actor); empty: LEANTUI_USER or the login
    database: str = ""  # a path or SQLAlchemy URL; empty means the default file
    config_path: Path | None = None
    # Problems that did not stop leantui: a config file it may not read (defaults apply).
    notes: tuple[ConfigProblem, ...] = ()
    kaizen: KaizenSettings = field(default_factory=KaizenSettings)
    standup: StandupSettings = field(default_factory=StandupSettings)


def _check_language(value: Any, where: str) -> str:
    found = i18n.normalize_language(value) if isinstance(value, str) else None
    if not found:
        raise ConfigProblem(
            "core.config_bad_language",
            where=where,
            value=value,
            choices=", ".join(i18n.LANGUAGES),
        )
    return found


def _check_user(value: Any, where: str) -> str:
    """A name to record in the history: one line of text, not too long."""
    if not isinstance(value, str) or has_control(value) or len(value.strip()) > MAX_USER:
        raise ConfigProblem("core.config_bad_user", where=where, limit=MAX_USER)
    return value.strip()


def _check_kaizen(raw: Any, path: Path) -> KaizenSettings:
    """[kaizen]: currency = "CNY" (letters, as on an invoice), decision_days = 14."""
    raw = _check_table(raw, path, "kaizen", KAIZEN_KEYS)
    found = KaizenSettings()
    currency = raw.get("currency", found.currency)
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency.strip()):
        raise ConfigProblem("core.config_bad_currency", path=path, key="kaizen.currency")
    days = raw.get("decision_days", found.decision_days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DECISION_DAYS:
        raise ConfigProblem(
            "core.config_bad_days", path=path, key="kaizen.decision_days", limit=MAX_DECISION_DAYS
        )
    return KaizenSettings(currency.strip().upper(), days)


def _standup_number(
    raw: dict[str, Any], key: str, default: int, limit: int, path: Path, name: str
) -> int:
    """A whole number from 1 to `limit`; `name` says of what ("days", "minutes")."""
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise ConfigProblem(f"core.config_bad_{name}", path=path, key=f"standup.{key}", limit=limit)
    return value


def _check_table(raw: Any, path: Path, name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigProblem("core.config_bad_table", path=path, key=name)
    for key in raw:
        if key not in keys:
            raise ConfigProblem(
                "core.config_unknown_key", path=path, key=f"{name}.{key}", choices=", ".join(keys)
            )
    return raw


def _check_standup(raw: Any, path: Path) -> StandupSettings:
    """[standup]: minutes = 15 (the timer), aging_days = 7."""
    found = _check_table(raw, path, "standup", STANDUP_KEYS)
    default = StandupSettings()
    return StandupSettings(
        _standup_number(found, "minutes", default.minutes, MAX_STANDUP_MINUTES, path, "minutes"),
        _standup_number(found, "aging_days", default.aging_days, MAX_DECISION_DAYS, path, "days"),
    )


def read_config_file(path: Path) -> dict[str, Any]:
    """The file's settings, checked; an absent file is an empty one. A file (or a folder
    on its way) that may not be read is ConfigProblem("core.config_unreadable"): even
    asking whether it exists raises PermissionError when its folder may not be
    entered."""
    try:
        if not path.exists():
            return {}
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigProblem("core.config_bad_toml", path=path, problem=str(exc)) from exc
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
        raise ConfigProblem("core.config_unreadable", path=path, problem=problem) from exc
    for key in raw:
        if key not in KNOWN_KEYS:
            raise ConfigProblem(
                "core.config_unknown_key", path=path, key=key, choices=", ".join(KNOWN_KEYS)
            )
    out: dict[str, Any] = {}
    if "language" in raw:
        out["language"] = _check_language(raw["language"], f"{path}: language")
    if "user" in raw:
        out["user"] = _check_user(raw["user"], f"{path}: user")
    for key in ("theme", "default_board"):
        if key in raw:
            if not isinstance(raw[key], str):
                raise ConfigProblem("core.config_not_text", path=path, key=key)
            out[key] = raw[key]
    if "keymap" in raw:
        keymap = raw["keymap"]
        if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
            raise ConfigProblem("core.config_bad_keymap", path=path, key="keymap")
        out["keymap"] = dict(keymap)
    if "kaizen" in raw:
        out["kaizen"] = _check_kaizen(raw["kaizen"], path)
    if "standup" in raw:
        out["standup"] = _check_standup(raw["standup"], path)
    return out


def load_settings(
    *,
    language: str | None = None,
    database: str | None = None,
    config_path: Path | None = None,
    user: str | None = None,
) -> Settings:
    """Settings from the config file, then LEANTUI_* variables, then the given flags."""
    path = config_path or paths.config_file()
    notes: list[ConfigProblem] = []
    try:
        values: dict[str, Any] = read_config_file(path)
    except ConfigProblem as exc:
        if exc.key != "core.config_unreadable":
            raise
        values = {}  # it only holds preferences: the defaults are safe
        notes.append(exc)
    env_lang = os.environ.get("LEANTUI_LANG")
    if env_lang:
        values["language"] = _check_language(env_lang, "LEANTUI_LANG")
    if os.environ.get("LEANTUI_THEME"):
        values["theme"] = os.environ["LEANTUI_THEME"]
    if os.environ.get("LEANTUI_DB"):
        values["database"] = os.environ["LEANTUI_DB"]
    if os.environ.get("LEANTUI_USER"):
        values["user"] = _check_user(os.environ["LEANTUI_USER"], "LEANTUI_USER")
    if language:
        values["language"] = _check_language(language, "--lang")
    if user:
        values["user"] = _check_user(user, "--user")
    if database:
        values["database"] = database
    if "language" not in values:
        values["language"] = i18n.locale_language()
    return replace(Settings(config_path=path, notes=tuple(notes)), **values)
