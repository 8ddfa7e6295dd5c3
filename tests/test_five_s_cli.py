"""`leantui template|area|audit|redtag …`: the 5S module from a shell, on both engines,
in English and Chinese, with clear failures and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core.db.opening import open_database
from leantui.core.five_s import audits, redtags
from leantui.core.services import workspace

pytestmark = pytest.mark.both_engines
runner = CliRunner()


def run_cli(*args: str) -> Result:
    settle_language(list(args))
    result = runner.invoke(build_app(), list(args), prog_name="leantui")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.fixture
def cli(target: str):  # type: ignore[no-untyped-def]
    def invoke(*args: str, lang: str = "en") -> Result:
        return run_cli("--lang", lang, "--db", target, *args)

    return invoke


@pytest.fixture
def audited(target: str) -> dict[str, int]:
    """The area 总装车间 with one finished audit (two items scored, one N/A) and a tag."""
    db, _ = open_database(target, create=True)
    try:
        area = workspace.create_area(db, "总装车间").id
        audit = audits.start_audit(db, area, "王伟")
        items = audits.items_of(db, audit.id)
        audits.answer(db, items[0].id, 4)
        audits.answer(db, items[1].id, 1)
        audits.answer(db, items[5].id, na=True)
        audits.comment(db, items[1].id, "工具乱放")
        audits.finish(db, audit.id, allow_unanswered=True)
        tag = redtags.add_tag(db, area, "旧夹具", decision_due="2026-01-05")
        return {"area": area, "audit": audit.id, "item": items[1].id, "tag": tag.id}
    finally:
        db.close()


def test_audit_show_json_has_what_scripts_rely_on(cli, audited) -> None:  # type: ignore[no-untyped-def]
    result = cli("audit", "show", str(audited["audit"]), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {
        "id",
        "area",
        "template",
        "status",
        "finished_at",
        "scale_max",
        "total",
        "by_s",
        "items",
    } <= set(data)
    assert (data["id"], data["area"], data["template"], data["status"]) == (
        audited["audit"],
        "总装车间",
        "5s",
        "finished",
    )
    assert data["scale_max"] == 5 and data["total"] == pytest.approx(50.0)
    assert data["by_s"] == {
        "sort": 50.0,
        "set_in_order": None,
        "shine": None,
        "standardize": None,
        "sustain": None,
    }
    first, second, sixth, third = (
        data["items"][0],
        data["items"][1],
        data["items"][5],
        data["items"][2],
    )
    assert set(first) >= {"s", "text", "weight", "score", "na", "comment"}
    assert (first["s"], first["score"], first["na"], first["weight"]) == ("sort", 4, False, 1.0)
    assert second["comment"] == "工具乱放"
    assert (sixth["score"], sixth["na"]) == (None, True)
    assert (third["score"], third["na"]) == (None, False)  # unanswered is null, not 0


def test_audit_list_and_show_in_both_languages(cli, audited) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(cli("audit", "list", "--json").stdout)
    assert [(a["id"], a["area"], a["status"]) for a in listed] == [
        (audited["audit"], "总装车间", "finished"),
    ]
    assert listed[0]["total"] == pytest.approx(50.0)
    out = cli("audit", "show", str(audited["audit"]), lang="zh_CN").stdout
    assert "总分 50%" in out and "整理" in out and "不适用" in out
    table = cli("audit", "list", "--area", "总装车间", lang="zh_CN").stdout.splitlines()
    assert cell_len(table[0].rstrip()) <= cell_len(table[1].rstrip()) + 8
    missing = cli("audit", "show", "999")
    assert missing.exit_code == 1 and "#999" in missing.stderr
    bad = cli("audit", "show", "abc")
    assert bad.exit_code == 2 and "'abc'" in bad.stderr


def test_areas_from_the_shell(cli, audited) -> None:  # type: ignore[no-untyped-def]
    added = cli(
        "area", "add", "Warehouse", "--template", "6s", "--cadence", "14", "--owner", "李娜"
    )
    assert added.exit_code == 0, added.output
    rows = {a["name"]: a for a in json.loads(cli("area", "list", "--json").stdout)}
    assert (rows["Warehouse"]["template"], rows["Warehouse"]["cadence_days"]) == ("6s", 14)
    assert rows["Warehouse"]["due"] and rows["总装车间"]["last_total"] == pytest.approx(50.0)
    assert cli("area", "set", "warehouse", "--rename", "仓库").exit_code == 0  # ignoring case
    assert cli("area", "archive", "仓库").exit_code == 0
    assert "仓库" not in cli("area", "list").stdout
    assert cli("area", "restore", "仓库").exit_code == 0
    refused = cli("area", "set", "仓库", "--cadence", "0", lang="zh_CN")
    assert refused.exit_code == 1 and "至少为 1" in refused.stderr
    unknown = cli("area", "set", "仓库", "--template", "7s")
    assert unknown.exit_code == 1 and "'7s'" in unknown.stderr and "5s" in unknown.stderr
    assert cli("area", "set", "nowhere").exit_code == 1


def test_red_tags_from_the_shell(cli, audited) -> None:  # type: ignore[no-untyped-def]
    added = cli(
        "redtag",
        "add",
        "--area",
        "总装车间",
        "--item",
        "破托盘",
        "--quantity",
        "5",
        "--due",
        "2099-01-01",
    )
    assert added.exit_code == 0, added.output
    listed = json.loads(cli("redtag", "list", "--json").stdout)
    assert [(t["item"], t["overdue"]) for t in listed] == [("旧夹具", True), ("破托盘", False)]
    assert "overdue" in cli("redtag", "list").stdout
    decided = cli("redtag", "decide", str(audited["tag"]), "discard", "--note", "报废")
    assert decided.exit_code == 0 and "discard" in decided.stdout
    again = cli("redtag", "decide", str(audited["tag"]), "keep")
    assert again.exit_code == 1 and "decided already" in again.stderr
    bad = cli("redtag", "decide", str(audited["tag"]), "burn")
    assert bad.exit_code == 1 and "keep, relocate, discard" in bad.stderr
    assert len(json.loads(cli("redtag", "list", "--open", "--json").stdout)) == 1
    need = cli("redtag", "add", "--item", "x")
    assert need.exit_code == 2 and "--area" in need.stderr


@pytest.mark.sqlite_only
def test_templates_from_the_shell(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listed = cli("template", "list").stdout
    assert "5s" in listed and "6s" in listed
    shown = cli("template", "show", "6s", lang="zh_CN").stdout
    assert "安全" in shown and "基本做到" in shown
    exported = cli("template", "export", "5s").stdout
    copy = tmp_path / "mine.toml"
    copy.write_text(exported.replace('name = "5s"', 'name = "mine"'), encoding="utf-8")
    checked = cli("template", "check", str(copy))
    assert checked.exit_code == 0 and "'mine', 25 items" in checked.stdout
    assert "mine" not in cli("template", "list").stdout  # checking imports nothing
    assert cli("template", "import", str(copy)).exit_code == 0
    assert "mine" in cli("template", "list").stdout
    broken = tmp_path / "broken.toml"
    broken.write_text(exported.replace('s = "shine"', 's = "polish"', 1), encoding="utf-8")
    result = cli("template", "check", str(broken))
    line = 1 + exported.splitlines().index('s = "shine"')
    assert result.exit_code == 1
    assert f"{broken}, line {line}: item 'shine-1': s = 'polish'" in result.stderr
    assert cli("template", "import", str(broken)).exit_code == 1
    not_toml = tmp_path / "x.toml"
    not_toml.write_text("name = [", encoding="utf-8")
    assert "not valid TOML" in cli("template", "check", str(not_toml)).stderr
