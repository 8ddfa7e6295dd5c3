"""The 5S services on a fresh database each, on SQLite and PostgreSQL: audits answered
item by item, refused input that saves nothing, results against the area's history,
corrective actions linked both ways, red tags, the overview and the stand-up stops."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database
from leantui.core.errors import LeanError, NotFound, ValidationError
from leantui.core.five_s import areas, audits, redtags
from leantui.core.five_s.attention import exceptions
from leantui.core.five_s.exports import tables
from leantui.core.hooks import Scope
from leantui.core.kanban import boards, cards
from leantui.core.modules import describe_source
from leantui.core.services import info, workspace

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def run_audit(db: Database, area_id: int, scores: list[int | None], at: datetime = T0) -> int:
    """An audit of the area with the first items scored as given (None: N/A), finished."""
    with clock.pinned(at):
        audit = audits.start_audit(db, area_id, "王伟")
        for item, score in zip(audits.items_of(db, audit.id), scores, strict=False):
            audits.answer(db, item.id, score, na=score is None)
        audits.finish(db, audit.id, allow_unanswered=True)
    return audit.id


@pytest.fixture
def area(db: Database) -> int:
    return workspace.create_area(db, "总装车间").id


def test_an_audit_copies_its_template_and_every_answer_is_saved_at_once(
    db: Database, target: str, area: int
) -> None:
    audit = audits.start_audit(db, area, "李娜")
    assert (audit.template, audit.status, audit.scale_max) == ("5s", "draft", 5)
    items = audits.items_of(db, audit.id)
    assert len(items) == 25 and not any(i.answered for i in items)
    audits.answer(db, items[0].id, 4)
    audits.answer(db, items[1].id, "３")  # a Chinese input method's full-width digit
    audits.answer(db, items[2].id, na=True)
    audits.comment(db, items[0].id, "地面有油污")
    # Another connection sees every answer before the audit is finished.
    other, _ = open_database(target)
    try:
        seen = audits.items_of(other, audit.id)
    finally:
        other.close()
    assert [(i.score, i.na, i.comment) for i in seen[:4]] == [
        (4, False, "地面有油污"),
        (3, False, ""),
        (None, True, ""),
        (None, False, ""),
    ]
    assert audits.draft_of(db, area) == audit.id
    # Changing an answer back to unanswered is allowed while it is a draft.
    assert not audits.answer(db, items[1].id).answered


@pytest.mark.parametrize(
    ("score", "na", "key"),
    [
        (6, False, "five_s.score_out_of_scale"),
        (-1, False, "five_s.score_out_of_scale"),
        ("-1", False, "core.v_negative"),
        ("x", False, "core.v_not_number"),
        ("2.5", False, "core.v_not_number"),
    ],
)
def test_a_score_outside_the_scale_saves_nothing(
    db: Database, area: int, score: object, na: bool, key: str
) -> None:
    audit = audits.start_audit(db, area, "李娜")
    item = audits.items_of(db, audit.id)[0]
    before = info.row_counts(db)["events"]
    with pytest.raises(ValidationError) as caught:
        audits.answer(db, item.id, score, na=na)  # type: ignore[arg-type]
    assert caught.value.key == key and caught.value.field == "score"
    assert audits.items_of(db, audit.id)[0].score is None
    assert info.row_counts(db)["events"] == before


def test_na_where_the_template_forbids_it(db: Database, area: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from leantui.core.five_s import templates

    source = tmp_path / "strict.toml"
    source.write_text(
        'na_allowed = false\n[levels]\n0 = "a"\n1 = "b"\n2 = "c"\n3 = "d"\n4 = "e"\n5 = "f"\n'
        '[[items]]\nid = "x"\ns = "sort"\ntext = "X"\n',
        encoding="utf-8",
    )
    templates.import_file(source)
    audit = audits.start_audit(db, area, "李娜", "strict")
    item = audits.items_of(db, audit.id)[0]
    with pytest.raises(ValidationError) as caught:
        audits.answer(db, item.id, na=True)
    assert caught.value.key == "five_s.na_not_allowed"
    assert not audits.items_of(db, audit.id)[0].answered


def test_archived_areas_drafts_and_finished_audits_refuse(db: Database, area: int) -> None:
    audit = audits.start_audit(db, area, "李娜")
    with pytest.raises(ValidationError) as caught:
        audits.start_audit(db, area, "李娜")
    assert caught.value.key == "five_s.draft_exists" and f"#{audit.id}" in caught.value.message()
    with pytest.raises(audits.Unanswered) as unanswered:
        audits.finish(db, audit.id)
    assert unanswered.value.count == 25
    assert audits.get_audit(db, audit.id).status == "draft"
    audits.finish(db, audit.id, allow_unanswered=True)
    finished = audits.result(db, audit.id)
    assert finished.audit.status == "finished" and finished.total is None  # not zero
    item = finished.items[0]
    with pytest.raises(ValidationError):
        audits.answer(db, item.id, 3)
    workspace.set_area_archived(db, area, True)
    with pytest.raises(ValidationError) as archived:
        audits.start_audit(db, area, "李娜")
    assert archived.value.key == "five_s.area_archived"
    with pytest.raises(NotFound):
        audits.start_audit(db, 9999, "李娜")
    with pytest.raises(ValidationError):
        audits.start_audit(db, area, "   ")


def test_the_result_against_the_area_history(db: Database, area: int) -> None:
    first = run_audit(db, area, [5] * 25, T0)
    second = run_audit(db, area, [4] * 20 + [None] * 5, T0 + timedelta(days=7))
    result = audits.result(db, second)
    assert result.total == pytest.approx(80.0) and result.band == "good"
    assert result.by_s == {
        "sort": 80.0,
        "set_in_order": 80.0,
        "shine": 80.0,
        "standardize": 80.0,
        "sustain": None,
    }
    assert result.previous_total == pytest.approx(100.0)
    assert result.change == pytest.approx(-20.0)
    assert result.trend == [pytest.approx(100.0), pytest.approx(80.0)]
    assert audits.result(db, first).previous_total is None
    # A draft compares with the last finished audit.
    with clock.pinned(T0 + timedelta(days=14)):
        draft = audits.start_audit(db, area, "李娜")
    assert audits.result(db, draft.id).previous_total == pytest.approx(80.0)
    listed = audits.list_audits(db, area)
    assert [(a.id, a.status) for a in listed] == [
        (draft.id, "draft"),
        (second, "finished"),
        (first, "finished"),
    ]
    assert listed[1].total == pytest.approx(80.0) and listed[0].total is None


def test_corrective_actions_are_cards_linked_both_ways(db: Database, area: int) -> None:
    board = boards.create_board(db, "Line 1")
    audit_id = run_audit(db, area, [1, 2, 3, 0] + [5] * 21)
    low = audits.low_items(audits.items_of(db, audit_id))
    assert [i.score for i in low] == [1, 2, 0]
    made = audits.create_actions(
        db, [i.id for i in low[:2]], board.id, owner="张强", due="2026-03-20"
    )
    assert len(made) == 2
    card = cards.get_card(db, made[0])
    assert (card.source_type, card.source_id, card.owner) == ("5s_audit_item", low[0].id, "张强")
    assert card.title == "No unneeded items, tools or materials in the area"
    assert f"#{audit_id}" in card.description
    assert describe_source(db, card.source_type, card.source_id or 0) == (
        f"5S audit #{audit_id} · 总装车间 · No unneeded items, tools or materials in the area"
    )
    assert audits.items_of(db, audit_id)[0].card_id == made[0]
    # Again for the same item: nothing new.
    assert audits.create_actions(db, [low[0].id], board.id) == []
    with clock.pinned(T0 + timedelta(days=1)):
        states = {a.card_id: a.state for a in audits.result(db, audit_id).actions}
    assert states == {made[0]: "open", made[1]: "open"}
    done = next(c for c in boards.columns(db, board.id) if c.kind == "done")
    cards.move_card(db, made[0], done.id)
    with clock.pinned(datetime(2026, 3, 25, 8, tzinfo=UTC)):
        states = {a.card_id: a.state for a in audits.result(db, audit_id).actions}
        assert states == {made[0]: "done", made[1]: "overdue"}
        # The area's next audit shows the action still open from the last one.
        later = run_audit(db, area, [5] * 25, datetime(2026, 3, 25, 8, tzinfo=UTC))
        assert [a.card_id for a in audits.result(db, later).open_before] == [made[1]]


def test_creating_actions_is_all_or_nothing(db: Database, area: int) -> None:
    board = boards.create_board(db, "Line 1")
    audit_id = run_audit(db, area, [1, 1] + [5] * 23)
    low = audits.low_items(audits.items_of(db, audit_id))
    with pytest.raises(LeanError):
        audits.create_actions(db, [low[0].id, 99_999], board.id)
    assert cards.board_cards(db, board.id) == []
    assert all(i.card_id is None for i in audits.items_of(db, audit_id))


def test_red_tags(db: Database, area: int) -> None:
    with clock.pinned(T0):
        tag = redtags.add_tag(
            db, area, "旧夹具", location="3号工位", quantity="２", decision_due="2026-03-05"
        )
        other = redtags.add_tag(db, area, "Pallets", decision_due=date(2026, 3, 20))
    assert (tag.quantity, tag.disposition) == (2, "")
    for bad, key in (
        ({"quantity": "0"}, "core.v_not_positive"),
        ({"decision_due": "next week"}, "core.v_bad_date"),
    ):
        with pytest.raises(ValidationError) as caught:
            redtags.add_tag(db, area, "x", **bad)  # type: ignore[arg-type]
        assert caught.value.key == key
    with pytest.raises(ValidationError):
        redtags.decide(db, tag.id, "burn")
    decided = redtags.decide(db, tag.id, "discard", "报废", decided_by="王伟")
    assert decided.disposition == "discard" and decided.decided_at is not None
    with pytest.raises(ValidationError) as twice:
        redtags.decide(db, tag.id, "keep")
    assert twice.value.key == "five_s.red_tag_decided"
    assert [t.id for t in redtags.list_tags(db, undecided=True)] == [other.id]
    assert other.overdue(date(2026, 3, 21)) and not other.overdue(date(2026, 3, 19))
    assert not decided.overdue(date(2026, 4, 1))


def test_overview_and_settings(db: Database, area: int) -> None:
    quiet = workspace.create_area(db, "Warehouse").id
    areas.set_settings(db, area, template="6s", owner="王伟", cadence_days="14")
    with pytest.raises(LeanError):
        areas.set_settings(db, area, template="nope")
    with pytest.raises(ValidationError):
        areas.set_settings(db, area, cadence_days="0")
    run_audit(db, area, [4] * 30, T0)
    with clock.pinned(T0 + timedelta(days=3)):
        audits.start_audit(db, quiet, "李娜")
        rows = {r.name: r for r in areas.overview(db)}
    assembly, warehouse = rows["总装车间"], rows["Warehouse"]
    assert (assembly.template, assembly.owner, assembly.cadence_days) == ("6s", "王伟", 14)
    assert assembly.last_total == pytest.approx(80.0) and assembly.band == "good"
    assert (assembly.days_since, assembly.due) == (3, False)
    assert warehouse.last_audit_id is None and warehouse.due and warehouse.draft_id is not None
    with clock.pinned(T0 + timedelta(days=14)):
        assert {r.name: r.due for r in areas.overview(db)}["总装车间"]


def test_stand_up_stops(db: Database, area: int) -> None:
    board = boards.create_board(db, "Line 1")
    audit_id = run_audit(db, area, [1] + [5] * 24, T0)
    low = audits.low_items(audits.items_of(db, audit_id))
    audits.create_actions(db, [low[0].id], board.id, due="2026-03-04")
    with clock.pinned(T0):
        redtags.add_tag(db, area, "旧夹具", decision_due="2026-03-01")
    with clock.pinned(T0 + timedelta(days=10)):
        found = exceptions(db, Scope(), None)
        since = exceptions(db, Scope(), T0 + timedelta(days=1))
    assert [s.kind for s in found] == [
        "audit_due",
        "low_scores",
        "action_overdue",
        "red_tag_overdue",
    ]
    assert found[1].facts["count"] == 1 and found[1].entity_id == audit_id
    assert "low_scores" not in [s.kind for s in since]
    # Another area's team sees none of it.
    team = workspace.create_team(db, "Packing", "Packing Area")
    assert exceptions(db, Scope(team_id=team.id), None) == [
        s for s in exceptions(db, Scope(team_id=team.id), None) if s.kind == "audit_due"
    ]


def test_exports_stream_every_table(db: Database, area: int) -> None:
    run_audit(db, area, [3] * 25)
    redtags.add_tag(db, area, "旧夹具")
    found = {t.name: (t.columns, list(t.rows)) for t in tables(db, Scope())}
    assert set(found) == {"audits", "audit_items", "red_tags"}
    columns, rows = found["audits"]
    assert len(rows) == 1 and rows[0][-1] == pytest.approx(60.0)
    assert len(found["audit_items"][1]) == 25
    assert found["red_tags"][1][0][-1] == "总装车间"
    for columns, rows in found.values():
        assert all(len(row) == len(columns) for row in rows)


def test_people_to_pick_an_auditor_from_start_with_the_areas_team(db: Database) -> None:
    from leantui.core.services import workspace

    here = workspace.create_team(db, "Team A", "Packing", ["王芳", "Zhou"])
    workspace.create_team(db, "Team B", "Tool Room", ["Anna", "Li Wei"])
    assert here.area_id is not None
    assert areas.people(db, here.area_id) == ["Zhou", "王芳", "Anna", "Li Wei"]
    assert areas.people(db) == ["Anna", "Li Wei", "Zhou", "王芳"]
