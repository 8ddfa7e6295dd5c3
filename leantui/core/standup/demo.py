"""The stand-up part of the demo workspace (data/demo/standup.toml): four weeks of the
safety cross for both teams and ten past stand-ups, begun at 08:30 through the services
so each takes the stops the teams had that morning, walked (marked discussed, an action
card here and there, one escalation left open) and finished a quarter of an hour later.
Planned as dated steps (hooks.DemoPlan)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock_time
from functools import partial
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import demo_file
from leantui.core.hooks import DemoContext, DemoPlan, DemoTeam
from leantui.core.standup import safety
from leantui.core.standup import services as su


def load(db: Database, context: DemoContext) -> DemoPlan:
    data = demo_file("standup")
    now = clock.now().astimezone()
    plan = DemoPlan()

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, clock_time(hour, minute), tzinfo=now.tzinfo)

    incidents = {(i["team"], i["ago"]): i for i in data["incidents"]}

    def record_day(team: DemoTeam, day: date, incident: dict[str, Any] | None) -> None:
        if incident is not None:
            safety.set_day(db, team.id, day, incident["state"], context.text(incident["note"]))
        else:
            safety.set_day(db, team.id, day, "no_shift" if day.weekday() >= 5 else "no_incident")
        plan.count("safety_days")

    for team in context.teams:
        for ago in range(1, 7 * int(data["safety_weeks"]) + 1):
            day = now.date() - timedelta(days=ago)
            incident = incidents.get((team.index, ago))
            plan.at(at(day, 8, 25), partial(record_day, team, day, incident))

    def walk(spec: dict[str, Any], team: DemoTeam, started: list[int]) -> None:
        row = su.begin(db, team.id)
        started.append(row.id)
        plan.count("standups")
        stops = su.stops(db, row.id)
        plan.count("standup_stops", len(stops))
        for stop in stops:
            su.mark(db, stop.id, "discussed")
        if not stops:
            return
        for action in spec.get("actions", []):
            stop = stops[action["stop"] % len(stops)]
            su.add_action(
                db,
                stop.id,
                context.text(action["title"]),
                team.people[action["owner"] % len(team.people)],
                clock.today() + timedelta(days=action["due"]),
            )
            plan.count("cards")
        if "escalate" in spec:
            stop = stops[spec["escalate"]["stop"] % len(stops)]
            su.escalate(db, stop.id, context.text(spec["escalate"]["note"]))
            plan.count("escalations")

    def finish(spec: dict[str, Any], team: DemoTeam, started: list[int]) -> None:
        away = {team.people[i % len(team.people)] for i in spec.get("absent", [])}
        here = [person for person in team.people if person not in away]
        su.finish(db, started[0], here, sorted(away))

    for spec in data["standups"]:
        if spec["team"] >= len(context.teams):
            continue
        team = context.teams[spec["team"]]
        day = now.date() - timedelta(days=int(spec["ago"]))
        started: list[int] = []
        plan.at(at(day, 8, 30), partial(walk, spec, team, started))
        plan.at(at(day, 8, 44), partial(finish, spec, team, started))
    return plan
