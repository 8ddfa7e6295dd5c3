"""What a module screen is given when it is made: the database and the settings. The app
registers each module with `App.add_mode(id, factory)`, the factory passing a `Context`,
so a screen never reaches into the app (`cast("LeanApp", self.app)`) for them, and a test
can make one with any database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.command import Provider
from textual.screen import Screen

from leantui.core.config import Settings
from leantui.core.services import Database
from leantui.tui.kit.keys import Verb
from leantui.tui.kit.palette import VerbCommands


@dataclass(frozen=True)
class Context:
    db: Database
    settings: Settings
    team_id: int | None = None  # the team the app was opened for (`leantui standup --team`)


class ModuleScreen(Screen[None]):
    """The base of a module's main screen: its Context, its VERBS in the palette.
    `reload()` is called after data changed elsewhere (the demo was loaded)."""

    VERBS: ClassVar[tuple[Verb, ...]] = ()
    COMMANDS: ClassVar[set[type[Provider] | Any]] = {VerbCommands}

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    @property
    def db(self) -> Database:
        return self.ctx.db

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    def reload(self) -> None:
        """Read the data again."""

    def context_team(self) -> int | None:
        """The team this screen is about (a board's team, a list filtered to one), if
        any: what a form opened from here over it (the kaizen quick capture) starts
        from."""
        return None
