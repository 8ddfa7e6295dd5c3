"""Every user-facing string exists in English and Simplified Chinese."""

from __future__ import annotations

import ast
import builtins
import re
import string
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

import leantui
from leantui.core import i18n
from leantui.core.db.engine import Database
from leantui.core.hooks import Scope
from leantui.core.modules import MODULES, schema_parts
from leantui.core.services import info

SOURCE = Path(leantui.__file__).parent
ERROR_CALL = re.compile(r"(Error|Problem|NotFound|Conflict|Reached|Refused)$")
VALIDATORS = {"text", "optional_date", "optional_count", "choice"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def used_keys() -> set[str]:
    """Translation keys named as literals in the code: t("…"), error classes' first
    argument, field names handed to validators, and title_key= keywords."""
    keys: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            literals = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if (
                (name == "t" or (ERROR_CALL.search(name) and not hasattr(builtins, name)))
                and node.args
                and literals
                and literals[0] == getattr(node.args[0], "value", None)
            ):
                keys.add(literals[0])
            if name in VALIDATORS and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                keys.add(f"fields.{node.args[1].value}")
            for kw in node.keywords:
                if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    if kw.arg == "field" and kw.value.value:
                        keys.add(f"fields.{kw.value.value}")
                    if kw.arg == "title_key":
                        keys.add(kw.value.value)
    return keys


def built_keys(db: Database) -> set[str]:
    """Keys the code builds at run time, which the scan above cannot see: each module's
    title, the label of every table `leantui info` counts (f"{part}.count_{table}"),
    and every export table's title and column labels (f"fields.{key}"), the tables
    built against a fresh database."""
    keys = set(info.counted_tables().values())
    for part in schema_parts():
        keys.add(part.title_key)
        for table in part.export_tables(db, Scope()):
            keys.add(table.title_key)
            keys.update(column.label_key for column in table.columns)
    return keys


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def forms(entry: i18n.Entry) -> dict[str, str]:
    """A catalog entry's texts by plural form (a plain text is the one form, `other`)."""
    return entry if isinstance(entry, dict) else {"other": entry}


def test_both_languages_hold_the_same_keys() -> None:
    english, chinese = i18n.catalog("en"), i18n.catalog("zh_CN")
    assert set(english) - set(chinese) == set(), "missing in zh_CN"
    assert set(chinese) - set(english) == set(), "missing in en"


def test_every_key_used_in_the_code_exists() -> None:
    english = i18n.catalog("en")
    assert len(used_keys()) > 20
    assert sorted(used_keys() - set(english)) == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_key_built_at_run_time_exists(db: Database, language: str) -> None:
    keys = built_keys(db)
    # Every counted table and every export of every module is covered.
    assert {"core.count_events", "kanban.count_board_columns"} <= keys
    assert all(part.export_tables(db, Scope()) for part in MODULES if part.exports)
    assert {"kanban.export_cards", "fields.moved_at", "fields.payload"} <= keys
    assert sorted(keys - set(i18n.catalog(language))) == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_translations_are_filled_and_keep_their_placeholders(language: str) -> None:
    """Every form of every entry is filled and has the placeholders of English's
    `other` form (a `one` form may leave out {count}: "move its card")."""
    english, catalog = i18n.catalog("en"), i18n.catalog(language)
    for key, entry in catalog.items():
        wanted = placeholders(forms(english[key])["other"])
        for form, text in forms(entry).items():
            assert text.strip(), (key, form)
            found = placeholders(text)
            assert found == wanted or (form == "one" and found == wanted - {"count"}), (key, form)


PLURAL_FORMS = {"en": {"one", "other"}, "zh_CN": {"other"}}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_plural_tables_have_the_forms_of_their_language(language: str) -> None:
    """English needs "one" and "other" ("1 card", "2 cards"); Chinese has one form."""
    english = i18n.catalog("en")
    for key, entry in i18n.catalog(language).items():
        if isinstance(entry, dict):
            assert set(entry) == PLURAL_FORMS[language], key
            assert isinstance(english[key], dict), key
            assert "count" in placeholders(forms(english[key])["other"]) or key.split(".")[
                1
            ].startswith("count_"), key


def test_english_counts_say_one_card_and_two_cards() -> None:
    assert i18n.t("board.cards_count", count=1) == "1 card"
    assert i18n.t("board.cards_count", count=0) == "0 cards"
    assert i18n.t("board.cards_count", count=2) == "2 cards"
    assert i18n.t("kanban.count_cards") == "cards"  # no count: the plural, as a heading
    assert i18n.t("core.count_people", count=1) == "person"
    i18n.set_language("zh_CN")
    assert i18n.t("board.cards_count", count=1) == "1 张卡片"


def test_no_english_text_counts_without_a_plural_form() -> None:
    """ "{count} cards" as a plain text says "1 cards": a number before a plural noun
    needs a table with a `one` form."""
    number_then_plural = re.compile(r"\{(count|n)\} [a-z]+s\b")
    offenders = [
        key
        for key, entry in i18n.catalog("en").items()
        if isinstance(entry, str) and number_then_plural.search(entry)
    ]
    assert offenders == []


def test_chinese_catalog_is_chinese() -> None:
    """A Chinese entry identical to the English one is only fine when it has no words:
    a format like "{count}/{limit}", a key name, a unit."""
    english, chinese = i18n.catalog("en"), i18n.catalog("zh_CN")
    words = re.compile(r"[A-Za-z]{3,}")
    untranslated = [
        key
        for key, entry in chinese.items()
        for form, text in forms(entry).items()
        if text == forms(english[key]).get(form) and words.search(re.sub(r"\{[^}]*\}", "", text))
    ]
    assert untranslated == []


def test_language_comes_from_locale_names() -> None:
    assert i18n.normalize_language("zh_CN.UTF-8") == "zh_CN"
    assert i18n.normalize_language("zh-Hans") == "zh_CN"
    assert i18n.normalize_language("en_US.UTF-8") == "en"
    assert i18n.normalize_language("fr_FR") is None


def test_fit_measures_display_width_not_characters() -> None:
    title = "装配线换模时间过长需要改善"
    cut = i18n.fit(title, 10)
    assert cell_len(cut) <= 10 and cut.endswith("…")
    assert cell_len(i18n.pad("班组", 6)) == 6
    assert i18n.fit("short", 10) == "short"


def test_missing_key_falls_back_to_english_then_key() -> None:
    i18n.set_language("zh_CN")
    assert i18n.t("app.key_quit") == "退出"
    assert i18n.t("no.such_key") == "no.such_key"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_command_a_message_names_exists(language: str) -> None:
    """A message that advises `leantui X Y` advises a command there is."""
    from typer.main import get_command

    from leantui.cli.main import build_app

    root = get_command(build_app())  # Typer's Click (its own copy in newer Typers)
    named = 0
    for entry in i18n.catalog(language).values():
        for text in forms(entry).values():
            for quoted in re.findall(r"`leantui ([^`]*)`", text):
                command: Any = root
                for word in quoted.split():
                    if not hasattr(command, "commands") or word.startswith(("-", "{")):
                        break
                    found = command.commands.get(word)
                    assert found is not None, f"{quoted!r} in {text!r}"
                    command = found
                named += 1
    assert named > 10
