"""The 5S part of the demo workspace (data/demo/five_s.toml): three areas audited every
week for eight weeks (one improving, one declining), corrective-action cards on the
teams' boards (one done, one overdue), and red tags in every state. Played through the
services with the clock pinned to each audit's day."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import demo_file
from leantui.core.five_s import areas, audits, redtags, templates
from leantui.core.hooks import DemoContext
from leantui.core.services import workspace

WEEKS = 8


def _area_ids(db: Database, context: DemoContext, data: dict[str, Any]) -> list[int]:
    """The areas of data's [[areas]], in order: a team's own, or a new one."""
    ids = []
    taken = {a.name: a.id for a in workspace.list_areas(db, include_archived=True)}
    for spec in data["areas"]:
        if "team" in spec:
            team = context.teams[spec["team"]]
            if team.area_id is not None:
                ids.append(team.area_id)
                continue
        name = context.text(spec["name"])
        ids.append(taken[name] if name in taken else workspace.create_area(db, name).id)
    return ids


def load(db: Database, context: DemoContext) -> dict[str, int]:
    from leantui.core.kanban import boards, cards

    data = demo_file("five_s")
    rng = random.Random(context.seed + 5)
    now = clock.now().astimezone()
    area_ids = _area_ids(db, context, data)
    people = [p for team in context.teams for p in team.people]
    made = {"five_s_audits": 0, "five_s_red_tags": 0}
    area_audits: list[list[int]] = []
    for spec, area_id in zip(data["areas"], area_ids, strict=True):
        owner = context.teams[spec["team"]].people[0] if "team" in spec else people[-1]
        areas.set_settings(db, area_id, template=spec["template"], owner=owner, cadence_days=7)
        template = templates.get(spec["template"])
        area_audits.append([])
        for week in range(WEEKS):
            day = now.date() - timedelta(days=7 * (WEEKS - week) - 1)
            moment = datetime.combine(day, clock_time(9, rng.randint(0, 40)), tzinfo=now.tzinfo)
            level = spec["start"] + (spec["end"] - spec["start"]) * week / (WEEKS - 1)
            with clock.pinned(moment):
                audit = audits.start_audit(db, area_id, rng.choice(people), template.name)
                answers: dict[int, tuple[int | None, bool, str]] = {}
                for item in audits.items_of(db, audit.id):
                    if item.key in spec.get("na", []):
                        answers[item.id] = (None, True, "")
                        continue
                    raw = level * template.scale_max + rng.uniform(-1.2, 1.2)
                    score = max(template.scale_min, min(template.scale_max, round(raw)))
                    note = ""
                    if score <= 1 and rng.random() < 0.7:
                        note = context.text(rng.choice(data["comments"]["low"]))
                    elif score == template.scale_max and rng.random() < 0.15:
                        note = context.text(rng.choice(data["comments"]["good"]))
                    answers[item.id] = (score, False, note)
                audits.answer_all(db, audit.id, answers)
            with clock.pinned(moment + timedelta(minutes=35)):
                audits.finish(db, audit.id)
            made["five_s_audits"] += 1
            area_audits[-1].append(audit.id)

    # Corrective actions from the teams' last audits, on their boards: one is done,
    # one overdue, two open.
    plans = [(0, 0, "done"), (0, 1, "overdue"), (1, 0, "open"), (1, 1, "open")]
    for team_index, nth, state in plans:
        team = context.teams[team_index]
        board = next((b for b in boards.list_boards(db) if b.team_id == team.id), None)
        low = [  # the newest low scores first
            item
            for audit_id in reversed(area_audits[team_index])
            for item in audits.low_items(audits.items_of(db, audit_id))
        ]
        if board is None or len(low) <= nth:
            continue
        due = now.date() + timedelta(days=-3 if state == "overdue" else 5 + 3 * nth)
        with clock.pinned(now - timedelta(days=6)):
            card_id = audits.create_actions(
                db,
                [low[nth].id],
                board.id,
                owner=team.people[nth + 1],
                due=due,
                override_reason=context.text({"en": "5S audit action", "zh_CN": "5S 审核改善项"}),
            )[0]
        if state == "done":
            done = [c for c in boards.columns(db, board.id) if c.kind == "done"]
            with clock.pinned(now - timedelta(days=2)):
                cards.move_card(db, card_id, done[0].id)

    for spec in data["red_tags"]:
        area_id = area_ids[spec["area"]]
        tagged = now - timedelta(days=14 + rng.randint(0, 6))
        with clock.pinned(tagged):
            tag = redtags.add_tag(
                db,
                area_id,
                context.text(spec["item"]),
                location=context.text(spec["location"]),
                reason=context.text(spec["reason"]),
                quantity=spec["quantity"],
                tagged_by=rng.choice(people),
                decision_due=now.date() + timedelta(days=spec["due_days"]),
            )
        made["five_s_red_tags"] += 1
        if "decision" in spec:
            with clock.pinned(tagged + timedelta(days=5)):
                redtags.decide(
                    db,
                    tag.id,
                    spec["decision"],
                    context.text(spec.get("note", "")),
                    decided_by=rng.choice(people),
                )
    return made
