"""The kaizen services on a fresh database each, on SQLite and PostgreSQL: quick capture
in one call, the review workflow and its refusals (nothing saved half-way), every change
an event with who and when, follow-up cards linked both ways, the list's filters and
sorting, the detail with its history, the stand-up's stops and the exports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from leantui.core import clock
from leantui.core.config import KaizenSettings, Settings
from leantui.core.db.engine import Database
from leantui.core.db.models import Event, Person
from leantui.core.errors import Conflict, LeanError, NotFound, ValidationError
from leantui.core.export import tables as export_tables
from leantui.core.hooks import Scope
from leantui.core.kaizen import suggestions as sg
from leantui.core.kaizen import view
from leantui.core.kaizen.attention import exceptions
from leantui.core.kaizen.exports import tables
from leantui.core.kanban import boards, cards
from leantui.core.modules import describe_source
from leantui.core.pdca import cycles
from leantui.core.services import info, revisions, workspace

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def team(db: Database) -> int:
    return workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜", "张强"]).id


def capture(db: Database, title: str = "Move the screw bins", **kwargs: object) -> sg.SuggestionRow:
    submitter = str(kwargs.pop("submitter", "王伟"))
    with clock.pinned(kwargs.pop("at", T0)):  # type: ignore[arg-type]
        return sg.capture(
            db,
            title,
            str(kwargs.pop("problem", "Operators turn round for screws")),
            str(kwargs.pop("proposal", "Bins on the working side")),
            kwargs.pop("area_id", None),  # type: ignore[arg-type]
            submitter,
            **kwargs,  # type: ignore[arg-type]
        )


def suggestion_events(db: Database, suggestion_id: int) -> list[Event]:
    with db.read() as session:
        query = (
            select(Event)
            .where(Event.entity_type == "suggestion", Event.entity_id == suggestion_id)
            .order_by(Event.id)  # type: ignore[arg-type]
        )
        return list(session.exec(query).all())


def test_quick_capture_is_one_call_that_fills_in_the_team_and_area(db: Database, team: int) -> None:
    before = revisions.current(db, [sg.SCOPE])[sg.SCOPE]
    row = capture(db, category="motion", estimated_saving="1,200.50")
    assert (row.status, row.submitter, row.team_id, row.team) == (
        "submitted",
        "王伟",
        team,
        "装配一组",
    )
    assert row.area == "总装车间" and row.area_id is not None  # the team's area
    assert (row.category, row.estimated_saving, row.currency) == (
        "motion",
        Decimal("1200.50"),
        "CNY",
    )
    assert row.submitted_at == T0 and row.decided_at is None and row.version == 1
    assert revisions.current(db, [sg.SCOPE])[sg.SCOPE] == before + 1
    [event] = suggestion_events(db, row.id)
    assert (event.action, event.actor, event.at, event.team_id, event.area_id) == (
        "submit",
        "tester",
        T0,
        team,
        row.area_id,
    )
    assert event.payload["to"] == "submitted"
    # Only title and submitter are needed; no team known for a stranger without one.
    bare = sg.capture(db, "Label the racks", "", "", None, "访客")
    assert (bare.team_id, bare.area_id, bare.category, bare.estimated_saving) == (
        None,
        None,
        "",
        None,
    )
    # The area's team when the submitter is unknown but the area has one team.
    by_area = sg.capture(db, "Fix the lamp", "", "", row.area_id, "访客", currency="usd")
    assert (by_area.team_id, by_area.currency) == (team, "USD")


def test_a_new_submitter_joins_the_team_in_the_same_call(db: Database, team: int) -> None:
    assert sg.submitters(db, team) == sorted(["王伟", "李娜", "张强"])
    row = capture(db, submitter="赵磊", team_id=team, add_person=True)
    assert row.team_id == team
    assert "赵磊" in sg.submitters(db, team)
    assert sg.submitters(db, team, "赵") == ["赵磊"]
    # Again: no second person of that name.
    capture(db, submitter="赵磊", team_id=team, add_person=True)
    with db.read() as session:
        people = session.exec(select(Person).where(Person.name == "赵磊")).all()
        assert len(people) == 1
    # Someone who left the team is not offered, and comes back when named again.
    with db.write() as session:
        found = session.exec(select(Person).where(Person.name == "赵磊")).one()
        found.active = False
    assert "赵磊" not in sg.submitters(db, team)
    capture(db, submitter="赵磊", team_id=team, add_person=True)
    assert "赵磊" in sg.submitters(db, team)
    # A new name without a team cannot join one: refused, nothing saved.
    count = info.row_counts(db)
    with pytest.raises(ValidationError) as caught:
        capture(db, submitter="访客", add_person=True)
    assert caught.value.field == "team"
    assert info.row_counts(db) == count


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"title": "  "}, "title", "core.v_required"),
        ({"submitter": ""}, "submitter", "core.v_required"),
        ({"estimated_saving": "lots"}, "estimated_saving", "kaizen.v_not_money"),
        ({"estimated_saving": "-100"}, "estimated_saving", "core.v_negative"),
        ({"category": "laziness"}, "category", "core.v_bad_choice"),
    ],
)
def test_bad_input_to_capture_names_the_field_and_saves_nothing(
    db: Database, team: int, changes: dict[str, object], field: str, key: str
) -> None:
    count = info.row_counts(db)
    values: dict[str, object] = {"title": "Idea", **changes}
    title = str(values.pop("title"))
    with pytest.raises(ValidationError) as caught:
        capture(db, title, add_person=True, team_id=team, **values)
    assert (caught.value.key, caught.value.field) == (key, field)
    assert info.row_counts(db) == count


def test_the_workflow_with_who_and_when(db: Database, team: int) -> None:
    row = capture(db, estimated_saving=800)
    later = T0 + timedelta(days=3)
    with clock.pinned(later):
        reviewed = sg.review(db, row.id, "李娜", expected_version=row.version)
    assert (reviewed.status, reviewed.reviewer) == ("under_review", "李娜")
    with clock.pinned(later + timedelta(days=1)):
        adopted = sg.decide(db, row.id, "adopt", implement_by="2026-03-20")
    assert (adopted.status, adopted.decided_at, adopted.implement_by) == (
        "adopted",
        later + timedelta(days=1),
        date(2026, 3, 20),
    )
    assert adopted.reviewer == "李娜"  # kept
    with clock.pinned(later + timedelta(days=5)):
        done = sg.implement(db, row.id, "2026-03-08", "１,０５０")
    assert (done.status, done.implemented_on, done.actual_saving) == (
        "implemented",
        date(2026, 3, 8),
        Decimal("1050.00"),
    )
    events = suggestion_events(db, row.id)
    history = [(e.action, e.payload.get("from"), e.payload.get("to")) for e in events]
    assert history == [
        ("submit", None, "submitted"),
        ("review", "submitted", "under_review"),
        ("adopt", "under_review", "adopted"),
        ("implement", "adopted", "implemented"),
    ]
    assert all(e.actor == "tester" and e.team_id == team for e in events)
    assert [e.at for e in events] == [
        T0,
        later,
        later + timedelta(days=1),
        later + timedelta(days=5),
    ]
    detail = sg.detail(db, row.id)
    assert [e.action for e in detail.history] == ["implement", "adopt", "review", "submit"]
    assert detail.suggestion == sg.get(db, row.id) and detail.card is None


def test_rejection_needs_a_reason_and_a_decision_is_taken_once(db: Database, team: int) -> None:
    row = capture(db)
    with pytest.raises(ValidationError) as caught:
        sg.decide(db, row.id, "reject", "  ")
    assert (caught.value.key, caught.value.field) == ("kaizen.reason_required", "reason")
    assert "Reason" in caught.value.message()
    assert sg.get(db, row.id).status == "submitted"
    with pytest.raises(ValidationError) as bad:
        sg.decide(db, row.id, "maybe")
    assert bad.value.field == "decision"
    rejected = sg.decide(db, row.id, "REJECT", "Covered by the AGV project", reviewer="王伟")
    assert (rejected.status, rejected.reason, rejected.reviewer) == (
        "rejected",
        "Covered by the AGV project",
        "王伟",
    )
    for decision, reason in (("adopt", ""), ("reject", "again")):
        with pytest.raises(ValidationError) as twice:
            sg.decide(db, row.id, decision, reason)
        assert twice.value.key == "kaizen.already_decided"
    with pytest.raises(ValidationError) as review:
        sg.review(db, row.id)
    assert review.value.key == "kaizen.already_decided"
    with pytest.raises(ValidationError) as implement:
        sg.implement(db, row.id)
    assert implement.value.key == "kaizen.implement_needs_adoption"
    assert len(suggestion_events(db, row.id)) == 2  # submit, reject: nothing else


def test_implementation_is_checked_before_anything_is_saved(db: Database, team: int) -> None:
    row = capture(db)
    with pytest.raises(ValidationError) as early:
        sg.decide(db, row.id, "adopt", implement_by="2026-01-01")
    assert early.value.field == "implement_by"
    sg.decide(db, row.id, "adopt")
    with clock.pinned(T0 + timedelta(days=10)):
        for day, saving, field, key in (
            ("2026-02-27", None, "implemented_on", "kaizen.implemented_before_submitted"),
            ("2026-04-01", None, "implemented_on", "kaizen.implemented_in_future"),
            ("yesterday", None, "implemented_on", "core.v_bad_date"),
            ("2026-03-05", "abc", "actual_saving", "kaizen.v_not_money"),
            ("2026-03-05", "-3", "actual_saving", "core.v_negative"),
        ):
            with pytest.raises(ValidationError) as caught:
                sg.implement(db, row.id, day, saving)
            assert (caught.value.key, caught.value.field) == (key, field)
            found = sg.get(db, row.id)
            assert (found.status, found.implemented_on, found.actual_saving) == (
                "adopted",
                None,
                None,
            )
        done = sg.implement(db, row.id)  # today, no savings known
    assert done.implemented_on == (T0 + timedelta(days=10)).astimezone().date()
    assert done.actual_saving is None


def test_a_change_checked_against_what_was_read(db: Database, team: int) -> None:
    row = capture(db)
    sg.review(db, row.id, "李娜")
    with pytest.raises(Conflict):
        sg.decide(db, row.id, "adopt", expected_version=row.version)
    assert sg.get(db, row.id).status == "under_review"
    with pytest.raises(NotFound):
        sg.review(db, 99_999)


def test_edit(db: Database, team: int) -> None:
    row = capture(db)
    edited = sg.edit(db, row.id, row.version, category="waiting", estimated_saving="90")
    assert (edited.category, edited.estimated_saving) == ("waiting", Decimal("90.00"))
    assert suggestion_events(db, row.id)[-1].payload == {
        "category": ["", "waiting"],
        "estimated_saving": [None, "90.00"],
    }
    with pytest.raises(ValidationError) as actual:
        sg.edit(db, row.id, actual_saving="5")
    assert actual.value.key == "kaizen.actual_needs_implementation"
    with pytest.raises(Conflict):
        sg.edit(db, row.id, row.version, title="Stale")
    with pytest.raises(TypeError):
        sg.edit(db, row.id, status="adopted")


def test_follow_up_card_linked_both_ways(db: Database, team: int) -> None:
    board = boards.create_board(db, "Line 1", team_id=team)
    row = capture(db)
    with pytest.raises(ValidationError) as early:
        sg.create_card(db, row.id, board.id)
    assert early.value.key == "kaizen.follow_up_needs_adoption"
    sg.decide(db, row.id, "adopt", implement_by="2026-03-20")
    linked = sg.create_card(db, row.id, board.id)
    assert linked.card_id is not None
    card = cards.get_card(db, linked.card_id)
    assert (card.source_type, card.source_id, card.owner, card.due) == (
        "kaizen",
        row.id,
        "王伟",
        date(2026, 3, 20),
    )
    assert card.title == row.title and f"#{row.id}" in card.description
    assert card.column_id == boards.columns(db, board.id)[0].id
    assert describe_source(db, "kaizen", row.id) == f"Kaizen #{row.id} · {row.title} (by 王伟)"
    assert describe_source(db, "kaizen", 99_999) is None
    detail = sg.detail(db, row.id)
    assert detail.card is not None and (detail.card.state, detail.card.board) == ("open", "Line 1")
    with pytest.raises(ValidationError) as twice:
        sg.create_card(db, row.id, board.id)
    assert twice.value.key == "kaizen.has_card"
    assert len(cards.board_cards(db, board.id)) == 1


def test_a_card_that_cannot_be_made_leaves_no_link(db: Database, team: int) -> None:
    row = capture(db)
    sg.decide(db, row.id, "adopt")
    with pytest.raises(LeanError):
        sg.create_card(db, row.id, 99_999)
    assert sg.get(db, row.id).card_id is None
    assert [e.action for e in suggestion_events(db, row.id)] == ["submit", "adopt"]


def test_link_cycle_is_the_pdca_seam(db: Database, team: int) -> None:
    cycle = cycles.create_cycle(db, "Screw feeding", "王伟", "2099-04-30").view.row.id
    row = capture(db)
    with pytest.raises(ValidationError):
        sg.link_cycle(db, row.id, cycle)
    sg.decide(db, row.id, "adopt")
    with pytest.raises(NotFound) as missing:  # a cycle that does not exist is not linked
        sg.link_cycle(db, row.id, 99_999)
    assert missing.value.key == "pdca.no_such_cycle"
    assert sg.link_cycle(db, row.id, cycle).follow_up_cycle_id == cycle
    assert suggestion_events(db, row.id)[-1].payload == {"from": None, "cycle_id": cycle}
    assert sg.of_cycle(db, cycle) == sg.get(db, row.id)
    with pytest.raises(ValidationError):
        sg.link_cycle(db, row.id, 0)
    assert sg.link_cycle(db, row.id, None).follow_up_cycle_id is None
    assert sg.of_cycle(db, cycle) is None


def test_a_pdca_cycle_from_an_adopted_suggestion_linked_both_ways(db: Database, team: int) -> None:
    row = capture(db, "Screw bins on the working side")
    with pytest.raises(ValidationError) as early:
        sg.create_cycle(db, row.id)
    assert early.value.key == "kaizen.follow_up_needs_adoption"
    with clock.pinned(T0 + timedelta(days=1)):
        sg.decide(db, row.id, "adopt", reviewer="李娜", implement_by="2026-03-31")
        linked = sg.create_cycle(db, row.id)
    assert linked.follow_up_cycle_id is not None and linked.version == row.version + 2
    cycle = cycles.view(db, linked.follow_up_cycle_id)
    assert (cycle.row.title, cycle.row.owner, cycle.row.due, cycle.row.phase) == (
        row.title,
        "李娜",  # the reviewer
        date(2026, 3, 31),  # the implementation target
        "P",
    )
    assert (cycle.row.team_id, cycle.row.area_id) == (row.team_id, row.area_id)
    assert cycle.problem.startswith("Operators turn round for screws")
    assert "Bins on the working side" in cycle.problem
    assert sg.of_cycle(db, cycle.row.id) == sg.get(db, row.id)  # the cycle's side
    event = suggestion_events(db, row.id)[-1]
    assert (event.action, event.payload) == (
        "cycle",
        {"from": None, "cycle_id": cycle.row.id, "created": True},
    )
    with pytest.raises(ValidationError) as twice:
        sg.create_cycle(db, row.id)
    assert twice.value.key == "kaizen.has_cycle"
    assert len(cycles.list_cycles(db)) == 1


def test_a_cycle_that_cannot_be_made_leaves_no_link(db: Database, team: int) -> None:
    row = capture(db)
    sg.decide(db, row.id, "adopt")
    with pytest.raises(ValidationError) as bad:
        sg.create_cycle(db, row.id, owner="王伟", due="2000-01-01")  # before its start
    assert bad.value.field == "due"
    assert sg.get(db, row.id).follow_up_cycle_id is None
    assert cycles.list_cycles(db) == []
    with clock.pinned(T0):
        made = sg.create_cycle(db, row.id, owner="张强")
    assert made.follow_up_cycle_id is not None
    found = cycles.cycle_row(db, made.follow_up_cycle_id)
    assert (found.owner, found.due) == ("张强", date(2026, 4, 1))  # 30 days ahead


def test_list_filters_and_sorting(db: Database, team: int) -> None:
    other = workspace.create_team(db, "包装班组", "成品包装区", ["孙丽"]).id
    a = capture(db, "A", category="motion", estimated_saving=300, at=T0 - timedelta(days=40))
    b = capture(db, "B", category="defects", submitter="李娜", at=T0 - timedelta(days=20))
    c = capture(db, "C", submitter="孙丽", estimated_saving=100, at=T0 - timedelta(days=10))
    d = capture(db, "D", submitter="孙丽", at=T0 - timedelta(days=2))
    with clock.pinned(T0):
        sg.decide(db, a.id, "adopt")
        sg.review(db, c.id)

        def ids(**filters: object) -> list[int]:
            return [r.id for r in sg.list_suggestions(db, **filters)]  # type: ignore[arg-type]

        assert ids() == [d.id, c.id, b.id, a.id]  # newest first
        assert ids(descending=False) == [a.id, b.id, c.id, d.id]
        assert ids(team_id=other) == [d.id, c.id]
        assert ids(status="submitted") == [d.id, b.id]
        assert ids(status=("adopted", "under_review")) == [c.id, a.id]
        assert ids(category="DEFECTS") == [b.id]
        assert ids(submitter="孙丽") == [d.id, c.id]
        assert ids(month=(T0 - timedelta(days=40)).astimezone().strftime("%Y-%m")) == [a.id]
        assert ids(overdue=True) == [b.id]  # waiting 20 days; c waits 10, a is decided
        assert ids(overdue=True, overdue_days=7) == [c.id, b.id]
        assert ids(sort="saving") == [a.id, c.id, d.id, b.id]  # nothing given: last
        assert ids(sort="title", descending=False) == [a.id, b.id, c.id, d.id]
        assert ids(sort="status", descending=False)[0] in (b.id, d.id)
        assert ids(limit=2, offset=1) == [c.id, b.id]
        assert sg.count(db, status="submitted") == 2 and sg.count(db) == 4
        rows = {r.id: r for r in sg.list_suggestions(db)}
        assert rows[b.id].overdue(clock.today()) and not rows[c.id].overdue(clock.today())
    for bad in ({"sort": "colour"}, {"status": "lost"}, {"month": "2026-13"}):
        with pytest.raises(ValidationError):
            sg.list_suggestions(db, **bad)  # type: ignore[arg-type]
    assert workspace.find_team(db, "包装班组").id == other
    assert workspace.find_team(db, f"#{other}").id == other
    with pytest.raises(NotFound):
        workspace.find_team(db, "nobody")


def test_stand_up_stops(db: Database, team: int) -> None:
    other = workspace.create_team(db, "包装班组", "成品包装区", ["孙丽"]).id
    waiting = capture(db, "Waiting", at=T0 - timedelta(days=20))
    capture(db, "Fresh", at=T0 - timedelta(days=3))
    late = capture(db, "Late", submitter="孙丽", at=T0 - timedelta(days=30))
    on_time = capture(db, "On time", submitter="孙丽", at=T0 - timedelta(days=30))
    with clock.pinned(T0 - timedelta(days=25)):
        sg.decide(db, late.id, "adopt", implement_by=(T0 - timedelta(days=1)).date())
        sg.decide(db, on_time.id, "adopt", implement_by=(T0 + timedelta(days=5)).date())
    with clock.pinned(T0):
        stops = exceptions(db, Scope(), None)
        assert [(s.kind, s.entity_id) for s in stops] == [
            ("decision_overdue", waiting.id),
            ("implementation_late", late.id),
        ]
        assert stops[0].facts["days"] == 20 and stops[0].module == "kaizen"
        assert [s.entity_id for s in exceptions(db, Scope(team_id=other), None)] == [late.id]
        assert exceptions(db, Scope(team_id=team), None, overdue_days=30) == []
        board = boards.create_board(db, "Line 1", team_id=team)
        assert [s.entity_id for s in exceptions(db, Scope(board_id=board.id), None)] == [waiting.id]


def test_exports(db: Database, team: int) -> None:
    row = capture(db, estimated_saving=50)
    with clock.pinned(T0 + timedelta(days=1)):
        sg.decide(db, row.id, "reject", "No room")
        found = {table.name: table for table in tables(db, Scope())}
        assert set(found) == {"kaizen_suggestions", "kaizen_status_changes", "kaizen_metrics"}
        for table in found.values():
            rows = list(table.rows)
            assert rows and all(len(r) == len(table.columns) for r in rows), table.name
        [exported] = list(tables(db, Scope())[0].rows)
        assert exported[:3] == (row.id, row.title, "王伟")
        changes = list(tables(db, Scope())[1].rows)
        assert [c[3:] for c in changes] == [
            ("submit", "", "submitted", ""),
            ("reject", "submitted", "rejected", "No room"),
        ]
        metrics_rows = list(tables(db, Scope(team_id=team))[2].rows)
        assert metrics_rows[-1][:3] == ("装配一组", "2026-03", 1)
        assert list(tables(db, Scope(team_id=team + 1))[0].rows) == []


def test_the_capture_choices_are_what_the_services_read(db: Database, team: int) -> None:
    other = workspace.create_team(db, "B 包装", "码头", ["孙丽", "王伟"]).id
    spare = workspace.create_area(db, "Old hall")
    workspace.set_area_archived(db, spare.id, True)
    workspace.create_area(db, "A new hall")
    with db.write() as session:
        session.exec(select(Person).where(Person.name == "李娜")).one().active = False
        session.add(Person(name="Solo"))
    found = view.capture_choices(db)
    assert found.teams == workspace.list_teams(db)
    assert found.areas == workspace.list_areas(db)
    for team_id in (team, other, None, other + 1):
        assert found.submitters(team_id) == sg.submitters(db, team_id)
    for name in ("王伟", "李娜", "孙丽", " 孙丽 ", "Solo", "Nobody", ""):
        assert found.home_team(name) == sg.home_team(db, name), name


def test_the_metrics_export_counts_savings_in_the_configured_currency(
    db: Database, team: int
) -> None:
    yuan = capture(db, estimated_saving=50)
    dollars = capture(db, "In dollars", estimated_saving=70, currency="USD")
    with clock.pinned(T0 + timedelta(days=1)):
        for row in (yuan, dollars):
            sg.decide(db, row.id, "adopt")
        for settings, currency, saving in (
            (Settings(), "CNY", Decimal("50.00")),
            (Settings(kaizen=KaizenSettings(currency="USD")), "USD", Decimal("70.00")),
        ):
            found = {table.name: table for table in export_tables(db, Scope(), settings)}
            table = found["kaizen_metrics"]
            keys = [column.key for column in table.columns]
            [march] = [dict(zip(keys, r, strict=True)) for r in table.rows]
            assert (march["currency"], march["estimated_saving"]) == (currency, saving)
