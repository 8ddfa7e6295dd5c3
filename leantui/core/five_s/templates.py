"""Audit templates: TOML files anyone can edit, no code.

The shipped ones are in data/templates/; a user's own go in templates/ of the config
folder (`leantui template import FILE` copies one there after checking it) and replace a
shipped one of the same name. A file that does not check out is not loaded, and its
problem names the file, the line and what is wrong. An audit copies what it uses of its
template (items, scale, meanings, version), so editing or deleting the file later never
changes an old audit or its score.

    name = "5s"                          # optional: the file name without .toml
    version = 1
    title = { en = "5S audit", zh_CN = "5S 审核" }
    na_allowed = true
    [scale]
    min = 0
    max = 5
    [levels]                             # a one-line meaning for every level
    0 = { en = "Not started", zh_CN = "尚未开始" }
    …
    [[items]]
    id = "sort-1"
    s = "sort"                           # sort, set_in_order, shine, standardize,
    text = { en = "…", zh_CN = "…" }     # sustain or safety
    weight = 1                           # optional, > 0

Text is either plain text or a table with a text per language."""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from leantui.core import i18n, paths
from leantui.core.errors import LeanError
from leantui.core.five_s.rules import S_CATEGORIES

Text = str | dict[str, str]
MAX_ITEMS = 500


class TemplateProblem(LeanError):
    """A template file that cannot be used, with where and why."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        super().__init__(
            "five_s.template_problem" if line else "five_s.template_problem_file",
            path=path,
            line=line or 0,
            problem=problem,
        )
        self.path, self.line, self.problem = path, line, problem


@dataclass(frozen=True)
class TemplateItem:
    key: str
    s: str
    text: Text
    weight: float


@dataclass(frozen=True)
class Template:
    name: str
    version: int
    title: Text
    scale_min: int
    scale_max: int
    na_allowed: bool
    levels: dict[str, Text]  # "0" … "5" → meaning
    items: tuple[TemplateItem, ...]
    path: Path | None = None
    shipped: bool = False


def text_in(value: Text, language: str | None = None) -> str:
    """A text in the current language, else English, else any."""
    if isinstance(value, str):
        return value
    lang = language or i18n.language()
    return value.get(lang) or value.get(i18n.DEFAULT_LANGUAGE) or next(iter(value.values()), "")


def shipped_dir() -> Path:
    return paths.data_dir() / "templates"


def user_dir() -> Path:
    return paths.user_config_dir() / "templates"


# --- checking a file -------------------------------------------------------------------


class _Lines:
    """Where things are in the file's text, for messages (tomllib gives no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.items = [i + 1 for i, line in enumerate(self.lines) if _ITEMS.match(line)]

    def key(self, key: str, start: int = 1, end: int | None = None) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, (end or len(self.lines)) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def table(self, name: str) -> int | None:
        pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*\]")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return self.key(name)

    def item(self, index: int, key: str | None = None) -> int | None:
        if index >= len(self.items):
            return self.table("items")
        start = self.items[index]
        end = self.items[index + 1] - 1 if index + 1 < len(self.items) else None
        return (self.key(key, start, end) if key else None) or start


_ITEMS = re.compile(r"^\s*\[\[\s*items\s*\]\]")


def _text(value: Any) -> Text | None:
    """Plain text or a {language: text} table of non-empty texts; None if neither."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
    ):
        return {k: v.strip() for k, v in value.items()}
    return None


def parse(path: Path, text: str | None = None) -> Template:
    """Check a template file; raises TemplateProblem naming the file, line and problem."""
    t = i18n.t
    try:
        raw_text = path.read_text(encoding="utf-8") if text is None else text
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(path, None, t("five_s.tp_unreadable", problem=exc)) from exc
    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise TemplateProblem(
            path, int(found.group(1)) if found else None, t("five_s.tp_not_toml", problem=exc)
        ) from exc
    lines = _Lines(raw_text)

    def problem(line: int | None, message: str, **args: Any) -> TemplateProblem:
        return TemplateProblem(path, line, t(f"five_s.{message}", **args))

    name = data.get("name", path.stem)
    if not isinstance(name, str) or not re.fullmatch(r"[\w.-]{1,40}", name):
        raise problem(lines.key("name"), "tp_bad_name", value=name)
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise problem(lines.key("version"), "tp_bad_version", value=version)
    title = _text(data.get("title", name))
    if title is None:
        raise problem(lines.key("title"), "tp_bad_text", key="title")
    na_allowed = data.get("na_allowed", True)
    if not isinstance(na_allowed, bool):
        raise problem(lines.key("na_allowed"), "tp_bad_bool", key="na_allowed")

    scale = data.get("scale", {})
    low, high = (scale.get("min", 0), scale.get("max", 5)) if isinstance(scale, dict) else (0, 5)
    if (
        not isinstance(scale, dict)
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
        or not 0 <= low < high <= 10
    ):
        raise problem(lines.table("scale"), "tp_bad_scale")
    levels_raw = data.get("levels")
    if not isinstance(levels_raw, dict):
        raise problem(lines.table("levels"), "tp_no_levels", low=low, high=high)
    levels: dict[str, Text] = {}
    for level in range(low, high + 1):
        meaning = _text(levels_raw.get(str(level)))
        if meaning is None:
            line = lines.key(str(level)) or lines.table("levels")
            raise problem(line, "tp_missing_level", level=level)
        levels[str(level)] = meaning
    extra = sorted(set(levels_raw) - set(levels))
    if extra:
        raise problem(
            lines.key(extra[0]) or lines.table("levels"), "tp_extra_level", level=extra[0]
        )

    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise problem(lines.table("items"), "tp_no_items")
    if len(raw_items) > MAX_ITEMS:
        raise problem(lines.item(MAX_ITEMS), "tp_too_many_items", limit=MAX_ITEMS)
    items: list[TemplateItem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            raise problem(lines.item(index), "tp_bad_item")
        key = raw.get("id")
        if not isinstance(key, str) or not key.strip():
            raise problem(lines.item(index, "id"), "tp_item_no_id", n=index + 1)
        key = key.strip()
        if key in seen:
            raise problem(lines.item(index, "id"), "tp_duplicate_id", id=key, n=seen[key])
        seen[key] = index + 1
        s = raw.get("s")
        if s not in S_CATEGORIES:
            raise problem(
                lines.item(index, "s"), "tp_bad_s", id=key, value=s, choices=", ".join(S_CATEGORIES)
            )
        item_text = _text(raw.get("text"))
        if item_text is None:
            raise problem(lines.item(index, "text"), "tp_item_no_text", id=key)
        weight = raw.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            raise problem(lines.item(index, "weight"), "tp_bad_weight", id=key, value=weight)
        items.append(TemplateItem(key, str(s), item_text, float(weight)))
    return Template(name, version, title, low, high, na_allowed, levels, tuple(items), path)


# --- the templates there are -------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    templates: dict[str, Template]  # by name, user files over shipped ones
    problems: list[TemplateProblem]  # files that were not loaded


def load_all() -> Loaded:
    found: dict[str, Template] = {}
    problems: list[TemplateProblem] = []
    for folder, shipped in ((shipped_dir(), True), (user_dir(), False)):
        try:
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:
            files = []
        for path in files:
            try:
                stat = path.stat()
                template = _parsed(path, stat.st_mtime_ns, stat.st_size, i18n.language())
            except OSError:
                continue
            except TemplateProblem as exc:
                problems.append(exc)
                continue
            found[template.name] = Template(**{**template.__dict__, "shipped": shipped})
    return Loaded(found, problems)


@lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int, size: int, language: str) -> Template:
    """A file parsed once while it stays the same (its messages are in `language`)."""
    return parse(path)


def get(name: str) -> Template:
    loaded = load_all()
    template = loaded.templates.get(name)
    if template is None:
        raise LeanError(
            "five_s.no_such_template", name=name, choices=", ".join(sorted(loaded.templates))
        )
    return template


def import_file(source: Path, force: bool = False) -> Template:
    """Check `source` and copy it into the user's templates folder under its name."""
    template = parse(source)
    target = user_dir() / f"{template.name}.toml"
    if target.exists() and not force:
        raise LeanError("five_s.template_exists", name=template.name, path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        shutil.copyfile(source, partial)
        partial.replace(target)
    except OSError as exc:
        raise LeanError("five_s.template_not_saved", path=target, problem=exc.strerror) from exc
    return Template(**{**template.__dict__, "path": target})


def source_text(template: Template) -> str:
    """The template's file, as it is on disk (what `template export` prints)."""
    if template.path is None:
        raise LeanError("five_s.no_such_template", name=template.name, choices="")
    return template.path.read_text(encoding="utf-8")
