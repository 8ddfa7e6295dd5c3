"""The PDCA services on a fresh database each, on SQLite and PostgreSQL: creating and
editing cycles with refusals that save nothing, the list and its filters, the phase
rules (order, reasons, the confirmation for Check without Do actions, follow-ups,
abandoning), countermeasure cards linked both ways, measurements, the stand-up stops,
exports and metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database
from leantui.core.errors import Conflict, LeanError, NotFound, ValidationError
from leantui.core.hooks import Scope
from leantui.core.kanban import boards, cards
from leantui.core.kanban.cards import WipLimitReached
from leantui.core.modules import describe_source
from leantui.core.pdca import attention, checks, cycles, exports, phases, plan
from leantui.core.pdca.errors import NoDoActions, WrongPhase
from leantui.core.services import events, info, revisions, workspace

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # noon: the same date in any time zone
D0 = date(2026, 3, 2)
PROBLEM = "总装线换型平均 45 分钟。\n每月损失约 9 小时产能。\n\t小批量订单被推迟。"


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


@pytest.fixture
def team(db: Database) -> int:
    return workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜"]).id


def new_cycle(db: Database, team_id: int | None = None, **fields: object) -> int:
    values: dict[str, object] = {
        "start": D0,
        "problem": PROBLEM,
        "metric": "换型时间",
        "unit": "分钟",
        "baseline": "45",
        "goal": "25",
        "team_id": team_id,
    }
    values.update(fields)
    title, owner = values.pop("title", "缩短换型时间"), values.pop("owner", "王伟")
    due = values.pop("due", D0 + timedelta(days=30))
    with clock.pinned(T0):
        change = cycles.create_cycle(db, title, owner, due, **values)  # type: ignore[arg-type]
    return change.view.id


def counts(db: Database) -> dict[str, int]:
    return info.row_counts(db)


# --- creating and editing ------------------------------------------------------------------


def test_a_new_cycle_is_in_plan_with_its_target_and_problem_kept_as_typed(
    db: Database, team: int
) -> None:
    with clock.pinned(T0):
        change = cycles.create_cycle(
            db,
            "  缩短换型时间 ",
            "王伟",
            "2026-04-01",
            start="2026-03-02",
            problem=PROBLEM.replace("\n", "\r\n", 1),
            metric="换型时间",
            unit="分钟",
            baseline="４５",
            goal="25",
            team_id=team,
        )
    view = change.view
    row = view.row
    assert (change.action, row.title, row.phase, row.status, row.owner) == (
        "create",
        "缩短换型时间",
        "P",
        "open",
        "王伟",
    )
    assert view.problem == PROBLEM  # several lines, a tab, Chinese: all kept
    assert (row.target.baseline, row.target.goal, row.target.direction) == (45.0, 25.0, "lower")
    assert row.team == "装配一组" and row.area == "总装车间"  # the team's area
    assert (row.start, row.due, row.days_in_phase) == (D0, date(2026, 4, 1), 0)
    assert change.revision == view.revision == 1 and row.version == 1
    assert [(h.action, h.to_phase) for h in view.history] == [("create", "P")]
    with db.read() as session:
        event = session.execute(
            __import__("sqlalchemy").text(
                "SELECT team_id, area_id FROM events WHERE entity_type = 'pdca_cycle'"
            )
        ).one()
    assert event[0] == team and event[1] == row.area_id


@pytest.mark.parametrize(
    ("fields", "key", "field"),
    [
        ({"start": "2026-03-10", "due": "2026-03-09"}, "pdca.v_due_before_start", "due"),
        ({"baseline": "forty"}, "pdca.v_not_number", "baseline"),
        ({"goal": "25%"}, "pdca.v_not_number", "goal"),
        ({"goal": "45"}, "pdca.v_goal_is_baseline", "goal"),
        ({"goal": "60", "direction": "lower"}, "pdca.v_goal_not_lower", "direction"),
        ({"direction": "higher"}, "pdca.v_goal_not_higher", "direction"),
        ({"direction": "sideways"}, "core.v_bad_choice", "direction"),
        ({"due": "next Friday"}, "core.v_bad_date", "due"),
        ({"due": ""}, "core.v_required", "due"),
        ({"title": " \u200b "}, "core.v_required", "title"),
        ({"title": "换型\n时间"}, "core.v_line_break", "title"),
        ({"problem": "红色\x1b[31m警告"}, "core.v_control", "problem"),
        ({"owner": ""}, "core.v_required", "owner"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(
    db: Database, team: int, fields: dict[str, str], key: str, field: str
) -> None:
    before = counts(db)
    values = {
        "title": "缩短换型时间",
        "owner": "王伟",
        "due": "2026-04-01",
        "start": "2026-03-02",
        "baseline": "45",
        "goal": "25",
        "problem": PROBLEM,
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        cycles.create_cycle(
            db, values.pop("title"), values.pop("owner"), values.pop("due"), **values
        )
    assert (caught.value.key, caught.value.field) == (key, field)
    label = {"due": "Due date", "baseline": "Baseline", "goal": "Goal", "title": "Title"}
    if field in label and key != "core.v_bad_date":
        assert label[field] in caught.value.message()
    assert counts(db) == before
    assert cycles.list_cycles(db) == []


def test_an_unknown_team_or_area_saves_nothing(db: Database) -> None:
    with pytest.raises(NotFound):
        cycles.create_cycle(db, "x", "王伟", "2026-04-01", start=D0, team_id=99)
    with pytest.raises(NotFound):
        cycles.create_cycle(db, "x", "王伟", "2026-04-01", start=D0, area_id=99)
    assert cycles.list_cycles(db) == []


def test_an_edit_is_checked_as_a_whole_against_what_was_read(db: Database, team: int) -> None:
    cycle_id = new_cycle(db, team)
    view = cycles.view(db, cycle_id)
    seen = cycles.editable_values(view)
    change = cycles.edit_cycle(db, cycle_id, seen, title="缩短 1 号线换型时间", goal="20")
    assert change.action == "edit" and change.view.row.title == "缩短 1 号线换型时间"
    assert change.view.row.target.goal == 20.0 and change.view.row.version == 2
    # The form was filled before that edit: its title changed since, refused.
    with pytest.raises(Conflict):
        cycles.edit_cycle(db, cycle_id, seen, title="other")
    with pytest.raises(Conflict):
        cycles.edit_cycle(db, cycle_id, 1, owner="李娜")
    for fields, key in (
        ({"due": "2026-03-01"}, "pdca.v_due_before_start"),
        ({"baseline": "20"}, "pdca.v_goal_is_baseline"),
        ({"goal": "50"}, "pdca.v_goal_not_lower"),
    ):
        with pytest.raises(ValidationError) as caught:
            cycles.edit_cycle(db, cycle_id, None, **fields)
        assert caught.value.key == key
    # Both ends of the target at once, with the direction left blank: read off the target.
    both = cycles.edit_cycle(db, cycle_id, None, baseline="10", goal="30", direction="")
    assert both.view.row.target.direction == "higher"
    assert cycles.edit_cycle(db, cycle_id, None, owner="王伟").action == ""
    with clock.pinned(day(3)):
        checks.measure(db, cycle_id, 12, on=D0 + timedelta(days=2))
    with pytest.raises(ValidationError) as late:
        cycles.edit_cycle(db, cycle_id, None, start="2026-03-05")
    assert late.value.key == "pdca.v_start_after_measurement" and late.value.field == "start"
    assert cycles.view(db, cycle_id).row.start == D0


# --- the list --------------------------------------------------------------------------------


def test_the_list_filters_and_shows_phase_days_and_overdue(db: Database, team: int) -> None:
    other = workspace.create_team(db, "包装班组", "成品包装区").id
    first = new_cycle(db, team, due=D0 + timedelta(days=5))
    second = new_cycle(db, other, owner="孙丽")
    with clock.pinned(T0):
        third = cycles.create_cycle(db, "减少缺件", "李娜", D0 + timedelta(days=40)).view.id
    with clock.pinned(day(2)):
        phases.advance(db, first)
    with clock.pinned(day(3)):
        phases.abandon(db, third, "问题已随换线消失")
    with clock.pinned(day(9)):
        rows = cycles.list_cycles(db)
        assert [r.id for r in rows] == [first, second, third]  # open by due date, then ended
        by_id = {r.id: r for r in rows}
        assert (by_id[first].phase, by_id[first].days_in_phase, by_id[first].overdue) == (
            "D",
            7,
            True,
        )
        assert (by_id[second].phase, by_id[second].days_in_phase) == ("P", 9)
        assert not by_id[second].overdue and not by_id[third].overdue
        assert [r.id for r in cycles.list_cycles(db, status="open")] == [first, second]
        assert [r.id for r in cycles.list_cycles(db, status="abandoned")] == [third]
        assert [r.id for r in cycles.list_cycles(db, owner="孙丽")] == [second]
        assert [r.id for r in cycles.list_cycles(db, team_id=other)] == [second]
        area = workspace.find_area(db, "总装车间").id
        assert [r.id for r in cycles.list_cycles(db, area_id=area)] == [first]
        assert [r.id for r in cycles.list_cycles(db, phase="d")] == [first]
    with pytest.raises(ValidationError):
        cycles.list_cycles(db, status="done")


# --- Plan ---------------------------------------------------------------------------------


def test_plan_whys_up_to_seven_replaced_as_a_whole(db: Database) -> None:
    cycle_id = new_cycle(db)
    lines = [(f"为什么 {n}？", f"因为 {n}。") for n in range(1, 8)]
    change = plan.set_plan(  # the Plan form's save: one change
        db,
        cycle_id,
        current_state="换型全部在停线时进行。\n工具要去工具间取。",
        whys=lines,
        root_cause="缺少标准换型程序",
    )
    assert change.view.current_state == "换型全部在停线时进行。\n工具要去工具间取。"
    plan_events = [e for e in events.history(db, "pdca_cycle", cycle_id) if e.action == "plan"]
    assert len(plan_events) == 1 and set(plan_events[0].payload) == {
        "current_state",
        "whys",
        "root_cause",
    }
    assert [(w.position, w.why) for w in change.view.whys][-1] == (7, "为什么 7？")
    assert change.view.root_cause == "缺少标准换型程序"
    with pytest.raises(ValidationError) as eight:
        plan.set_whys(db, cycle_id, [*lines, ("为什么 8？", "因为 8。")])
    assert eight.value.key == "pdca.too_many_whys" and "7" in eight.value.message()
    with pytest.raises(ValidationError) as no_why:
        plan.set_whys(db, cycle_id, [("为什么？", "因为。"), ("", "只有因为")])
    assert no_why.value.key == "pdca.why_missing" and no_why.value.args_["n"] == 2
    with pytest.raises(ValidationError):  # a bad line refuses the whole form
        plan.set_plan(db, cycle_id, current_state="新的现状", whys=[("", "只有因为")])
    kept = cycles.view(db, cycle_id)
    assert len(kept.whys) == 7 and kept.current_state.startswith("换型")  # nothing saved
    shorter = plan.set_whys(
        db, cycle_id, [("为什么停线？", "缺件"), ("", ""), ("为什么缺件？", "")]
    )
    assert [(w.position, w.why, w.because) for w in shorter.view.whys] == [
        (1, "为什么停线？", "缺件"),
        (2, "为什么缺件？", ""),
    ]
    assert (
        plan.set_whys(db, cycle_id, [("为什么停线？", "缺件"), ("为什么缺件？", "")]).action == ""
    )


def test_the_analysis_changes_in_plan_only(db: Database) -> None:
    cycle_id = new_cycle(db)
    plan.add_countermeasure(db, cycle_id, "备好换型车")
    phases.advance(db, cycle_id)
    with pytest.raises(WrongPhase) as caught:
        plan.set_whys(db, cycle_id, [("为什么？", "因为。")])
    assert caught.value.needed == ("P",) and "P · Plan" in caught.value.message()
    assert "D · Do" in caught.value.message()
    with pytest.raises(WrongPhase):
        plan.set_plan(db, cycle_id, root_cause="x")
    plan.add_countermeasure(db, cycle_id, "快速夹钳")  # actions may still be added in Do


# --- Do -----------------------------------------------------------------------------------


def test_countermeasures_become_cards_linked_both_ways(db: Database, team: int) -> None:
    board = boards.create_board(db, "Line 1", team_id=team)
    cycle_id = new_cycle(db, team)
    plan.add_countermeasure(db, cycle_id, "停线前备好换型车\n车上放工具和下一套夹具", owner="张强")
    plan.add_countermeasure(db, cycle_id, "夹具底板改用快速夹钳", due="2026-03-10")
    with pytest.raises(WrongPhase):
        plan.put_on_board(db, cycle_id, board.id)
    phases.advance(db, cycle_id)
    change = plan.put_on_board(db, cycle_id, board.id)
    made = change.view.cards
    assert change.action == "do" and len(made) == 2
    first = cards.get_card(db, made[0].card_id or 0)
    assert (first.title, first.owner, first.source_type, first.source_id, first.tags) == (
        "停线前备好换型车",
        "张强",
        "pdca",
        cycle_id,
        "PDCA",
    )
    assert f"PDCA #{cycle_id}" in first.description and "下一套夹具" in first.description
    assert cards.get_card(db, made[1].card_id or 0).owner == "王伟"  # the cycle's owner
    assert describe_source(db, "pdca", cycle_id) == f"PDCA #{cycle_id} · 缩短换型时间"
    assert describe_source(db, "pdca", 999) is None
    # Again: nothing new.
    assert plan.put_on_board(db, cycle_id, board.id).action == ""
    # The cycle sees where each card stands, through the kanban rules.
    columns = boards.columns(db, board.id)
    cards.move_card(db, made[0].card_id or 0, columns[1].id)
    cards.block_card(db, made[0].card_id or 0, "等夹具")
    with clock.pinned(datetime(2026, 3, 12, 12, tzinfo=UTC)):
        seen = {c.id: c for c in cycles.view(db, cycle_id).cards}
    one, two = seen[made[0].id], seen[made[1].id]
    assert (one.column, one.blocked, one.blocked_reason, one.state) == (
        columns[1].name,
        True,
        "等夹具",
        "open",
    )
    assert (two.overdue, two.state) == (True, "overdue")
    cards.move_card(db, made[1].card_id or 0, columns[-1].id)
    with clock.pinned(datetime(2026, 3, 12, 12, tzinfo=UTC)):
        assert {c.id: c.state for c in cycles.view(db, cycle_id).cards}[made[1].id] == "done"
    cards.delete_card(db, made[1].card_id or 0)
    assert {c.id: c.state for c in cycles.view(db, cycle_id).cards}[made[1].id] == "gone"
    with pytest.raises(ValidationError) as linked:
        plan.remove_countermeasure(db, made[0].id)
    assert linked.value.key == "pdca.countermeasure_has_card"


def test_cards_are_made_all_or_none(db: Database) -> None:
    board = boards.create_board(
        db, "Tight", columns=[("Ready", "queue", 1), ("Done", "done", None)]
    )
    cycle_id = new_cycle(db)
    plan.add_countermeasure(db, cycle_id, "一")
    plan.add_countermeasure(db, cycle_id, "二")
    phases.advance(db, cycle_id)
    before = counts(db)
    with pytest.raises(WipLimitReached):
        plan.put_on_board(db, cycle_id, board.id)
    assert counts(db) == before and cards.board_cards(db, board.id) == []
    assert all(c.card_id is None for c in cycles.view(db, cycle_id).countermeasures)
    made = plan.put_on_board(db, cycle_id, board.id, override_reason="试行两周")
    assert len(made.view.cards) == 2


# --- phases -------------------------------------------------------------------------------


def test_phases_advance_in_order_and_check_needs_do_actions_or_a_confirmation(
    db: Database,
) -> None:
    cycle_id = new_cycle(db)
    with pytest.raises(ValidationError) as skip:
        phases.move_to(db, cycle_id, "C")
    assert skip.value.key == "pdca.phase_out_of_order"
    assert phases.advance(db, cycle_id).view.row.phase == "D"
    before = counts(db)
    with pytest.raises(NoDoActions) as asked:
        phases.advance(db, cycle_id)
    assert "Go to Check anyway?" in asked.value.message()
    assert counts(db) == before and cycles.view(db, cycle_id).row.phase == "D"
    assert phases.advance(db, cycle_id, confirm=True).view.row.phase == "C"
    assert phases.move_to(db, cycle_id, "A").view.row.phase == "A"
    with pytest.raises(ValidationError) as last:
        phases.advance(db, cycle_id)
    assert last.value.key == "pdca.act_is_last"
    assert phases.move_to(db, cycle_id, "a").action == ""  # already there


def test_going_back_needs_a_reason_and_is_recorded(db: Database) -> None:
    cycle_id = new_cycle(db)
    with pytest.raises(ValidationError) as first:
        phases.go_back(db, cycle_id, "理由")
    assert first.value.key == "pdca.plan_is_first"
    with clock.pinned(day(1)):
        phases.advance(db, cycle_id)
    with clock.pinned(day(2)):
        phases.advance(db, cycle_id, confirm=True)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            phases.go_back(db, cycle_id, reason)
        assert caught.value.key == "pdca.back_needs_reason" and caught.value.field == "reason"
        with pytest.raises(ValidationError):
            phases.move_to(db, cycle_id, "P", reason=reason)
    with pytest.raises(ValidationError) as forward:
        phases.go_back(db, cycle_id, "理由", to="A")
    assert forward.value.key == "pdca.not_back"
    with clock.pinned(day(4)):
        back = phases.go_back(db, cycle_id, "根本原因没找对", to="P")
    assert back.view.row.phase == "P" and back.view.row.phase_since == day(4)
    assert plan.set_whys(db, cycle_id, [("为什么？", "因为。")]).action == "plan"
    history = [(h.action, h.from_phase, h.to_phase, h.reason) for h in back.view.history]
    assert history == [
        ("create", None, "P", ""),
        ("phase", "P", "D", ""),
        ("phase", "D", "C", ""),
        ("phase", "C", "P", "根本原因没找对"),
    ]
    phase_events = [e for e in events.history(db, "pdca_cycle", cycle_id) if e.action == "phase"]
    assert len(phase_events) == 3


def test_standardize_closes_and_a_closed_cycle_no_longer_changes(db: Database) -> None:
    cycle_id = new_cycle(db)
    phases.advance(db, cycle_id)
    with pytest.raises(WrongPhase):
        phases.standardize(db, cycle_id, "SOP v3")
    with pytest.raises(WrongPhase):
        phases.close(db, cycle_id)
    phases.advance(db, cycle_id, confirm=True)
    phases.advance(db, cycle_id)
    with pytest.raises(ValidationError) as empty:
        phases.standardize(db, cycle_id, "  ")
    assert empty.value.field == "standard"
    with clock.pinned(day(20)):
        done = phases.standardize(db, cycle_id, "换型作业标准 SOP v3", "1 号线 SOP 文件夹")
    row = done.view.row
    assert (row.status, row.phase, row.closed_at) == ("closed", "A", day(20))
    assert (done.view.standard, done.view.standard_where) == (
        "换型作业标准 SOP v3",
        "1 号线 SOP 文件夹",
    )
    assert done.view.history[-1].action == "close"
    for attempt in (
        lambda: checks.measure(db, cycle_id, 20),
        lambda: phases.abandon(db, cycle_id, "x"),
        lambda: phases.go_back(db, cycle_id, "x"),
        lambda: plan.add_countermeasure(db, cycle_id, "x"),
    ):
        with pytest.raises(ValidationError) as closed:
            attempt()
        assert closed.value.key == "pdca.is_closed"


def test_a_follow_up_inherits_title_target_and_area_and_closes_this_one(
    db: Database, team: int
) -> None:
    cycle_id = new_cycle(db, team)
    for _ in range(3):
        phases.advance(db, cycle_id, confirm=True)
    with clock.pinned(day(10)):
        checks.measure(db, cycle_id, 33, on=D0 + timedelta(days=10))
    with clock.pinned(day(12)):
        change = phases.follow_up(db, cycle_id, "2026-04-30", owner="李娜", baseline="33")
    new = change.view
    assert change.action == "follow_up" and change.other_id == cycle_id and new.id != cycle_id
    assert (new.row.title, new.row.phase, new.row.status, new.row.owner) == (
        "缩短换型时间",
        "P",
        "open",
        "李娜",
    )
    target = new.row.target
    assert (target.metric, target.unit, target.baseline, target.goal, target.direction) == (
        "换型时间",
        "分钟",
        33.0,
        25.0,
        "lower",
    )
    assert (new.row.team_id, new.row.area) == (team, "总装车间")
    assert (new.row.start, new.row.parent_id) == (D0 + timedelta(days=12), cycle_id)
    assert new.parent is not None and (new.parent.id, new.parent.status) == (cycle_id, "closed")
    old = cycles.view(db, cycle_id)
    assert old.row.status == "closed" and [f.id for f in old.follow_ups] == [new.id]
    assert new.measurements == [] and new.whys == []
    with pytest.raises(WrongPhase):
        phases.follow_up(db, new.id, "2026-05-30")  # a follow-up too is made in Act only


def test_a_follow_up_is_checked_like_a_new_cycle(db: Database) -> None:
    cycle_id = new_cycle(db)
    for _ in range(3):
        phases.advance(db, cycle_id, confirm=True)
    before = counts(db)
    for kwargs, key in (
        ({"due": "2026-01-01"}, "pdca.v_due_before_start"),
        ({"due": "2026-05-01", "baseline": "25"}, "pdca.v_goal_is_baseline"),
        ({"due": "2026-05-01", "goal": "x"}, "pdca.v_not_number"),
    ):
        with clock.pinned(T0), pytest.raises(ValidationError) as caught:
            phases.follow_up(db, cycle_id, **kwargs)  # type: ignore[arg-type]
        assert caught.value.key == key
    assert counts(db) == before and cycles.view(db, cycle_id).row.status == "open"


def test_abandon_needs_a_reason(db: Database) -> None:
    cycle_id = new_cycle(db)
    phases.advance(db, cycle_id)
    with pytest.raises(ValidationError) as caught:
        phases.abandon(db, cycle_id, " ")
    assert caught.value.field == "abandon_reason"
    done = phases.abandon(db, cycle_id, "工位将由自动拧紧单元取代")
    assert (done.view.row.status, done.view.row.phase) == ("abandoned", "D")
    assert done.view.abandon_reason == "工位将由自动拧紧单元取代"
    assert done.view.history[-1].reason == "工位将由自动拧紧单元取代"
    with pytest.raises(ValidationError) as again:
        phases.advance(db, cycle_id)
    assert again.value.key == "pdca.is_abandoned"


# --- Check --------------------------------------------------------------------------------


def test_measurements_dated_within_the_cycle_decide_the_target(db: Database, team: int) -> None:
    cycle_id = new_cycle(db, team)
    before = counts(db)
    with clock.pinned(day(10)):
        for value, on, key, field in (
            ("38", "2026-03-01", "pdca.v_measured_before_start", "date"),
            ("38", "2026-03-13", "pdca.v_measured_in_future", "date"),
            ("三十八", None, "pdca.v_not_number", "value"),
            ("", None, "core.v_required", "value"),
            ("38", "03/05/2026", "core.v_bad_date", "date"),
        ):
            with pytest.raises(ValidationError) as caught:
                checks.measure(db, cycle_id, value, on=on)
            assert (caught.value.key, caught.value.field) == (key, field)
    assert counts(db) == before
    revision = cycles.view(db, cycle_id).revision
    with clock.pinned(day(10)):
        first = checks.measure(db, cycle_id, "38", note="第一周")
        assert first.view.measurements[0].measured_on == D0 + timedelta(days=10)  # today
        assert first.revision == revision + 1
        assert first.view.target_met is False
        assert first.view.change_percent == pytest.approx(-100 * 7 / 45)
        # An earlier date entered later: the latest is still the one of the 12th.
        checks.measure(db, cycle_id, "24", on="2026-03-12")
        last = checks.measure(db, cycle_id, "30", on="2026-03-05")
    view = last.view
    assert [m.value for m in view.measurements] == [30.0, 38.0, 24.0]  # by date
    assert (view.row.latest, view.row.latest_on, view.target_met) == (24.0, date(2026, 3, 12), True)
    assert view.progress == pytest.approx(21 / 20)
    measured = [e for e in events.history(db, "pdca_cycle", cycle_id) if e.action == "measure"]
    assert len(measured) == 3 and measured[-1].payload["note"] == "第一周"
    with db.read() as session:
        scopes = {
            (row[0], row[1])
            for row in session.execute(
                __import__("sqlalchemy").text(
                    "SELECT team_id, area_id FROM events WHERE action = 'measure'"
                )
            )
        }
    assert scopes == {(team, view.row.area_id)}
    removed = checks.remove_measurement(db, view.measurements[2].id)
    assert removed.view.row.latest == 38.0 and removed.view.target_met is False
    with pytest.raises(NotFound):
        checks.remove_measurement(db, 9999)


def test_a_higher_is_better_target(db: Database) -> None:
    cycle_id = new_cycle(db, baseline="82.5", goal="95", metric="一次合格率", unit="%")
    assert cycles.view(db, cycle_id).row.target.direction == "higher"
    with clock.pinned(day(5)):
        assert checks.measure(db, cycle_id, "94.9").view.target_met is False
        assert checks.measure(db, cycle_id, "95").view.target_met is True


def test_every_write_bumps_the_cycle_and_the_list(db: Database) -> None:
    cycle_id = new_cycle(db)
    seen = revisions.current(db, [cycles.scope(cycle_id), cycles.LIST])
    change = plan.add_countermeasure(db, cycle_id, "备好换型车")
    after = revisions.current(db, [cycles.scope(cycle_id), cycles.LIST])
    assert after[cycles.scope(cycle_id)] == seen[cycles.scope(cycle_id)] + 1 == change.revision
    assert after[cycles.LIST] == seen[cycles.LIST] + 1
    version = change.view.row.version
    with pytest.raises(Conflict):
        phases.advance(db, cycle_id, expected_version=version - 1)
    assert phases.advance(db, cycle_id, expected_version=version).view.row.version == version + 1


def test_another_connection_sees_a_change_at_once(db: Database, target: str) -> None:
    cycle_id = new_cycle(db)
    phases.advance(db, cycle_id)
    other, _ = open_database(target)
    try:
        assert cycles.view(other, cycle_id).row.phase == "D"
    finally:
        other.close()


# --- the stand-up, exports and metrics ----------------------------------------------------------


def test_stand_up_stops(db: Database, team: int) -> None:
    board = boards.create_board(db, "Line 1", team_id=team)
    other = workspace.create_team(db, "包装班组", "成品包装区").id
    soon = new_cycle(db, team, due=D0 + timedelta(days=15))
    late = new_cycle(db, other, due=D0 + timedelta(days=5))
    quiet = new_cycle(db, team)
    doing = new_cycle(db, team)
    plan.add_countermeasure(db, doing, "双箱制", due="2026-03-08")
    plan.add_countermeasure(db, doing, "看板卡投递箱")
    with clock.pinned(day(1)):
        for cycle_id in (quiet, doing):
            phases.advance(db, cycle_id)
        made = plan.put_on_board(db, doing, board.id).view.cards
        cards.block_card(db, made[1].card_id or 0, "等牵引车")
        phases.advance(db, quiet, confirm=True)
        checks.measure(db, quiet, 40)
    with clock.pinned(day(10)):
        found = attention.exceptions(db, Scope(), None)
        kinds = [(s.kind, s.entity_id) for s in found]
        assert kinds == [
            ("overdue", late),
            ("due_soon", soon),
            ("card_blocked", made[1].card_id),
            ("card_overdue", made[0].card_id),
        ]
        assert found[0].facts["days"] == 5 and found[1].facts["days"] == 5
        assert found[2].detail == "等牵引车" and found[2].board_id == board.id
        assert all(s.module == "pdca" for s in found)
        mine = attention.exceptions(db, Scope(team_id=team), None)
        assert ("overdue", late) not in [(s.kind, s.entity_id) for s in mine]
        assert len(mine) == 3
        on_board = attention.exceptions(db, Scope(board_id=board.id), None)
        assert [s.kind for s in on_board] == ["card_blocked", "card_overdue"]
    with clock.pinned(day(15)):  # Check since day 1, last measured on day 1
        assert ("check_quiet", quiet) in [
            (s.kind, s.entity_id) for s in attention.exceptions(db, Scope(), None)
        ]


def test_exports_stream_every_table(db: Database, team: int) -> None:
    cycle_id = new_cycle(db, team)
    plan.set_whys(db, cycle_id, [("为什么？", "因为。"), ("为什么 2？", "因为 2。")])
    plan.add_countermeasure(db, cycle_id, "双箱制")
    phases.advance(db, cycle_id)
    phases.advance(db, cycle_id, confirm=True)
    with clock.pinned(day(3)):
        checks.measure(db, cycle_id, 30)
    other = new_cycle(db)  # no team: not in the team's export
    found = {t.name: (t.columns, list(t.rows)) for t in exports.tables(db, Scope(team_id=team))}
    assert set(found) == {"cycles", "whys", "countermeasures", "measurements", "phase_changes"}
    for columns, rows in found.values():
        assert rows and all(len(row) == len(columns) for row in rows)
    cycle_rows = found["cycles"][1]
    assert [r[0] for r in cycle_rows] == [cycle_id] and cycle_rows[0][2] == PROBLEM
    assert cycle_rows[0][-2:] == (30.0, False)
    assert [r[3:7] for r in found["phase_changes"][1]] == [
        (cycle_id, "create", None, "P"),
        (cycle_id, "phase", "P", "D"),
        (cycle_id, "phase", "D", "C"),
    ]
    everything = {t.name: list(t.rows) for t in exports.tables(db, Scope())}
    assert {r[0] for r in everything["cycles"]} == {cycle_id, other}


def test_metrics_over_the_database(db: Database) -> None:
    on_time = new_cycle(db, due=D0 + timedelta(days=20))
    late = new_cycle(db, due=D0 + timedelta(days=5))
    overdue = new_cycle(db, due=D0 + timedelta(days=3), owner="李娜")
    new_cycle(db, due=D0 + timedelta(days=60), owner="李娜")
    for cycle_id, closed in ((on_time, 12), (late, 8)):
        for n in range(3):
            with clock.pinned(day(2 * n + 2)):
                phases.advance(db, cycle_id, confirm=True)
        with clock.pinned(day(closed)):
            checks.measure(db, cycle_id, 24 if cycle_id == on_time else 30)
            phases.close(db, cycle_id)
    with clock.pinned(day(30)):
        found = cycles.metrics_of(db)
    assert (found.cycles, found.open) == (4, 2)
    assert (found.on_time.count, found.on_time.of) == (1, 3)  # type: ignore[union-attr]
    assert (found.target_met.count, found.target_met.of) == (1, 2)  # type: ignore[union-attr]
    assert found.days_per_phase == {
        "P": pytest.approx(2.0),
        "D": pytest.approx(2.0),
        "C": pytest.approx(2.0),
        "A": pytest.approx((6 + 2) / 2),
    }
    assert found.open_per_owner == {"李娜": 2}
    del overdue


def test_not_found_everywhere(db: Database) -> None:
    for attempt in (
        lambda: cycles.view(db, 42),
        lambda: phases.advance(db, 42),
        lambda: checks.measure(db, 42, 1),
        lambda: plan.edit_countermeasure(db, 42, text="x"),
        lambda: cycles.edit_cycle(db, 42, None, title="x"),
    ):
        with pytest.raises(LeanError) as caught:
            attempt()
        assert isinstance(caught.value, NotFound)
        assert "42" in caught.value.message()
