"""What a module tells the core about itself, in one place (its `spec.py`).

Everything is named by dotted path and imported only when used, so reading the list of
modules costs nothing at start-up and the core never imports the CLI or the TUI: the
CLI reaches a module's commands through `cli`, the TUI names its screen on its own side
(leantui/tui/modules.py) and refers to the spec by id. The values the hooks pass and
return are in hooks.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leantui.core.db.engine import Database
    from leantui.core.hooks import Attention, ExportTable, Scope


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
    exports: str = ""  # tables(db, scope, **options) -> list[ExportTable]
    exceptions: str = ""  # exceptions(db, scope, since) -> list[Attention]
    sources: tuple[str, ...] = ()  # the card source types this module's records are
    describe: str = ""  # describe(db, source_type, source_id) -> str | None: a card's source

    def load(self, path: str) -> Any:
        module, _, name = path.partition(":")
        found = import_module(module)
        return getattr(found, name) if name else found

    def migrations_dir(self) -> Path:
        from importlib.resources import files  # not on the path to `leantui --help`

        return Path(str(files(self.migrations)))

    def run_exceptions(
        self, db: Database, scope: Scope, since: datetime | None, **options: Any
    ) -> list[Attention]:
        """The module's stops; `options` are what its hook takes from the settings (the
        stand-up passes the kanban aging days, say)."""
        if not self.exceptions:
            return []
        return list(self.load(self.exceptions)(db, scope, since, **options))

    def export_tables(self, db: Database, scope: Scope, **options: Any) -> list[ExportTable]:
        """The module's tables; `options` are what its hook takes from the settings (the
        kaizen currency, say)."""
        return list(self.load(self.exports)(db, scope, **options)) if self.exports else []

    def describe_source(self, db: Database, source_type: str, source_id: int) -> str | None:
        if source_type not in self.sources or not self.describe:
            return None
        found: str | None = self.load(self.describe)(db, source_type, source_id)
        return found
