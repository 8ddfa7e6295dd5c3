"""The modules that appear in the navigation. A module issue adds one entry to MODULES:
its mode id, its label, the key that opens it, its screen, and the verbs it adds to the
command palette. Only modules that work are listed. Screens are imported when first
shown, so start-up pays only for the first one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from leantui.core.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen

    from leantui.tui.app import LeanApp


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[LeanApp], Any]


@dataclass(frozen=True)
class Module:
    id: str
    title_key: str
    key: str
    screen_path: str  # "package.module:ScreenClass"
    commands_path: str = ""  # "package.module:function" returning list[Command]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return t(self.title_key)

    def _load(self, path: str) -> Any:
        module, _, name = path.partition(":")
        return getattr(import_module(module), name)

    def screen(self) -> Screen[Any]:
        screen: Screen[Any] = self._load(self.screen_path)()
        return screen

    def commands(self) -> list[Command]:
        return self._load(self.commands_path)() if self.commands_path else []


MODULES = [
    Module(
        "kanban",
        "app.module_kanban",
        "1",
        "leantui.tui.kanban.screen:BoardScreen",
        "leantui.tui.kanban.screen:board_commands",
    ),
]
