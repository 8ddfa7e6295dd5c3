"""Audit templates: the shipped ones are complete in both languages; a file that does not
check out says which file, which line and what is wrong, and is not loaded; an import
copies a checked file; an audit keeps its copy of the template whatever happens to the
file later."""

from __future__ import annotations

from pathlib import Path

import pytest

from leantui.core.db.engine import Database
from leantui.core.five_s import audits, rules, templates
from leantui.core.five_s.templates import TemplateProblem
from leantui.core.i18n import catalog
from leantui.core.services import workspace

GOOD = """\
name = "mini"
version = 2
title = { en = "Mini", zh_CN = "迷你" }
na_allowed = false

[scale]
min = 0
max = 4

[levels]
0 = "none"
1 = "some"
2 = "half"
3 = "most"
4 = "all"

[[items]]
id = "a"
s = "sort"
text = "Aisles clear"
weight = 2

[[items]]
id = "b"
s = "shine"
text = { en = "Floor clean", zh_CN = "地面清洁" }
"""


def write(tmp_path: Path, text: str, name: str = "mini.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_templates_are_complete_in_both_languages() -> None:
    loaded = templates.load_all()
    assert loaded.problems == []
    assert {"5s", "6s"} <= set(loaded.templates)
    for name, categories in (("5s", rules.S_CATEGORIES[:5]), ("6s", rules.S_CATEGORIES)):
        template = loaded.templates[name]
        assert template.shipped and (template.scale_min, template.scale_max) == (0, 5)
        for s in categories:
            assert sum(1 for item in template.items if item.s == s) >= 5, (name, s)
        assert {item.s for item in template.items} == set(categories)
        for text in [template.title, *template.levels.values(), *(i.text for i in template.items)]:
            assert isinstance(text, dict) and text["en"] and text["zh_CN"]
    for s in rules.S_CATEGORIES:  # every name built from a rule has its words
        for language in ("en", "zh_CN"):
            assert f"five_s.s_{s}" in catalog(language)
    for language in ("en", "zh_CN"):
        for name in ("excellent", "good", "fair", "poor"):
            assert f"five_s.band_{name}" in catalog(language)
        for name in (*rules.DISPOSITIONS, "draft", "finished"):
            key = (
                f"five_s.disposition_{name}"
                if name in rules.DISPOSITIONS
                else f"five_s.status_{name}"
            )
            assert key in catalog(language)


def test_a_good_file_parses(tmp_path: Path) -> None:
    template = templates.parse(write(tmp_path, GOOD))
    assert (template.name, template.version, template.scale_max, template.na_allowed) == (
        "mini",
        2,
        4,
        False,
    )
    assert [(i.key, i.s, i.weight) for i in template.items] == [
        ("a", "sort", 2.0),
        ("b", "shine", 1.0),
    ]


@pytest.mark.parametrize(
    ("change", "line", "says"),
    [
        (lambda t: t.replace('name = "mini"', 'name = "mini'), 1, "not valid TOML"),
        (lambda t: t.replace('s = "shine"', 's = "shinee"'), 25, "'shinee' is not an S category"),
        (lambda t: t.replace('id = "b"', 'id = "a"'), 24, "'a' is used twice"),
        (lambda t: t.replace("weight = 2", "weight = 0"), 21, "weight = '0'"),
        (lambda t: t.replace("weight = 2", "weight = -1.5"), 21, "above 0"),
        (lambda t: t.replace('3 = "most"\n', ""), 10, "no meaning for level 3"),
        (lambda t: t.split("[[items]]")[0], None, "no [[items]]"),
        (lambda t: t.replace('text = "Aisles clear"\n', ""), 17, "'a' has no text"),
        (lambda t: t.replace("max = 4", "max = 40"), 6, "0 ≤ min < max ≤ 10"),
    ],
)
def test_a_bad_file_names_the_line_and_the_problem(
    tmp_path: Path, change: object, line: int | None, says: str
) -> None:
    path = write(tmp_path, change(GOOD))  # type: ignore[operator]
    with pytest.raises(TemplateProblem) as caught:
        templates.parse(path)
    message = caught.value.message()
    assert str(path) in message and says in message, message
    if line is not None:
        assert caught.value.line == line, message
        assert f"line {line}:" in message


def test_a_bad_template_is_reported_and_not_loaded(tmp_path: Path) -> None:
    folder = templates.user_dir()
    folder.mkdir(parents=True)
    write(folder, GOOD.replace('s = "shine"', 's = "polish"'), "broken.toml")
    write(folder, GOOD, "mini.toml")
    loaded = templates.load_all()
    assert "mini" in loaded.templates and "broken" not in loaded.templates
    assert [p.path.name for p in loaded.problems] == ["broken.toml"]


def test_import_checks_then_copies_and_never_overwrites_silently(tmp_path: Path) -> None:
    source = write(tmp_path, GOOD)
    imported = templates.import_file(source)
    assert imported.path == templates.user_dir() / "mini.toml"
    assert imported.path.read_text(encoding="utf-8") == GOOD
    assert templates.get("mini").version == 2
    with pytest.raises(Exception) as caught:
        templates.import_file(source)
    assert "--force" in str(caught.value)
    templates.import_file(write(tmp_path, GOOD.replace("version = 2", "version = 3")), force=True)
    assert templates.get("mini").version == 3
    bad = write(tmp_path, "items = 3", "bad.toml")
    with pytest.raises(TemplateProblem):
        templates.import_file(bad)
    assert not (templates.user_dir() / "bad.toml").exists()


def test_a_user_file_replaces_a_shipped_one_of_the_same_name(tmp_path: Path) -> None:
    folder = templates.user_dir()
    folder.mkdir(parents=True)
    write(folder, GOOD.replace('name = "mini"', 'name = "5s"'), "mine.toml")
    assert not templates.get("5s").shipped and len(templates.get("5s").items) == 2


@pytest.mark.both_engines
def test_an_audit_keeps_its_copy_when_the_file_changes_or_goes(
    db: Database, tmp_path: Path
) -> None:
    path = templates.import_file(write(tmp_path, GOOD)).path
    assert path is not None
    area = workspace.create_area(db, "Press shop")
    audit = audits.start_audit(db, area.id, "王伟", "mini")
    items = audits.items_of(db, audit.id)
    audits.answer(db, items[0].id, 4)
    audits.answer(db, items[1].id, 2)
    audits.finish(db, audit.id)
    before = audits.result(db, audit.id)
    path.write_text(
        GOOD.replace("weight = 2", "weight = 9")
        .replace("max = 4", "max = 5")
        .replace('4 = "all"', '4 = "all"\n5 = "more"'),
        encoding="utf-8",
    )
    after_edit = audits.result(db, audit.id)
    path.unlink()
    after_delete = audits.result(db, audit.id)
    for later in (after_edit, after_delete):
        assert later.total == before.total == pytest.approx((4 * 2 + 2) / (4 * 2 + 4) * 100)
        assert [(i.text, i.weight) for i in later.items] == [
            (i.text, i.weight) for i in before.items
        ]
        assert later.audit.template_version == 2 and later.audit.scale_max == 4
