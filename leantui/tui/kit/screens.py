"""What a module screen is given when it is made: the database and the settings. The app
registers each module with `App.add_mode(id, factory)`, the factory passing a `Context`,
so a screen never reaches into the app (`cast("LeanApp", self.app)`) for them, and a test
can make one with any database."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App
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


LAYOUT_WAIT = 1.0  # seconds lay_out_unseen waits for the screen's layout at most


async def lay_out_unseen(app: App[Any], screen: Screen[Any]) -> None:
    """Build `screen` and lay it out once, unseen, so that showing it later only fills
    and draws it: pushed and popped in one batch of screen updates, in the app's own
    task (call it with `app.call_later`), so a key pressed meanwhile waits that moment
    and never finds the screen half-done."""
    laid_out = asyncio.Event()
    with app.batch_update():
        await app.push_screen(screen)
        screen.call_after_refresh(laid_out.set)
        with suppress(TimeoutError):  # never hold the screen's updates for long
            await asyncio.wait_for(laid_out.wait(), LAYOUT_WAIT)
        # Only itself: a screen the user opened meanwhile (seen once in a benchmark's
        # key right at that moment) is theirs, with whatever they typed.
        if app.screen is screen:
            await app.pop_screen()
