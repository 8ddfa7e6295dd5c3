"""The values a module's hooks (module_spec.py) take and return: the scope asked about,
the stand-up's stops, export tables, and what the demo hands a module."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Scope:
    """Whose attention or export is asked for: a team, an area or one board; all None
    means everything. `since` and `until` (aware, `until` excluded) narrow an export to
    a period: the tables that have a date of their own (history, changes) honour them,
    the others list everything in the team, area or board."""

    team_id: int | None = None
    area_id: int | None = None
    board_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Attention:
    """One thing that needs a team lead's attention now: what the stand-up stops at.
    `kind` is module-specific ("blocked", "over_wip" …); `detail` is the stored text
    that says why (a block reason, say), `since` when it began, `order` its place
    within the module's stops (a board is walked right to left)."""

    module: str
    kind: str
    entity_type: str
    entity_id: int
    title: str
    detail: str = ""
    since: datetime | None = None
    board_id: int | None = None
    team_id: int | None = None
    order: tuple[Any, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportColumn:
    key: str  # stable, machine-readable header (`--headers en`)
    label_key: str  # translation key of the header in the user's language


@dataclass(frozen=True)
class ExportTable:
    """A named table of rows a module can export; rows are streamed. `text_rows`, when
    given, are the same rows with the cells already as a CSV shows them (what
    `export.cells` makes of a value), which a module may read cheaper; nothing is read
    from either until it is iterated."""

    name: str
    title_key: str
    columns: Sequence[ExportColumn]
    rows: Iterable[Sequence[Any]]
    text_rows: Iterable[Sequence[Any]] | None = None


@dataclass(frozen=True)
class DemoContext:
    """What the shared demo made before a module's demo is planned: the teams, with their
    area and people, the language to write in, and when the history starts."""

    teams: Sequence[DemoTeam]
    text: Callable[[Any], str]  # a {en = …, zh_CN = …} table (or plain text) → text
    seed: int
    start: datetime  # the first moment of the history (the teams exist from then)


@dataclass
class DemoPlan:
    """A module's demo as dated steps. The demo runs every module's steps in one time
    order, each with the clock pinned to its moment, so the history reads as if the
    teams had lived it: events come in the order they happened, across modules. A step
    may use what earlier steps made (ids kept in the closure's state); `made` counts
    what the module made, by counted table."""

    steps: list[tuple[datetime, Callable[[], None]]] = field(default_factory=list)
    made: dict[str, int] = field(default_factory=dict)

    def at(self, moment: datetime, step: Callable[[], None]) -> None:
        self.steps.append((moment, step))

    def count(self, table: str, n: int = 1) -> None:
        self.made[table] = self.made.get(table, 0) + n


@dataclass(frozen=True)
class DemoTeam:
    id: int
    name: str
    area_id: int | None
    people: Sequence[str]
    index: int  # its place in data/demo/workspace.toml: modules key their data by it
