"""The command palette: every verb of the screen you are on, translated, with its key.

A screen lists `VerbCommands` in its COMMANDS and declares its VERBS (keys.Verb); the
palette then offers each verb that has a `command` title and may run now (the screen's
check_action), with the key that runs it under the current keymap beside it. The app's
own commands (modules, keys, theme, user, quit) come from LeanApp.get_system_commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from leantui.core.i18n import t
from leantui.tui.kit.bars import KeyBar
from leantui.tui.kit.keys import action_enabled, live_keys, verbs_of


@dataclass(frozen=True)
class Entry:
    title: str
    help: str
    key: str
    run: Callable[[], Any]


def with_key(title: Content, key: str) -> Content:
    return title.append_text(f"  {key}", "bold") if key else title


class VerbCommands(Provider):
    """The calling screen's verbs."""

    def entries(self) -> list[Entry]:
        screen = self.screen
        keys = {key.id: " ".join(key.keys) for key in live_keys(screen)}
        out = []
        for verb in verbs_of(screen):
            if not verb.command or not action_enabled(screen, verb.action):
                continue
            out.append(
                Entry(
                    t(verb.command),
                    t(verb.help) if verb.help else "",
                    keys.get(verb.id, ""),
                    partial(self.app.run_action, verb.action, screen),
                )
            )
        return out

    async def discover(self) -> Hits:
        for entry in self.entries():
            title = Content(entry.title)
            yield DiscoveryHit(with_key(title, entry.key), entry.run, entry.title, entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries():
            score = matcher.match(entry.title)
            if score > 0:
                title = matcher.highlight(entry.title)
                shown = with_key(title, entry.key)
                yield Hit(score, shown, entry.run, entry.title, entry.help)


class Palette(CommandPalette):
    """Textual's palette with a translated Esc and a key bar of its own."""

    BINDINGS = [Binding("escape", "escape", t("app.key_close"), id="palette.close")]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield KeyBar()
