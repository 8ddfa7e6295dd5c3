"""The PDCA part of the demo workspace (data/demo/pdca.toml): five cycles of the demo
teams, one closed on time with its target met, one closed late and followed up, the
follow-up in Check with six measurements, one abandoned and one in Do with three
countermeasure cards on its team's board. Planned as dated steps that the demo runs in
time order with the other modules' (hooks.DemoPlan), so every phase change and
measurement is written on the day it happened."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from leantui.core.db.engine import Database
from leantui.core.demo import demo_file
from leantui.core.hooks import DemoContext, DemoPlan


def load(db: Database, context: DemoContext) -> DemoPlan:
    data = demo_file("pdca")
    plan = DemoPlan()
    made: dict[str, int] = {}  # a cycle's key → its id
    teams = {team.index: team for team in context.teams}

    def moment(day: int, hour: int, minute: int = 0) -> datetime:
        first = context.start.replace(hour=0, minute=0)
        return first + timedelta(days=day, hours=hour, minutes=minute)

    def day_of(day: int) -> date:
        return (context.start + timedelta(days=day)).date()

    for spec in data["cycles"]:
        team = teams.get(spec["team"])
        if team is None:
            continue
        _plan_cycle(db, context, plan, spec, team, made, moment, day_of)
    return plan


def _plan_cycle(
    db: Database,
    context: DemoContext,
    plan: DemoPlan,
    spec: dict[str, Any],
    team: Any,
    made: dict[str, int],
    moment: Any,
    day_of: Any,
) -> None:
    from leantui.core.kanban import boards, cards
    from leantui.core.pdca import checks, cycles, phases
    from leantui.core.pdca import plan as planning

    text = context.text
    key, days = spec["key"], spec["days"]
    owner = team.people[spec["owner"] % len(team.people)]
    card_ids: list[int] = []

    def person(index: int) -> str:
        return team.people[index % len(team.people)]

    def board_of() -> tuple[int, list[Any]] | None:
        board = next((b for b in boards.list_boards(db) if b.team_id == team.id), None)
        return None if board is None else (board.id, boards.columns(db, board.id))

    def create() -> None:
        if "follow_up_of" in spec:
            change = phases.follow_up(
                db,
                made[spec["follow_up_of"]],
                day_of(days["due"]),
                start=day_of(days["start"]),
                owner=owner,
                baseline=spec.get("baseline"),
            )
        else:
            change = cycles.create_cycle(
                db,
                text(spec["title"]),
                owner,
                day_of(days["due"]),
                start=day_of(days["start"]),
                problem=text(spec["problem"]),
                metric=text(spec["metric"]),
                unit=text(spec["unit"]),
                baseline=spec["baseline"],
                goal=spec["goal"],
                team_id=team.id,
            )
        made[key] = change.view.id
        plan.count("pdca_cycles")

    def analyse() -> None:
        cycle_id = made[key]
        whys = [(text(w["why"]), text(w["because"])) for w in spec["whys"]]
        planning.set_plan(
            db,
            cycle_id,
            current_state=text(spec["current_state"]),
            whys=whys,
            root_cause=text(spec["root_cause"]),
        )
        plan.count("pdca_whys", len(whys))
        for action in spec["countermeasures"]:
            due = day_of(action["due"]) if "due" in action else None
            planning.add_countermeasure(
                db, cycle_id, text(action["text"]), owner=person(action["owner"]), due=due
            )
            plan.count("pdca_countermeasures")

    def advance(confirm: bool = False) -> None:
        phases.advance(db, made[key], confirm=confirm)

    def on_board() -> None:
        found = board_of()
        if found is None:
            return
        change = planning.put_on_board(db, made[key], found[0])
        card_ids.extend(c.card_id or 0 for c in change.view.cards)
        plan.count("cards", len(change.view.cards))

    def card_done(index: int) -> None:
        found = board_of()
        if found is None or index >= len(card_ids):
            return
        done = next(c for c in found[1] if c.kind == "done")
        cards.move_card(db, card_ids[index], done.id)

    def block(index: int, reason: str) -> None:
        if index < len(card_ids):
            cards.block_card(db, card_ids[index], reason)

    def measure(day: int, value: float) -> None:
        checks.measure(db, made[key], value, on=day_of(day))
        plan.count("pdca_measurements")

    def close() -> None:
        if "standard" in spec:
            phases.standardize(db, made[key], text(spec["standard"]), text(spec["standard_where"]))
        else:
            phases.close(db, made[key])

    def abandon() -> None:
        phases.abandon(db, made[key], text(spec["abandon_reason"]))

    plan.at(moment(days["start"], 8), create)
    plan.at(moment(days["start"], 9, 30), analyse)
    if "do" in days:
        plan.at(moment(days["do"], 8, 40), advance)
    if "cards" in days:
        plan.at(moment(days["cards"], 9, 10), on_board)
    for index, action in enumerate(spec["countermeasures"]):
        if "done" in action:
            plan.at(moment(action["done"], 15), lambda i=index: card_done(i))  # type: ignore[misc]
        if "blocked" in action:
            reason = text(action["blocked_reason"])
            plan.at(moment(action["blocked"], 16), lambda i=index, r=reason: block(i, r))  # type: ignore[misc]
    for day, value in spec.get("measurements", []):
        plan.at(moment(day, 14), lambda d=day, v=value: measure(d, v))  # type: ignore[misc]
    if "check" in days:
        confirm = bool(spec.get("confirm_check"))
        plan.at(moment(days["check"], 8, 40), lambda: advance(confirm))
    if "act" in days:
        plan.at(moment(days["act"], 8, 40), advance)
    if "close" in days:
        plan.at(moment(days["close"], 11), close)
    if "abandon" in days:
        plan.at(moment(days["abandon"], 11), abandon)
