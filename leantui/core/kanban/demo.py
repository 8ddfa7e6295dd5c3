"""The kanban part of the demo workspace: a board of about 30 cards for each demo team,
and eight weeks of history behind them.

The content lives in data/demo/kanban.toml. The history is planned first (a small
day-by-day pull simulation that keeps every WIP limit, with a seeded random generator,
so every load gives the same workspace relative to today) and then played through the
services with the clock pinned to each moment. So creation, start and completion
timestamps, blocks and moves are written exactly as if the teams had worked those eight
weeks: flow metrics read them from the events like any other history.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import demo_file, unique_name
from leantui.core.hooks import DemoContext, DemoPlan, DemoTeam

# --- the plan -----------------------------------------------------------------------------


@dataclass(eq=False)
class _Card:
    team: int
    title: str
    description: str
    tags: list[str]
    priority: int
    override: bool
    fate: int = 0  # index of the column the card ends the history in
    arrival: int = 0  # day it is created
    final_day: int = 0  # day it may enter its final column (cards that end before done)
    owner: str = ""  # when it is created; moves into an active column assign one if empty
    due: date | None = None
    column: int = -1  # where the simulation has it; -1 before it is created
    entered: int = 0  # day it entered that column
    work: int = 0  # days of work left in an active column
    blocked_until: int = -1
    id: int = 0  # database id, once created
    assigned: str = ""  # owner given when the card first starts


@dataclass(order=True)
class _Action:
    at: datetime
    team: int
    seq: int
    kind: str = field(compare=False)
    card: _Card | None = field(compare=False, default=None)
    arg: Any = field(compare=False, default=None)


class _Planner:
    """Plans one team's history as a list of actions."""

    def __init__(
        self,
        data: dict[str, Any],
        team: DemoTeam,
        text: Callable[[Any], str],
        rng: random.Random,
    ) -> None:
        self.data = data
        self.spec = data["teams"][team.index]
        self.people = list(team.people)
        self.team = team.index
        self.text = text
        self.rng = rng
        self.columns: list[dict[str, Any]] = data["columns"]
        self.days = int(data.get("weeks", 8)) * 7
        now = clock.now().astimezone()
        self.today = now.date()
        self.tz: tzinfo | None = now.tzinfo
        self.actions: list[_Action] = []
        self._cursor = datetime.min.replace(tzinfo=self.tz)
        self.cards = self._cards()

    # time ------------------------------------------------------------------------------

    def date_of(self, day: int) -> date:
        """Day 0 is `weeks` weeks ago, day `days - 1` is yesterday."""
        return self.today - timedelta(days=self.days - day)

    def start_day(self, day: int, hour: int = 8) -> None:
        start = datetime.combine(self.date_of(day), clock_time(hour), tzinfo=self.tz)
        self._cursor = start + timedelta(minutes=self.rng.randint(0, 20))

    def add(self, kind: str, card: _Card | None = None, arg: Any = None) -> None:
        self.actions.append(_Action(self._cursor, self.team, len(self.actions), kind, card, arg))
        self._cursor += timedelta(minutes=self.rng.randint(4, 30), seconds=self.rng.randint(0, 59))

    # cards -----------------------------------------------------------------------------

    def _cards(self) -> list[_Card]:
        rng, last = self.rng, len(self.columns) - 1
        cards = [
            _Card(
                team=self.team,
                title=self.text(spec),
                description=self.text(spec.get("description", "")),
                tags=[self.text(self.data["tags"][tag]) for tag in spec.get("tags", [])],
                priority=int(spec.get("priority", 0)),
                override=bool(spec.get("override")),
            )
            for spec in self.spec["cards"]
        ]
        rng.shuffle(cards)
        # Fates: `keep` cards end in each column, the rest are done.
        pending = [c for c in cards if not c.override]
        for index, column in enumerate(self.columns[:-1]):
            for _ in range(int(column.get("keep", 0))):
                if pending:
                    pending.pop().fate = index
        for card in pending:
            card.fate = last
        for card in cards:
            if card.override:
                card.fate = self._first_limited_active()
        people = self.people
        for card in cards:
            if card.fate == last:
                card.arrival = rng.randint(0, self.days - 14)
                if rng.random() < 0.6:
                    card.due = self.date_of(card.arrival) + timedelta(days=rng.randint(6, 24))
            elif card.fate == 0:
                card.arrival = rng.randint(3, self.days - 1)
                if rng.random() < 0.2:
                    card.due = self.today + timedelta(days=rng.randint(7, 30))
            else:
                card.final_day = self._final_day(card)
                card.arrival = max(0, card.final_day - 2 * card.fate - rng.randint(1, 10))
                if rng.random() < 0.6:
                    card.due = self.today + timedelta(days=rng.randint(1, 20))
            if card.fate > 0 and rng.random() < 0.5:
                card.owner = rng.choice(people)
        # Two cards under way are overdue.
        under_way = sorted(
            (c for c in cards if 0 < c.fate < last), key=lambda c: (c.arrival, c.title)
        )
        for card in under_way[:2]:
            earliest = self.date_of(card.arrival) + timedelta(days=1)
            card.due = max(earliest, self.today - timedelta(days=rng.randint(1, 6)))
            if card.due >= self.today:
                card.due = self.today - timedelta(days=1)
        return cards

    def _first_limited_active(self) -> int:
        for index, column in enumerate(self.columns):
            if column["kind"] == "active" and column.get("wip_limit"):
                return index
        raise ValueError("demo.toml: an override card needs an active column with a WIP limit")

    def _final_day(self, card: _Card) -> int:
        """When a card that ends under way enters its final column: the further right it
        ends, the earlier it goes, so that it does not wait behind cards that stop
        before it. The card over the WIP limit goes in last."""
        last_day = self.days - 1
        if card.override:
            return last_day
        if card.fate == 1:
            return last_day - self.rng.randint(0, 8)
        return last_day - self.rng.randint(0, 3) - 4 * (card.fate - 2)

    def _gate(self, card: _Card, column: int) -> int:
        """First day the card may enter `column`."""
        if card.fate == len(self.columns) - 1:
            return 0
        return card.final_day - 2 * (card.fate - column)

    # the simulation ---------------------------------------------------------------------

    def plan(self) -> list[_Action]:
        rng, last = self.rng, len(self.columns) - 1
        kinds = [c["kind"] for c in self.columns]
        limits = [c.get("wip_limit") for c in self.columns]
        people = self.people
        count = [0] * len(self.columns)

        def eligible(card: _Card, target: int, day: int) -> bool:
            if card.column != target - 1 or card.fate < target or card.blocked_until >= day:
                return False
            if day < self._gate(card, target):
                return False
            if kinds[target - 1] == "active":
                return card.work <= 0 or card.fate != last
            if card.entered >= day:
                return False
            # Cards that will be done wait a little in the queues, as real ones do.
            return card.fate != last or rng.random() < 0.55

        def move(card: _Card, target: int, day: int, reason: str | None = None) -> None:
            if kinds[target] == "active" and not (card.owner or card.assigned):
                card.assigned = rng.choice(people)
                self.add("owner", card, card.assigned)
            self.add("move", card, (target, reason))
            count[card.column] -= 1
            count[target] += 1
            card.column, card.entered = target, day
            if kinds[target] == "active":
                first_active = kinds.index("active") == target
                card.work = rng.randint(1, 5) if first_active else rng.randint(1, 2)
                if card.fate == last and rng.random() < 0.2:
                    card.blocked_until = day + rng.randint(1, 3)
                    self.add("block", card, self._blocked_reason())

        for day in range(self.days):
            self.start_day(day)
            for card in self.cards:
                if card.blocked_until == day:
                    card.blocked_until = -1
                    self.add("unblock", card)
            for target in range(last, 0, -1):
                ready = [c for c in self.cards if eligible(c, target, day)]
                ready.sort(key=lambda c: (c.override, c.fate == last, -c.priority, c.arrival))
                for card in ready:
                    limit = limits[target]
                    if limit is not None and count[target] >= limit:
                        if card.override and target == card.fate:
                            move(card, target, day, self.text(self.data["wip_override_reason"]))
                        continue
                    move(card, target, day)
            for card in self.cards:
                if card.arrival == day:
                    self.add("create", card)
                    card.column, card.entered = 0, day
                    count[0] += 1
            for card in self.cards:
                if card.column >= 0 and kinds[card.column] == "active" and card.blocked_until < day:
                    card.work -= 1
        self._block_some_now()
        return self.actions

    def _blocked_reason(self) -> str:
        return self.text(self.rng.choice(self.data["blocked_reasons"]))

    def _block_some_now(self) -> None:
        """Three cards under way are blocked as the history ends, for one to three days."""
        last = len(self.columns) - 1
        under_way = [c for c in self.cards if 0 < c.column < last and c.blocked_until < 0]
        under_way.sort(key=lambda c: (-c.column, c.arrival, c.title))
        for card in under_way[:3]:
            day = max(card.entered, self.days - 1 - self.rng.randint(0, 2))
            self.start_day(day, hour=17)
            self.add("block", card, self._blocked_reason())
            card.blocked_until = self.days


# --- playing the plan through the services ---------------------------------------------


def load(db: Database, context: DemoContext) -> DemoPlan:
    """A board for each demo team, with its history, as dated steps."""
    from leantui.core.kanban import boards, cards

    text = context.text
    data = demo_file("kanban")
    rng = random.Random(context.seed)
    board_names = {b.name for b in boards.list_boards(db, include_archived=True)}

    actions: list[_Action] = []
    names: dict[int, str] = {}
    teams = {team.index: team for team in context.teams}
    for team in context.teams:
        if team.index >= len(data["teams"]):
            continue
        planner = _Planner(data, team, text, rng)
        planner.start_day(0, hour=7)
        names[team.index] = unique_name(text(data["teams"][team.index]["board"]), board_names)
        planner.add("board")
        actions.extend(planner.plan())

    columns: dict[int, list[int]] = {}
    board_ids: dict[int, int] = {}
    plan = DemoPlan()

    def play(action: _Action) -> None:
        card = action.card
        if action.kind == "board":
            team = teams[action.team]
            board = boards.create_board(
                db,
                names[action.team],
                team_id=team.id,
                area_id=team.area_id,
                columns=[(text(c["name"]), c["kind"], c.get("wip_limit")) for c in data["columns"]],
            )
            plan.count("boards")
            board_ids[action.team] = board.id
            columns[action.team] = [c.id for c in boards.columns(db, board.id)]
            for column_id, spec in zip(columns[action.team], data["columns"], strict=True):
                if spec.get("policy"):
                    boards.update_column(
                        db,
                        column_id,
                        text(spec["name"]),
                        spec["kind"],
                        spec.get("wip_limit"),
                        text(spec["policy"]),
                    )
        elif card is None:
            raise ValueError(action.kind)
        elif action.kind == "create":
            card.id = cards.add_card(
                db,
                board_ids[card.team],
                card.title,
                column_id=columns[card.team][0],
                description=card.description,
                owner=card.owner,
                tags=card.tags,
                priority=card.priority,
                due=card.due,
            ).card_id
            plan.count("cards")
        elif action.kind == "owner":
            cards.update_card(db, card.id, {"owner": ""}, owner=action.arg)
        elif action.kind == "move":
            target, reason = action.arg
            cards.move_card(db, card.id, columns[card.team][target], override_reason=reason)
        elif action.kind == "block":
            cards.block_card(db, card.id, action.arg)
        elif action.kind == "unblock":
            cards.unblock_card(db, card.id)

    for action in sorted(actions):
        plan.at(action.at, lambda action=action: play(action))  # type: ignore[misc]
    return plan
