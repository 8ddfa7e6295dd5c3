"""The kaizen part of the demo workspace (data/demo/kaizen.toml): about forty suggestions
from both teams over the history's eight weeks, each submitted, reviewed, decided and
implemented on its own day through the services, so the events, the metrics and the
stand-up's stops read as if the teams had lived them. Two adopted suggestions get a
follow-up card in their team board's first column (the kanban demo keeps its own WIP
limits). Planned as dated steps (hooks.DemoPlan)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from datetime import time as clock_time
from functools import partial
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import demo_file
from leantui.core.hooks import DemoContext, DemoPlan, DemoTeam
from leantui.core.kaizen import suggestions


def load(db: Database, context: DemoContext) -> DemoPlan:
    data = demo_file("kaizen")
    rng = random.Random(context.seed + 11)
    now = clock.now().astimezone()
    latest = now - timedelta(minutes=5)
    plan = DemoPlan()
    ids: dict[int, int] = {}

    def at(day: int, hour: int) -> datetime:
        """`day` days ago at about `hour` o'clock; never before the history starts nor
        after now."""
        moment = datetime.combine(
            now.date() - timedelta(days=day),
            clock_time(hour, rng.randint(0, 59)),
            tzinfo=now.tzinfo,
        )
        return min(max(moment, context.start + timedelta(hours=2)), latest)

    def submit(index: int, spec: dict[str, Any], team: DemoTeam) -> None:
        row = suggestions.capture(
            db,
            context.text(spec["title"]),
            context.text(spec.get("problem", "")),
            context.text(spec.get("proposal", "")),
            team.area_id,
            team.people[spec["by"] % len(team.people)],
            team_id=team.id,
            category=spec["category"],
            benefit=context.text(spec.get("benefit", "")),
            estimated_saving=spec.get("saving"),
        )
        ids[index] = row.id
        plan.count("kaizen_suggestions")

    def review(index: int, team: DemoTeam) -> None:
        suggestions.review(db, ids[index], team.people[0])

    def decide(index: int, spec: dict[str, Any], team: DemoTeam) -> None:
        target = None
        if "by_date" in spec:
            target = now.date() + timedelta(days=spec["by_date"])
        suggestions.decide(
            db,
            ids[index],
            "reject" if spec["status"] == "rejected" else "adopt",
            context.text(spec.get("reason", "")),
            reviewer=team.people[0],
            implement_by=target,
        )

    def implement(index: int, spec: dict[str, Any]) -> None:
        suggestions.implement(db, ids[index], actual_saving=spec.get("actual"))

    def card(index: int, team: DemoTeam) -> None:
        from leantui.core.kanban import boards

        board = next((b for b in boards.list_boards(db) if b.team_id == team.id), None)
        if board is None:
            return
        suggestions.create_card(db, ids[index], board.id)
        plan.count("cards")

    for index, spec in enumerate(data["suggestions"]):
        if spec["team"] >= len(context.teams):
            continue
        team = context.teams[spec["team"]]
        ago = int(spec["ago"])
        plan.at(at(ago, rng.randint(8, 11)), partial(submit, index, spec, team))
        if "review" in spec:
            plan.at(at(ago - spec["review"], 13), partial(review, index, team))
        if spec["status"] in ("adopted", "rejected", "implemented"):
            decided = ago - spec["decide"]
            plan.at(at(decided, 15), partial(decide, index, spec, team))
            if spec.get("card"):
                plan.at(at(decided - 1, 9), partial(card, index, team))
        if spec["status"] == "implemented":
            plan.at(at(ago - spec["done"], 16), partial(implement, index, spec))
    return plan
