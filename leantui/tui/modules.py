"""The modules in the navigation, TUI side: each entry names a core module (its spec in
leantui/core/modules.py), the key that opens it, its screen (made with a kit Context)
and its package. Screens are imported when first shown, so start-up pays only for the
first one; a screen declares its own palette verbs (kit.keys.Verb)."""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from leantui.core.i18n import t
from leantui.core.module_spec import ModuleSpec
from leantui.core.modules import module

if TYPE_CHECKING:
    from textual.screen import Screen

    from leantui.tui.kit.screens import Context


@dataclass(frozen=True)
class Module:
    spec: ModuleSpec
    key: str
    screen_path: str  # "package.module:ScreenClass", made with a Context
    package: str  # its screens and dialogs, for the [keymap] check

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return t(self.spec.title_key)

    def screen(self, ctx: Context) -> Screen[Any]:
        found, _, name = self.screen_path.partition(":")
        screen: Screen[Any] = getattr(import_module(found), name)(ctx)
        return screen

    def import_all(self) -> None:
        """Import every module of the package (its dialogs are imported when first
        used otherwise)."""
        package = import_module(self.package)
        for info in pkgutil.iter_modules(package.__path__, self.package + "."):
            import_module(info.name)


MODULES = [
    Module(module("kanban"), "1", "leantui.tui.kanban.screen:BoardScreen", "leantui.tui.kanban"),
    Module(
        module("five_s"), "2", "leantui.tui.five_s.overview:OverviewScreen", "leantui.tui.five_s"
    ),
    Module(module("pdca"), "3", "leantui.tui.pdca.screen:CycleListScreen", "leantui.tui.pdca"),
    Module(module("kaizen"), "4", "leantui.tui.kaizen.screen:KaizenScreen", "leantui.tui.kaizen"),
    Module(
        module("standup"), "6", "leantui.tui.standup.lobby:StandupScreen", "leantui.tui.standup"
    ),
]


@dataclass(frozen=True)
class Page(Module):
    """A screen of the app that is no module of its own (the reports read every
    module's figures through the core): in the navigation with its key like a module,
    but with no spec of its own (the shared part's)."""

    title_key: str = ""
    page_id: str = ""

    @property
    def id(self) -> str:
        return self.page_id

    @property
    def title(self) -> str:
        return t(self.title_key)


def _page(page_id: str, key: str, screen_path: str, package: str, title_key: str) -> Page:
    from leantui.core.modules import SHARED

    return Page(SHARED, key, screen_path, package, title_key, page_id)


PAGES = [
    _page(
        "reports",
        "5",
        "leantui.tui.reports.screen:ReportsScreen",
        "leantui.tui.reports",
        "reports.title",
    ),
]


def navigation() -> list[Module]:
    """Everything the app's number keys open, in the order of their keys."""
    return sorted([*MODULES, *PAGES], key=lambda entry: entry.key)


def screen_classes() -> list[type[Any]]:
    """Every screen class of leantui (kit dialogs and each module's), for checking a
    [keymap] against what each screen binds."""
    from textual.screen import Screen

    import_module("leantui.tui.welcome")
    for name in ("dialogs", "forms", "help", "lists", "palette"):
        import_module(f"leantui.tui.kit.{name}")
    for entry in navigation():
        entry.import_all()
    found: list[type[Any]] = []
    todo: list[type[Any]] = [Screen]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("leantui.tui") and sub not in found:
                found.append(sub)
    return found
