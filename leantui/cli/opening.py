"""Opening the configured database for a command or the app, with what the user should
be told (created, upgraded) said through `tell`. No Typer here: `leantui` opening the
app does not load the command-line parser (cli/main.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from leantui.core.config import Settings

if TYPE_CHECKING:
    from leantui.core.db.engine import Database


def database_target(settings: Settings) -> str:
    from leantui.core.paths import default_db_path

    return settings.database or str(default_db_path())


def open_configured(settings: Settings, *, create: bool, tell: Callable[[str], None]) -> Database:
    """The database, or the LeanError that names the file. Commands that only read never
    create one (`create` False): a mistyped --db says the file does not exist."""
    from leantui.core.db.engine import display_name
    from leantui.core.db.opening import open_database
    from leantui.core.i18n import t

    db, upgrade = open_database(database_target(settings), create=create)
    if db.created:
        tell(t("core.db_created", path=display_name(db.url)))
    if upgrade is not None:
        tell(upgrade.message())
    return db
