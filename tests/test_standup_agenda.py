"""The rules that choose and order a stand-up's stops, on hand-built data for each
module: the team's open escalations first, then its boards right to left (over WIP,
blocked, overdue, aging), then 5S, PDCA and kaizen; a module that is not registered has
no stops; the aging days come from the settings; and the line that says why each stops,
in both languages. The agenda on both engines; `why` on hand-built Attentions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from leantui.core import clock, i18n
from leantui.core.config import Settings, StandupSettings
from leantui.core.db.engine import Database
from leantui.core.hooks import Attention
from leantui.core.kaizen import suggestions
from leantui.core.kanban import boards, cards
from leantui.core.modules import MODULES
from leantui.core.pdca import cycles
from leantui.core.services import workspace
from leantui.core.standup import services as su
from leantui.core.standup.agenda import agenda, why

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=20)


def build(db: Database) -> dict[str, int]:
    """A team with a board (Backlog, Ready, Doing WIP 3, Done), an area never audited, a
    PDCA cycle overdue and a suggestion waiting too long; another team with its own."""
    team = workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜"]).id
    other = workspace.create_team(db, "包装班组", "成品包装区", ["孙丽"]).id
    board = boards.create_board(db, "Line 1", team_id=team)
    ready, doing = (c.id for c in boards.columns(db, board.id)[1:3])
    made: dict[str, int] = {"team": team, "other": other, "board": board.id}
    with clock.pinned(T0):
        for name, column in (("late", ready), ("stuck", ready), ("d1", doing), ("d2", doing)):
            made[name] = cards.add_card(db, board.id, name, column_id=column).card_id
        cards.update_card(db, made["late"], None, due=date(2026, 3, 10))
        cards.block_card(db, made["stuck"], "等模具")
        made["old"] = cards.add_card(db, board.id, "old", column_id=doing).card_id
    with clock.pinned(NOW - timedelta(days=2)):
        made["d3"] = cards.add_card(
            db, board.id, "d3", column_id=doing, override_reason="急单"
        ).card_id
    with clock.pinned(T0):
        made["cycle"] = cycles.create_cycle(
            db, "缩短换型时间", "王伟", date(2026, 3, 15), start=date(2026, 3, 1), team_id=team
        ).view.id
        made["idea"] = suggestions.capture(db, "螺丝料盒", "", "", None, "李娜", team_id=team).id
        suggestions.capture(db, "Other team's", "", "", None, "孙丽", team_id=other)
    return made


def kinds(items: list[Attention]) -> list[tuple[str, str, object]]:
    return [(a.module, a.kind, a.title) for a in items]


@pytest.mark.both_engines
def test_the_stops_and_their_order(db: Database) -> None:
    made = build(db)
    with clock.pinned(NOW):
        found = agenda(db, made["team"], None)
    assert kinds(found) == [
        ("kanban", "over_wip", "Doing"),
        ("kanban", "aging", "d1"),
        ("kanban", "aging", "d2"),
        ("kanban", "aging", "old"),
        ("kanban", "overdue", "late"),
        ("kanban", "aging", "late"),
        ("kanban", "blocked", "stuck"),
        ("kanban", "aging", "stuck"),
        ("five_s", "audit_due", "总装车间"),
        ("pdca", "overdue", "缩短换型时间"),
        ("kaizen", "decision_overdue", "螺丝料盒"),
    ]
    with clock.pinned(NOW):
        other = agenda(db, made["other"], None)
    assert kinds(other) == [
        ("five_s", "audit_due", "成品包装区"),
        ("kaizen", "decision_overdue", "Other team's"),
    ]


@pytest.mark.both_engines
def test_escalations_first_a_missing_module_has_no_stops_and_the_aging_days(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = build(db)
    with clock.pinned(NOW - timedelta(days=1)):
        first = su.begin(db, made["team"])
        stop = su.stops(db, first.id)[4]
        raised = su.escalate(db, stop.id, "需要设备部支援")
        su.finish(db, first.id, [], [])
    with clock.pinned(NOW):
        found = agenda(db, made["team"], su.since(db, made["team"]))
        assert (found[0].module, found[0].kind, found[0].entity_id) == (
            "standup",
            "escalation",
            raised.id,
        )
        assert found[0].title == stop.title and found[0].facts["card_id"] == stop.card_id
        assert kinds(found[1:]) == kinds(agenda(db, made["team"], None)[1:])
        patient = Settings(standup=StandupSettings(aging_days=30))
        assert "aging" not in [a.kind for a in agenda(db, made["team"], None, patient)]
        monkeypatch.setattr(
            "leantui.core.modules.MODULES",
            tuple(m for m in MODULES if m.id in ("kanban", "standup")),
        )
        assert {a.module for a in agenda(db, made["team"], None)} == {"standup", "kanban"}


def item(
    module: str, kind: str, detail: str = "", since: datetime | None = None, **facts: object
) -> Attention:
    return Attention(module, kind, "card", 1, "x", detail=detail, since=since, facts=facts)


DAY = date(2026, 3, 19)
CASES = [
    (
        item("kanban", "blocked", "waiting for the die from tool room", NOW - timedelta(days=3)),
        "blocked 3 days: waiting for the die from tool room",
        "已阻塞 3 天：waiting for the die from tool room",
    ),
    (item("kanban", "blocked", "", NOW - timedelta(days=1)), "blocked 1 day", "已阻塞 1 天"),
    (
        item("kanban", "over_wip", count=4, limit=3),
        "4 cards, over its WIP limit of 3",
        "4 张卡片，超过在制品限制 3",
    ),
    (
        item("kanban", "overdue", due=DAY, days=3),
        "overdue 3 days (due 2026-03-19)",
        "已逾期 3 天（截止 2026-03-19）",
    ),
    (
        item("kanban", "aging", days=9, column="Doing"),
        "no move for 9 days in Doing",
        "在「Doing」9 天未移动",
    ),
    (
        item("five_s", "audit_due", days=None, cadence=14),
        "never audited: an audit is due",
        "从未审核：应进行审核",
    ),
    (
        item("five_s", "audit_due", days=20, cadence=14),
        "audit due: last audit 20 days ago (every 14 days)",
        "应审核：上次审核在 20 天前（每 14 天一次）",
    ),
    (
        item("five_s", "low_scores", count=2, total=62.5, low=["地面", "工具"]),
        "2 items need action (62%): 地面, 工具",
        "2 项需要改进（62%）：地面、工具",
    ),
    (
        item("five_s", "action_overdue", due=DAY - timedelta(days=2), area="A"),
        "corrective action overdue 5 days (due 2026-03-17)",
        "整改措施已逾期 5 天（截止 2026-03-17）",
    ),
    (
        item("five_s", "red_tag_overdue", "too old", due=DAY),
        "red tag undecided past 2026-03-19: too old",
        "红牌超过 2026-03-19 仍未处理：too old",
    ),
    (
        item("pdca", "overdue", due=DAY, days=1),
        "cycle overdue 1 day (due 2026-03-19)",
        "循环已逾期 1 天（截止 2026-03-19）",
    ),
    (item("pdca", "due_soon", days=5), "cycle due in 5 days", "循环 5 天后到期"),
    (
        item("pdca", "check_quiet", last_measured=DAY),
        "in Check with no measurement since 2026-03-19",
        "处于检查阶段，自 2026-03-19 起没有测量",
    ),
    (
        item("pdca", "card_blocked", "tug", cycle="SMED"),
        "countermeasure of 'SMED' blocked: tug",
        "「SMED」的对策被阻塞：tug",
    ),
    (
        item("pdca", "card_overdue", due=DAY, days=2),
        "overdue 2 days (due 2026-03-19)",
        "已逾期 2 天（截止 2026-03-19）",
    ),
    (
        item("kaizen", "decision_overdue", days=20, submitter="李娜"),
        "waiting 20 days for a decision (from 李娜)",
        "等待决定 20 天（提出人 李娜）",
    ),
    (
        item("kaizen", "implementation_late", implement_by=DAY, days=1),
        "adopted, 1 day past its implementation date (2026-03-19)",
        "已采纳，超过实施日期 1 天（2026-03-19）",
    ),
    (
        item(
            "standup",
            "escalation",
            "need maintenance",
            datetime(2026, 3, 19, 1, tzinfo=UTC),
            raised_by="王伟",
        ),
        "escalated on 2026-03-19 by 王伟: need maintenance",
        "2026-03-19 由 王伟 上报：need maintenance",
    ),
    (item("andon", "pulled", "line 3"), "pulled: line 3", "pulled：line 3"),
]


@pytest.mark.parametrize(("attention", "english", "chinese"), CASES)
def test_why_each_stop_stops(attention: Attention, english: str, chinese: str) -> None:
    with clock.pinned(NOW):
        i18n.set_language("en")
        assert why(attention) == english
        i18n.set_language("zh_CN")
        assert why(attention) == chinese
