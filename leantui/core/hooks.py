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
    means everything."""

    team_id: int | None = None
    area_id: int | None = None
    board_id: int | None = None


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
    """A named table of rows a module can export; rows are streamed."""

    name: str
    title_key: str
    columns: Sequence[ExportColumn]
    rows: Iterable[Sequence[Any]]


@dataclass(frozen=True)
class DemoContext:
    """What the shared demo made before a module's demo runs: the teams, with their
    area and people, and the language to write in."""

    teams: Sequence[DemoTeam]
    text: Callable[[Any], str]  # a {en = …, zh_CN = …} table (or plain text) → text
    seed: int


@dataclass(frozen=True)
class DemoTeam:
    id: int
    name: str
    area_id: int | None
    people: Sequence[str]
    index: int  # its place in data/demo/workspace.toml: modules key their data by it
