"""The demo workspace: the teams of data/demo/workspace.toml, each in its area with its
people, then every module's part (its `demo` plan, see module_spec.py and hooks.py), all
in one transaction: a demo that cannot be loaded whole (a full disk, say) leaves nothing.

Every module plans its history as dated steps; the steps of all modules run in one time
order through the services, with the clock pinned to each moment, so timestamps and
events are written exactly as if the teams had worked those weeks."""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import Any

from leantui.core import clock, i18n
from leantui.core.db.engine import Database, display_name
from leantui.core.errors import LeanError
from leantui.core.hooks import DemoContext, DemoPlan, DemoTeam
from leantui.core.modules import MODULES
from leantui.core.paths import data_dir


class DemoRefused(LeanError):
    """The database already holds data and the demo was not asked to add to it."""

    def message(self) -> str:
        counts = {
            name: i18n.t(f"demo.{name}", count=self.args_[name]) for name in ("boards", "cards")
        }
        return i18n.t(self.key, **{**self.args_, **counts})


@dataclass(frozen=True)
class DemoResult:
    teams: list[str]
    made: dict[str, int]  # what each module made ("boards", "cards" …) → how many
    events: int
    seconds: float


def demo_file(name: str) -> dict[str, Any]:
    """data/demo/<name>.toml"""
    with (data_dir() / "demo" / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)` … when a record of that name exists already."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate)
    return candidate


def load_demo(
    db: Database, *, add: bool = False, language: str | None = None, seed: int | None = None
) -> DemoResult:
    """Load the demo workspace. Refused (DemoRefused) when the database already holds
    data, unless `add`; then the demo goes beside it under names that do not clash.
    Nothing is ever deleted. Text comes in `language` (default: the current one)."""
    from leantui.core.services import info, workspace

    started = time.perf_counter()
    before = info.row_counts(db)
    if not add and any(before[name] for name in info.DATA_TABLES):
        raise DemoRefused(
            "demo.not_empty",
            path=display_name(db.url),
            boards=before["boards"],
            cards=before["cards"],
        )
    lang = language or i18n.language()

    def text(value: Any) -> str:
        if isinstance(value, dict):
            return str(value.get(lang) or value[i18n.DEFAULT_LANGUAGE])
        return str(value)

    data = demo_file("workspace")
    seed = int(data.get("seed", 0)) if seed is None else seed
    now = clock.now().astimezone()
    start = datetime.combine(
        now.date() - timedelta(weeks=int(data.get("weeks", 8))), clock_time(7), tzinfo=now.tzinfo
    )
    made: dict[str, int] = {}
    with db.write():
        taken = {team.name for team in workspace.list_teams(db)}
        teams = []
        with clock.pinned(start):
            for index, spec in enumerate(data["teams"]):
                people = [str(person) for person in spec["people"]]
                row = workspace.create_team(
                    db, unique_name(text(spec["name"]), taken), text(spec["area"]), people
                )
                teams.append(DemoTeam(row.id, row.name, row.area_id, people, index))
        context = DemoContext(teams, text, seed, start)
        plans: list[DemoPlan] = [spec.load(spec.demo)(db, context) for spec in MODULES if spec.demo]
        steps = sorted(
            (moment, part, order, step)
            for part, plan in enumerate(plans)
            for order, (moment, step) in enumerate(plan.steps)
        )
        for moment, _part, _order, step in steps:
            with clock.pinned(moment):
                step()
        for plan in plans:
            for key, count in plan.made.items():
                made[key] = made.get(key, 0) + count
    after = info.row_counts(db)
    return DemoResult(
        teams=[team.name for team in teams],
        made=made,
        events=after["events"] - before["events"],
        seconds=time.perf_counter() - started,
    )
