"""The translation layer: every user-facing string is `t("module.key", **args)`.

Catalogs are TOML files in data/i18n/<language>/<module>.toml; a key `move` in
kanban.toml is looked up as "kanban.move". English and Simplified Chinese must hold
the same keys (a test enforces it). Width of text is measured with `cell_len`.

Plurals: a value may be a table of forms, `cards = { one = "{count} card", other =
"{count} cards" }`, chosen by the `count` argument of `t()` (`other` without one).
English has `one` and `other`; Chinese has one form (`other`, or a plain string).
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from typing import Any

from rich.cells import cell_len

from leantui.core.paths import data_dir

LANGUAGES = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


Entry = str | dict[str, str]  # a text, or its plural forms


@cache
def catalog(language: str) -> dict[str, Entry]:
    folder = data_dir() / "i18n" / language
    merged: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            for key, value in tomllib.load(fh).items():
                merged[f"{path.stem}.{key}"] = value
    return merged


def normalize_language(value: str | None) -> str | None:
    """Map 'zh', 'zh_CN.UTF-8', 'zh-Hans', 'EN_us' … to a supported language, or None."""
    if not value:
        return None
    code = value.split(".")[0].replace("-", "_").lower()
    if code.startswith("zh"):
        return "zh_CN"
    if code.startswith("en") or code in ("c", "posix"):
        return "en"
    return None


def locale_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        found = normalize_language(os.environ.get(var))
        if found:
            return found
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(language)
    _current = language


def language() -> str:
    return _current


def plural_form(language: str, count: object) -> str:
    """The CLDR plural category of `count` in `language`: English says "1 card" and
    "0 cards"; Chinese has a single form."""
    if language == "en" and count == 1:
        return "one"
    return "other"


def t(key: str, /, **args: Any) -> str:
    language = _current
    entry = catalog(language).get(key)
    if entry is None:
        language = DEFAULT_LANGUAGE
        entry = catalog(language).get(key, key)
    if isinstance(entry, dict):
        form = plural_form(language, args.get("count"))
        entry = entry.get(form) or entry["other"]
    return entry.format(**args) if args else entry


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `width` terminal cells, ending in an ellipsis if cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out = []
    used = 0
    limit = width - cell_len(ellipsis)
    for char in text:
        w = cell_len(char)
        if used + w > limit:
            break
        out.append(char)
        used += w
    return "".join(out) + ellipsis


def pad(text: str, width: int) -> str:
    """Cut or pad `text` to exactly `width` cells."""
    cut = fit(text, width)
    return cut + " " * (width - cell_len(cut))
