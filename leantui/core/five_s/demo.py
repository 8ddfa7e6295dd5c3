"""The 5S part of the demo workspace (data/demo/five_s.toml): three areas audited every
week for eight weeks (one improving, one declining), corrective-action cards on the
teams' boards (one done, one overdue), and red tags in every state. Planned as dated
steps that the demo runs in time order with the other modules' (hooks.DemoPlan)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from datetime import time as clock_time
from functools import partial
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import demo_file
from leantui.core.five_s import areas, audits, redtags, templates
from leantui.core.hooks import DemoContext, DemoPlan
from leantui.core.services import workspace

WEEKS = 8


def load(db: Database, context: DemoContext) -> DemoPlan:
    data = demo_file("five_s")
    rng = random.Random(context.seed + 5)
    now = clock.now().astimezone()
    people = [p for team in context.teams for p in team.people]
    plan = DemoPlan()
    area_ids: list[int] = []
    area_audits: list[list[int]] = [[] for _ in data["areas"]]

    def set_up() -> None:
        taken = {a.name: a.id for a in workspace.list_areas(db, include_archived=True)}
        for spec in data["areas"]:
            team = context.teams[spec["team"]] if "team" in spec else None
            if team is not None and team.area_id is not None:
                area_id, owner = team.area_id, team.people[0]
            else:
                name = context.text(spec["name"])
                area_id = taken[name] if name in taken else workspace.create_area(db, name).id
                owner = people[-1]
            area_ids.append(area_id)
            areas.set_settings(db, area_id, spec["template"], owner, cadence_days=7)

    plan.at(context.start + timedelta(minutes=30), set_up)

    def audit(index: int, level: float, template: str, na: list[str]) -> None:
        found = templates.get(template)
        started = audits.start_audit(db, area_ids[index], rng.choice(people), template)
        answers: dict[int, tuple[int | None, bool, str]] = {}
        for item in audits.items_of(db, started.id):
            if item.key in na:
                answers[item.id] = (None, True, "")
                continue
            raw = level * found.scale_max + rng.uniform(-1.2, 1.2)
            score = max(found.scale_min, min(found.scale_max, round(raw)))
            note = ""
            if score <= 1 and rng.random() < 0.7:
                note = context.text(rng.choice(data["comments"]["low"]))
            elif score == found.scale_max and rng.random() < 0.15:
                note = context.text(rng.choice(data["comments"]["good"]))
            answers[item.id] = (score, False, note)
        audits.answer_all(db, started.id, answers)
        area_audits[index].append(started.id)
        plan.count("five_s_audits")

    def finish(index: int) -> None:
        audits.finish(db, area_audits[index][-1])

    for index, spec in enumerate(data["areas"]):
        for week in range(WEEKS):
            day = now.date() - timedelta(days=7 * (WEEKS - week) - 1)
            moment = datetime.combine(day, clock_time(9, rng.randint(0, 40)), tzinfo=now.tzinfo)
            level = spec["start"] + (spec["end"] - spec["start"]) * week / (WEEKS - 1)
            na = list(spec.get("na", []))
            plan.at(moment, partial(audit, index, level, spec["template"], na))
            plan.at(moment + timedelta(minutes=35), partial(finish, index))

    _plan_actions(db, context, plan, area_audits, now)
    _plan_red_tags(db, context, plan, data, area_ids, rng, people, now)
    return plan


def _plan_actions(
    db: Database,
    context: DemoContext,
    plan: DemoPlan,
    area_audits: list[list[int]],
    now: datetime,
) -> None:
    """Corrective actions from the teams' audits, on their boards: one done, one
    overdue, two open."""
    from leantui.core.kanban import boards, cards

    reason = {"en": "5S audit action", "zh_CN": "5S 审核改善项"}
    made: dict[tuple[int, int], int] = {}

    def create(team_index: int, nth: int, state: str) -> None:
        team = context.teams[team_index]
        board = next((b for b in boards.list_boards(db) if b.team_id == team.id), None)
        low = [  # the newest low scores first
            item
            for audit_id in reversed(area_audits[team_index])
            for item in audits.low_items(audits.items_of(db, audit_id))
        ]
        if board is None or len(low) <= nth:
            return
        due = now.date() + timedelta(days=-3 if state == "overdue" else 5 + 3 * nth)
        plan.count("cards")
        made[team_index, nth] = audits.create_actions(
            db,
            [low[nth].id],
            board.id,
            owner=team.people[nth + 1],
            due=due,
            override_reason=context.text(reason),
        )[0]

    def finish(team_index: int, nth: int, kind: str) -> None:
        card_id = made.get((team_index, nth))
        board = next(
            (b for b in boards.list_boards(db) if b.team_id == context.teams[team_index].id),
            None,
        )
        if card_id is None or board is None:
            return
        target = next(c for c in boards.columns(db, board.id) if c.kind == kind)
        cards.move_card(db, card_id, target.id)

    created = now - timedelta(days=6, hours=-3)
    for team_index, nth, state in (
        (0, 0, "done"),
        (0, 1, "overdue"),
        (1, 0, "open"),
        (1, 1, "open"),
    ):
        plan.at(created + timedelta(minutes=nth), partial(create, team_index, nth, state))
    # Fixed on the spot: straight to done, past the team's limited columns (the board's
    # own history keeps to their WIP limits on its own).
    plan.at(now - timedelta(days=2), partial(finish, 0, 0, "done"))


def _plan_red_tags(
    db: Database,
    context: DemoContext,
    plan: DemoPlan,
    data: dict[str, Any],
    area_ids: list[int],
    rng: random.Random,
    people: list[str],
    now: datetime,
) -> None:
    for spec in data["red_tags"]:
        tagged = now - timedelta(days=14 + rng.randint(0, 6), hours=rng.randint(0, 5))
        by, decider = rng.choice(people), rng.choice(people)
        tag_ids: list[int] = []

        def add(spec: dict[str, Any] = spec, by: str = by, ids: list[int] = tag_ids) -> None:
            tag = redtags.add_tag(
                db,
                area_ids[spec["area"]],
                context.text(spec["item"]),
                location=context.text(spec["location"]),
                reason=context.text(spec["reason"]),
                quantity=spec["quantity"],
                tagged_by=by,
                decision_due=now.date() + timedelta(days=spec["due_days"]),
            )
            ids.append(tag.id)
            plan.count("five_s_red_tags")

        plan.at(tagged, add)
        if "decision" in spec:

            def decide(
                spec: dict[str, Any] = spec, by: str = decider, ids: list[int] = tag_ids
            ) -> None:
                redtags.decide(
                    db, ids[0], spec["decision"], context.text(spec.get("note", "")), decided_by=by
                )

            plan.at(tagged + timedelta(days=5), decide)
