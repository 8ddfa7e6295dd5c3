"""What a module tells the core about itself, in one place (its `spec.py`).

Everything is named by dotted path and imported only when used, so reading the list of
modules costs nothing at start-up and the core never imports the CLI or the TUI: the
CLI reaches a module's commands through `cli`, the TUI names its screen on its own side
(leantui/tui/modules.py) and refers to the spec by id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leantui.core.db.engine import Database


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


@dataclass(frozen=True)
class ModuleSpec:
    """One module's seams on the core side. Dotted paths are "package.module:attribute";
    a path left empty means the module has nothing of that kind."""

    id: str  # also its branch label in Alembic and its catalog file name
    title_key: str
    models: str  # module whose import registers the tables with SQLModel's metadata
    migrations: str  # package holding the module's Alembic revisions
    head: str  # the newest of those revisions: start-up compares it without Alembic
    cli: str = ""  # register(app: typer.Typer) -> None
    demo: str = ""  # load(db, context: DemoContext) -> dict[str, int] (what it made)
    counts: tuple[str, ...] = ()  # tables counted by `leantui info`, label "<id>.count_<t>"
    exports: str = ""  # tables(db, scope) -> list[ExportTable]
    exceptions: str = ""  # exceptions(db, scope, since) -> list[Attention]

    def load(self, path: str) -> Any:
        module, _, name = path.partition(":")
        found = import_module(module)
        return getattr(found, name) if name else found

    def migrations_dir(self) -> Path:
        return Path(str(files(self.migrations)))

    def run_exceptions(self, db: Database, scope: Scope, since: datetime | None) -> list[Attention]:
        return list(self.load(self.exceptions)(db, scope, since)) if self.exceptions else []

    def export_tables(self, db: Database, scope: Scope) -> list[ExportTable]:
        return list(self.load(self.exports)(db, scope)) if self.exports else []
