"""`leantui kaizen …`: suggestions from a shell, on both engines, in English and
Chinese: the JSON scripts rely on, the workflow, and bad input refused with a message
naming the field, a non-zero status and nothing saved."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core import clock
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards
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
def teams(target: str) -> None:
    db, _ = open_database(target, create=True)
    try:
        team = workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜"])
        workspace.create_team(db, "Packing", "Dock", ["孙丽"])
        boards.create_board(db, "Line 1", team_id=team.id)
    finally:
        db.close()


def added(cli, *args: str) -> int:  # type: ignore[no-untyped-def]
    result = cli("kaizen", "add", *args, "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["id"])


def test_add_list_and_show_as_json(cli, teams) -> None:  # type: ignore[no-untyped-def]
    first = added(
        cli,
        "--title",
        "Move the screw bins",
        "--submitter",
        "王伟",
        "--category",
        "动作",  # a category by its Chinese name
        "--problem",
        "Operators turn round",
        "--proposal",
        "Bins on the working side",
        "--saving",
        "1,200",
    )
    text = cli("kaizen", "add", "--title", "Tape dispenser", "--submitter", "孙丽")
    assert text.exit_code == 0 and "Packing" in text.stdout and "#2" in text.stdout
    listed = json.loads(cli("kaizen", "list", "--json").stdout)
    assert [row["id"] for row in listed] == [2, first]
    assert {
        "id",
        "title",
        "status",
        "submitter",
        "team",
        "category",
        "submitted_at",
        "decided_at",
    } <= set(listed[1])
    row = listed[1]
    assert (row["title"], row["status"], row["submitter"], row["team"], row["category"]) == (
        "Move the screw bins",
        "submitted",
        "王伟",
        "装配一组",
        "motion",
    )
    assert row["decided_at"] is None and row["submitted_at"].startswith("20")
    assert (row["estimated_saving"], row["currency"]) == ("1200.00", "CNY")
    only = json.loads(cli("kaizen", "list", "--team", "packing", "--json").stdout)
    assert [r["id"] for r in only] == [2]
    shown = json.loads(cli("kaizen", "show", str(first), "--json").stdout)
    assert shown["problem"] == "Operators turn round"
    assert shown["proposal"] == "Bins on the working side"
    assert [e["action"] for e in shown["history"]] == ["submit"]
    assert shown["history"][0]["actor"] == "tester"


def test_the_workflow_from_the_shell(cli, teams) -> None:  # type: ignore[no-untyped-def]
    one = added(cli, "--title", "Poka-yoke pin", "--submitter", "李娜")
    two = added(cli, "--title", "Second hoist", "--submitter", "王伟")
    assert cli("kaizen", "review", str(one), "--reviewer", "王伟").exit_code == 0
    adopted = cli("kaizen", "decide", str(one), "adopt", "--by", "2099-01-31")
    assert adopted.exit_code == 0 and "adopted" in adopted.stdout
    rejected = cli("kaizen", "decide", f"#{two}", "reject", "--reason", "New crane in spring")
    assert rejected.exit_code == 0
    card = cli("kaizen", "card", str(one), "--board", "Line 1")
    assert card.exit_code == 0 and "Line 1" in card.stdout
    done = cli("kaizen", "done", str(one), "--saving", "900")
    assert done.exit_code == 0, done.output
    shown = json.loads(cli("kaizen", "show", str(one), "--json").stdout)
    assert (shown["status"], shown["actual_saving"], shown["reviewer"]) == (
        "implemented",
        "900.00",
        "王伟",
    )
    assert shown["card"]["state"] == "open" and shown["card"]["title"] == "Poka-yoke pin"
    assert [e["action"] for e in shown["history"]] == [
        "implement",
        "card",
        "adopt",
        "review",
        "submit",
    ]
    statuses = {r["id"]: r["status"] for r in json.loads(cli("kaizen", "list", "--json").stdout)}
    assert statuses == {one: "implemented", two: "rejected"}
    rejected_only = json.loads(cli("kaizen", "list", "--status", "已驳回", "--json").stdout)
    assert [r["id"] for r in rejected_only] == [two]
    text = cli("kaizen", "show", str(one), lang="zh_CN").stdout
    assert "已实施" in text and "实际节约金额" in text and "900.00 CNY" in text
    listing = cli("kaizen", "list").stdout
    assert listing.rstrip().endswith("2 suggestions")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "--title", "x", "--submitter", "王伟", "--saving", "lots"), "Estimated savings"),
        (("add", "--title", "x", "--submitter", "王伟", "--saving", "-5"), "cannot be negative"),
        (("add", "--title", "x", "--submitter", "王伟", "--category", "lazy"), "Category"),
        (("add", "--title", "x", "--submitter", "王伟", "--team", "nobody"), "nobody"),
        (("add", "--title", "", "--submitter", "王伟"), "Title is required"),
        (("decide", "1", "reject"), "A rejection needs a reason"),
        (("decide", "1", "perhaps"), "Decision"),
        (("done", "1"), "not adopted"),
        (("show", "99"), "#99"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(cli, teams, args, words) -> None:  # type: ignore[no-untyped-def]
    added(cli, "--title", "First", "--submitter", "王伟")
    before = cli("kaizen", "list", "--json").stdout
    result = cli("kaizen", *args)
    assert result.exit_code == 1 and words in result.stderr, result.output
    assert cli("kaizen", "list", "--json").stdout == before


def test_decisions_are_taken_once_and_dates_checked(cli, teams) -> None:  # type: ignore[no-untyped-def]
    one = added(cli, "--title", "First", "--submitter", "王伟")
    assert cli("kaizen", "decide", str(one), "adopt").exit_code == 0
    again = cli("kaizen", "decide", str(one), "reject", "--reason", "changed my mind")
    assert again.exit_code == 1 and "decided already" in again.stderr
    early = cli("kaizen", "done", str(one), "--date", "2000-01-01")
    assert early.exit_code == 1 and "before the suggestion was submitted" in early.stderr
    chinese = cli("kaizen", "done", str(one), "--saving", "abc", lang="zh_CN")
    assert chinese.exit_code == 1
    assert "实际节约金额" in chinese.stderr and "不是金额" in chinese.stderr
    assert json.loads(cli("kaizen", "show", str(one), "--json").stdout)["status"] == "adopted"
    bad_id = cli("kaizen", "show", "abc")
    assert bad_id.exit_code == 2 and "'abc'" in bad_id.stderr


def test_stats(cli, teams) -> None:  # type: ignore[no-untyped-def]
    one = added(cli, "--title", "First", "--submitter", "王伟")
    added(cli, "--title", "Second", "--submitter", "李娜")
    two = added(cli, "--title", "Third", "--submitter", "王伟")
    cli("kaizen", "decide", str(one), "adopt")
    cli("kaizen", "decide", str(two), "reject", "--reason", "no")
    stats = json.loads(cli("kaizen", "stats", "--json").stdout)
    assert {"team", "month", "submitted", "decided", "adoption_rate", "participation"} <= set(
        stats[0]
    )
    assert len(stats) == 12  # two teams, six months each
    mine = [s for s in stats if s["team"] == "装配一组"]
    assert [s["submitted"] for s in mine[:5]] == [0] * 5
    now = mine[-1]
    assert (now["submitted"], now["decided"], now["adoption_rate"], now["participation"]) == (
        3,
        2,
        0.5,
        1.0,
    )
    only = json.loads(cli("kaizen", "stats", "--team", "Packing", "--months", "2", "--json").stdout)
    assert [(s["team"], s["submitted"]) for s in only] == [("Packing", 0), ("Packing", 0)]
    table = cli("kaizen", "stats", lang="zh_CN").stdout
    assert "采纳率" in table and "参与率" in table and "50%" in table and "100%" in table


def test_a_follow_up_pdca_cycle_from_the_shell(cli, teams) -> None:  # type: ignore[no-untyped-def]
    one = added(cli, "--title", "Poka-yoke pin", "--submitter", "李娜", "--problem", "Wrong pin")
    refused = cli("kaizen", "cycle", str(one))
    assert refused.exit_code == 1 and "only an adopted suggestion" in refused.stderr
    assert cli("kaizen", "decide", str(one), "adopt").exit_code == 0
    made = cli("kaizen", "cycle", str(one), "--owner", "王伟", "--due", "2099-01-31")
    assert made.exit_code == 0 and "PDCA cycle #" in made.stdout, made.output
    cycle_id = json.loads(cli("kaizen", "show", str(one), "--json").stdout)["follow_up_cycle_id"]
    [cycle] = json.loads(cli("pdca", "list", "--json").stdout)
    assert (cycle["id"], cycle["title"], cycle["owner"]) == (cycle_id, "Poka-yoke pin", "王伟")
    again = cli("kaizen", "cycle", str(one), lang="zh_CN")
    assert again.exit_code == 1 and "已有后续跟进 PDCA 循环" in again.stderr


def test_the_config_sets_the_currency_and_the_decision_limit(  # type: ignore[no-untyped-def]
    cli, teams, tmp_path, monkeypatch
) -> None:
    config = tmp_path / "kaizen.toml"
    config.write_text('[kaizen]\ncurrency = "eur"\ndecision_days = 3\n', encoding="utf-8")
    monkeypatch.setenv("LEANTUI_CONFIG", str(config))
    with clock.pinned(datetime.now(UTC) - timedelta(days=5)):
        old = added(cli, "--title", "Old", "--submitter", "王伟", "--saving", "100")
    new = added(cli, "--title", "New", "--submitter", "王伟")
    rows = {r["id"]: r for r in json.loads(cli("kaizen", "list", "--json").stdout)}
    assert rows[old]["currency"] == "EUR" and rows[old]["overdue"] and not rows[new]["overdue"]
    overdue = json.loads(cli("kaizen", "list", "--overdue", "--json").stdout)
    assert [r["id"] for r in overdue] == [old]
    assert "waiting 5 days" in cli("kaizen", "show", str(old)).stdout.splitlines()[0]
    assert "waiting" not in cli("kaizen", "show", str(new)).stdout.splitlines()[0]
    assert cli("kaizen", "decide", str(old), "adopt").exit_code == 0
    stats = json.loads(cli("kaizen", "stats", "--months", "1", "--json").stdout)
    mine = next(s for s in stats if s["team"] == "装配一组")
    assert (mine["estimated_saving"], mine["currency"]) == ("100.00", "EUR")
    monkeypatch.delenv("LEANTUI_CONFIG")  # the defaults: CNY, 14 days
    assert json.loads(cli("kaizen", "list", "--overdue", "--json").stdout) == []
    stats = json.loads(cli("kaizen", "stats", "--months", "1", "--json").stdout)
    mine = next(s for s in stats if s["team"] == "装配一组")
    assert (mine["estimated_saving"], mine["currency"]) == ("0.00", "CNY")
