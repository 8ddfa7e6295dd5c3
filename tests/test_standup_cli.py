"""`leantui standup list|show` and `leantui safety set|show`, on both engines, in English
and Chinese: the JSON scripts rely on (exact), the text a person reads, and bad input
refused with a message naming the field, a non-zero status and nothing saved."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial

import pytest
from test_kaizen_cli import run_cli
from typer.testing import Result

from leantui.core import clock
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards
from leantui.core.services import workspace
from leantui.core.standup import safety
from leantui.core.standup import services as su

pytestmark = pytest.mark.both_engines


def leantui(target: str, *args: str, lang: str = "en") -> Result:
    return run_cli("--lang", lang, "--db", target, *args)


@pytest.fixture
def cli(target: str) -> partial[Result]:
    return partial(leantui, target)


@pytest.fixture
def held(target: str) -> dict[str, int]:
    """A finished stand-up of 装配一组 with one stop, an action and an escalation."""
    with open_database(target, create=True)[0] as db:
        team = workspace.create_team(db, "装配一组", "", ["王伟", "李娜"]).id
        workspace.create_team(db, "Packing", "", ["孙丽"])
        board = boards.create_board(db, "Line 1", team_id=team).id
        card = cards.add_card(db, board, "换模").card_id
        cards.block_card(db, card, "等模具")
        row = su.begin(db, team)
        stop = su.stops(db, row.id)[0]
        su.mark(db, stop.id, "discussed", "明天到")
        action = su.add_action(db, stop.id, "催模具", "李娜", clock.today() + timedelta(days=2))
        raised = su.escalate(db, stop.id, "需要设备部支援")
        su.finish(db, row.id, ["王伟"], ["李娜"])
    return {
        "team": team,
        "standup": row.id,
        "stop": stop.id,
        "card": action.id,
        "escalation": raised.id,
    }


def test_list_and_show_as_json(cli, held) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(cli("standup", "list", "--json").stdout)
    assert [(r["id"], r["team_name"], r["minutes"], r["led_by"]) for r in listed] == [
        (held["standup"], "装配一组", 15, "tester")
    ]
    assert json.loads(cli("standup", "list", "--team", "Packing", "--json").stdout) == []
    shown = json.loads(cli("standup", "show", str(held["standup"]), "--json").stdout)
    assert (shown["present"], shown["absent"]) == (["王伟"], ["李娜"])
    stop = shown["stops"][0]
    assert (stop["kind"], stop["outcome"], stop["note"], stop["why"]) == (
        "blocked",
        "discussed",
        "明天到",
        "blocked 0 days: 等模具",
    )
    assert [(a["card_id"], a["title"], a["owner"]) for a in shown["actions"]] == [
        (held["card"], "催模具", "李娜")
    ]
    assert [(e["id"], e["note"], e["cleared_at"]) for e in shown["escalations"]] == [
        (held["escalation"], "需要设备部支援", None)
    ]
    assert shown["started_at"].endswith("+00:00") and shown["ended_at"]


def test_list_and_show_as_text(cli, held) -> None:  # type: ignore[no-untyped-def]
    listed = cli("standup", "list")
    assert listed.exit_code == 0 and "装配一组" in listed.output and "1 stand-up" in listed.output
    text = cli("standup", "show", f"#{held['standup']}", lang="zh_CN").output
    assert f"站会 #{held['standup']} · 装配一组" in text
    assert "出席：王伟" in text and "缺席：李娜" in text
    assert "已讨论" in text and "看板" in text and "催模具" in text and "需要设备部支援" in text
    assert cli("standup", "list", "--team", "Packing").output.strip() == "No stand-ups yet."


def test_safety_set_and_show(cli, held) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    first = today.replace(day=1)
    done = cli(
        "safety", "set", first.isoformat(), "未遂事件", "--note", "叉车倒车", "--team", "装配一组"
    )
    assert done.exit_code == 0, done.output
    assert f"{first.isoformat()} is near miss" in done.output
    assert (
        cli("safety", "set", today.isoformat(), "no-incident", "--team", "装配一组").exit_code == 0
    )
    shown = json.loads(cli("safety", "show", "--team", "装配一组", "--json").stdout)
    assert shown[0] == {"day": first.isoformat(), "state": "near_miss", "note": "叉车倒车"}
    assert shown[today.day - 1]["state"] == "no_incident"
    text = cli("safety", "show", "--team", "装配一组", lang="zh_CN").output
    assert f"安全十字 {first:%Y-%m}" in text and "△" in text and "未遂事件：叉车倒车" in text
    other = cli("safety", "show", "--team", "Packing", "--month", "2025-02", "--json")
    assert json.loads(other.stdout) == [None] * 28


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("set", "2999-01-01", "no_incident", "--team", "装配一组"), "is still to come"),
        (("set", "2026-01-01", "first_aid", "--team", "装配一组"), "say in a few words"),
        (("set", "2026-01-01", "fire", "--team", "装配一组"), "no_incident, near_miss"),
        (("set", "01/01", "no_incident", "--team", "装配一组"), "YYYY-MM-DD"),
        (("set", "2026-01-01", "no_incident", "--team", "Nobody"), "no team 'Nobody'"),
        (("show", "--team", "装配一组", "--month", "2026-13"), "is no month"),
    ],
)
def test_safety_refusals_save_nothing(cli, held, target, args, words) -> None:  # type: ignore[no-untyped-def]
    refused = cli("safety", *args)
    assert refused.exit_code != 0 and words in refused.output, refused.output
    with open_database(target)[0] as db:
        assert safety.month(db, held["team"], 2026, 1) == [None] * 31


def test_show_refuses_what_is_not_there(cli, held) -> None:  # type: ignore[no-untyped-def]
    assert cli("standup", "show", "x").exit_code == 2
    missing = cli("standup", "show", "999")
    assert missing.exit_code == 1 and "no stand-up #999" in missing.output
    unknown = cli("standup", "list", "--team", "Nobody").output
    assert "no team 'Nobody'. The teams: Packing, 装配一组." in unknown  # no command lists them
    chinese = leantui(cli.args[0], "standup", "list", "--team", "Nobody", lang="zh_CN").output
    assert "现有班组：Packing、装配一组。" in chinese
    assert cli("standup", "list", "--team", "packing").exit_code == 0  # case ignored
    assert cli("standup", "list", "--team", f"#{held['team']}").exit_code == 0
