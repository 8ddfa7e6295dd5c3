"""The modules in the navigation, TUI side: each entry names a core module (its spec in
leantui/core/modules.py), the key that opens it, its screen and the verbs it adds to the
command palette. Screens are imported when first shown, so start-up pays only for the
first one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from leantui.core.i18n import t
from leantui.core.module_spec import ModuleSpec
from leantui.core.modules import module

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
    spec: ModuleSpec
    key: str
    screen_path: str  # "package.module:ScreenClass"
    commands_path: str = ""  # "package.module:function" returning list[Command]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return t(self.spec.title_key)

    def _load(self, path: str) -> Any:
        found, _, name = path.partition(":")
        return getattr(import_module(found), name)

    def screen(self) -> Screen[Any]:
        screen: Screen[Any] = self._load(self.screen_path)()
        return screen

    def commands(self) -> list[Command]:
        return self._load(self.commands_path)() if self.commands_path else []


MODULES = [
    Module(
        module("kanban"),
        "1",
        "leantui.tui.kanban.screen:BoardScreen",
        "leantui.tui.kanban.screen:board_commands",
    ),
]
