"""`leantui pdca …`: a cycle walked from the shell through every phase, on both engines,
in English and Chinese; the JSON scripts rely on; refusals as one message and a status,
never a traceback, with nothing saved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core import clock
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards
from leantui.core.services import info, workspace

pytestmark = pytest.mark.both_engines
runner = CliRunner()
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def run_cli(*args: str) -> Result:
    settle_language(list(args))
    with clock.pinned(NOW):
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
def workplace(target: str) -> None:
    db, _ = open_database(target, create=True)
    try:
        team = workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜"])
        boards.create_board(db, "Line 1", team_id=team.id)
    finally:
        db.close()


@contextmanager
def unchanged(target: str) -> Iterator[None]:
    db, _ = open_database(target)
    try:
        before = info.row_counts(db)
        yield
        assert info.row_counts(db) == before
    finally:
        db.close()


def add(cli, *extra: str) -> int:  # type: ignore[no-untyped-def]
    result = cli(
        "pdca",
        "add",
        "--title",
        "缩短换型时间",
        "--owner",
        "王伟",
        "--start",
        "2026-03-02",
        "--due",
        "2026-03-31",
        "--team",
        "装配一组",
        "--metric",
        "换型时间",
        "--unit",
        "分钟",
        "--baseline",
        "45",
        "--goal",
        "25",
        *extra,
    )
    assert result.exit_code == 0, result.output
    return int(result.stdout.split("#")[1].split()[0])


def test_a_cycle_walked_from_plan_to_act(cli, workplace, target) -> None:  # type: ignore[no-untyped-def]
    cycle = add(cli, "--problem", "换型平均 45 分钟。\n每月损失约 9 小时。")
    assert "P · Plan" in cli("pdca", "show", str(cycle)).stdout
    planned = cli(
        "pdca",
        "plan",
        str(cycle),
        "--current-state",
        "全部在停线时进行",
        "--why",
        "为什么换型要 45 分钟？",
        "--because",
        "所有步骤都在停线时完成",
        "--why",
        "为什么没有区分内外作业？",
        "--because",
        "没有标准换型程序",
        "--root-cause",
        "缺少标准换型程序",
    )
    assert planned.exit_code == 0, planned.output
    for text in ("备好换型车", "快速夹钳"):
        assert cli("pdca", "action", str(cycle), text, "--owner", "李娜").exit_code == 0
    assert cli("pdca", "advance", str(cycle)).exit_code == 0
    done = cli("pdca", "do", str(cycle), "--board", "Line 1")
    assert done.exit_code == 0 and done.stdout.count("Card #") == 2, done.output
    assert "D · Do" in done.stdout
    assert "C · Check" in cli("pdca", "advance", str(cycle)).stdout
    for value, on in (("38", "2026-03-05"), ("-3", "2026-03-06"), ("２４", "2026-03-12")):
        measured = cli("pdca", "measure", str(cycle), value, "--date", on, "--note", "周检")
        assert measured.exit_code == 0, measured.output
    assert "target met: yes" in measured.stdout and "-46.7%" in measured.stdout
    data = json.loads(cli("pdca", "show", str(cycle), "--json").stdout)
    assert {"id", "title", "phase", "status", "target", "whys", "measurements"} <= set(data)
    assert {"target_met", "cards"} <= set(data)
    assert (data["id"], data["title"], data["phase"], data["status"]) == (
        cycle,
        "缩短换型时间",
        "C",
        "open",
    )
    assert data["target"] == {
        "metric": "换型时间",
        "unit": "分钟",
        "baseline": 45.0,
        "goal": 25.0,
        "direction": "lower",
    }
    assert [w["why"] for w in data["whys"]] == [
        "为什么换型要 45 分钟？",
        "为什么没有区分内外作业？",
    ]
    assert [(m["date"], m["value"]) for m in data["measurements"]] == [
        ("2026-03-05", 38.0),
        ("2026-03-06", -3.0),
        ("2026-03-12", 24.0),
    ]
    assert data["target_met"] is True
    assert [(c["title"], c["column"]) for c in data["cards"]] == [
        ("备好换型车", "Backlog"),
        ("快速夹钳", "Backlog"),
    ]
    assert all(isinstance(c["id"], int) for c in data["cards"])
    assert data["problem"] == "换型平均 45 分钟。\n每月损失约 9 小时。"
    back = cli("pdca", "back", str(cycle), "--reason", "第二次测量有误")
    assert back.exit_code == 0 and "D · Do" in back.stdout
    assert cli("pdca", "advance", str(cycle)).exit_code == 0
    assert "A · Act" in cli("pdca", "advance", str(cycle)).stdout
    closed = cli("pdca", "standardize", str(cycle), "--what", "SOP v3", "--where", "SOP 文件夹")
    assert closed.exit_code == 0 and "closed" in closed.stdout
    a3 = cli("pdca", "show", str(cycle), "--a3", lang="zh_CN").stdout
    assert a3.startswith(f"# A3 · PDCA 循环 #{cycle} · 缩短换型时间")
    for heading in ("## 1. 背景与问题", "## 4. 根本原因（5 个为什么）", "## 7. 处置"):
        assert heading in a3
    assert "标准：SOP v3" in a3
    history = json.loads(cli("pdca", "show", str(cycle), "--json").stdout)["history"]
    assert [(h["action"], h["to"]) for h in history][-3:] == [
        ("phase", "C"),
        ("phase", "A"),
        ("close", None),
    ]
    assert history[-4]["reason"] == "第二次测量有误"


def test_list_in_both_languages_and_the_json(cli, workplace) -> None:  # type: ignore[no-untyped-def]
    first = add(cli)
    second = add(cli, "--due", "2026-03-10", "--owner", "李娜")
    listed = json.loads(cli("pdca", "list", "--json").stdout)
    assert [(c["id"], c["phase"], c["overdue"]) for c in listed] == [
        (second, "P", True),
        (first, "P", False),
    ]
    assert listed[0]["days_in_phase"] == 0 and listed[0]["target_met"] is None
    assert [
        c["id"] for c in json.loads(cli("pdca", "list", "--owner", "李娜", "--json").stdout)
    ] == [second]
    table = cli("pdca", "list", lang="zh_CN").stdout.splitlines()
    assert "阶段" in table[0] and "已逾期" in table[1]
    widths = {cell_len(line.split("王伟")[0]) for line in table if "王伟" in line}
    assert len(widths) == 1  # the owner column lines up, by display width
    assert cli("pdca", "list", "--status", "closed").stdout.startswith("There are no PDCA")
    bad = cli("pdca", "list", "--status", "done")
    assert bad.exit_code == 1 and "open, closed, abandoned" in bad.stderr
    metrics = json.loads(cli("pdca", "metrics", "--json").stdout)
    assert metrics["on_time_closure"] == {"count": 0, "of": 1, "percent": 0.0}
    assert metrics["open_per_owner"] == {"李娜": 1, "王伟": 1}
    assert "按期关闭率" in cli("pdca", "metrics", lang="zh_CN").stdout


def test_check_without_do_actions_asks_for_yes(cli, workplace, target) -> None:  # type: ignore[no-untyped-def]
    cycle = add(cli)
    cli("pdca", "advance", str(cycle))
    with unchanged(target):
        asked = cli("pdca", "advance", str(cycle))
    assert asked.exit_code == 1
    assert "no Do actions" in asked.stderr and "--yes" in asked.stderr
    assert "C · Check" in cli("pdca", "advance", str(cycle), "--yes").stdout
    zh = add(cli)
    cli("pdca", "advance", str(zh))
    assert "没有执行项" in cli("pdca", "advance", str(zh), lang="zh_CN").stderr


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--start", "2026-04-01"), "is before the start (2026-04-01)"),
        (("--goal", "二十五"), "'二十五' is not a number"),
        (("--baseline", "25"), "is the same as the baseline (25"),
        (("--problem", "警告\x1b[31m"), "control or invisible"),
        (("--due", "31/03/2026"), "is not a date"),
        (("--team", "No such team"), "There is no team 'No such team'"),
    ],
)
def test_bad_input_is_one_message_and_saves_nothing(  # type: ignore[no-untyped-def]
    cli, workplace, target, extra, says
) -> None:
    with unchanged(target):
        result = cli(
            "pdca",
            "add",
            "--title",
            "x",
            "--owner",
            "王伟",
            "--start",
            "2026-03-02",
            "--due",
            "2026-03-31",
            "--baseline",
            "45",
            "--goal",
            "25",
            *extra,
        )
    assert result.exit_code == 1 and says in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_refusals_later_in_a_cycle(cli, workplace, target) -> None:  # type: ignore[no-untyped-def]
    cycle = add(cli)
    with unchanged(target):
        early = cli("pdca", "measure", str(cycle), "40", "--date", "2026-03-01")
        assert early.exit_code == 1 and "before the cycle starts (2026-03-02)" in early.stderr
        late = cli("pdca", "measure", str(cycle), "40", "--date", "2026-03-21")
        assert late.exit_code == 1 and "in the future" in late.stderr
        assert cli("pdca", "back", str(cycle), "--reason", "x").exit_code == 1
        no_reason = cli("pdca", "abandon", str(cycle))
        assert no_reason.exit_code == 1 and "Reason for abandoning is required" in no_reason.stderr
        orphan = cli("pdca", "plan", str(cycle), "--because", "x")
        assert orphan.exit_code == 2 and "--why" in orphan.stderr
        assert cli("pdca", "plan", str(cycle)).exit_code == 2
        too_many = ["--why", "为什么？"] * 8
        assert "at most 7" in cli("pdca", "plan", str(cycle), *too_many).stderr
        assert cli("pdca", "show", "abc").exit_code == 2
        missing = cli("pdca", "show", "999")
        assert missing.exit_code == 1 and "#999" in missing.stderr
        both = cli("pdca", "show", str(cycle), "--a3", "--json")
        assert both.exit_code == 2
        assert cli("pdca", "close", str(cycle)).exit_code == 1  # in Plan
        assert cli("pdca", "do", str(cycle), "--board", "Line 1").exit_code == 1
    assert cli("pdca", "abandon", str(cycle), "--reason", "换线后不再需要").exit_code == 0
    shown = json.loads(cli("pdca", "show", str(cycle), "--json").stdout)
    assert (shown["status"], shown["abandon_reason"]) == ("abandoned", "换线后不再需要")


def test_follow_up_from_the_shell(cli, workplace) -> None:  # type: ignore[no-untyped-def]
    cycle = add(cli)
    for _ in range(3):
        cli("pdca", "advance", str(cycle), "--yes")
    cli("pdca", "measure", str(cycle), "33")
    result = cli("pdca", "follow-up", str(cycle), "--due", "2026-04-30", "--baseline", "33")
    assert result.exit_code == 0, result.output
    new = json.loads(cli("pdca", "list", "--status", "open", "--json").stdout)
    assert [(c["title"], c["parent_id"], c["phase"]) for c in new] == [("缩短换型时间", cycle, "P")]
    shown = json.loads(cli("pdca", "show", str(new[0]["id"]), "--json").stdout)
    assert shown["target"]["baseline"] == 33.0 and shown["team"] == "装配一组"
    assert json.loads(cli("pdca", "show", str(cycle), "--json").stdout)["follow_ups"] == [
        new[0]["id"]
    ]
