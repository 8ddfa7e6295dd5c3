"""Keys as data. A screen declares its `Verb`s once: each gives a `Binding` (with the id
users rebind in the config's [keymap]) and, when it has a `command`, a line in the
command palette. The footer, `?` help and the palette all read the live bindings through
`live_keys`, so a rebound key keeps its place under its new key, and a key that does
nothing here is not shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from leantui.core.i18n import t


@dataclass(frozen=True)
class Verb:
    """One thing a screen does."""

    id: str  # "kanban.move_right": its binding id, rebound by [keymap]
    action: str  # "move(1)": an action of the screen
    keys: str  # "L,shift+right"; "" for a verb reached from the palette only
    label: str  # translation key of its short name (footer, `?`)
    command: str = ""  # translation key of its palette title; "" keeps it out
    help: str = ""  # translation key of its palette help line
    show: bool = True  # shown in the footer (`?` lists it either way)
    priority: bool = False


def bindings(verbs: Iterable[Verb]) -> list[BindingType]:
    """The Bindings of `verbs`, for a class's BINDINGS. Labels are translated here, when
    the class is defined: the language is set before leantui.tui is imported."""
    return [
        Binding(v.keys, v.action, t(v.label), show=v.show, id=v.id, priority=v.priority)
        for v in verbs
        if v.keys
    ]


def verbs_of(node: DOMNode) -> list[Verb]:
    """Every Verb a node's class and its bases declare (VERBS), base classes first."""
    found: list[Verb] = []
    for cls in reversed(type(node).__mro__):
        found.extend(cls.__dict__.get("VERBS", ()))
    return found


@cache
def declared_ids(cls: type[Any]) -> tuple[str, ...]:
    """Binding ids in the order the class declares them, then its bases' (a dialog's
    own keys before the `?` every dialog has)."""
    ids: list[str] = []
    for base in cls.__mro__:
        for binding in base.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id and binding.id not in ids:
                ids.append(binding.id)
    return tuple(ids)


@dataclass
class LiveKey:
    """A binding id as it works now on a screen: its keys after the keymap."""

    id: str
    keys: list[str]  # as shown ("L", "shift+→")
    description: str
    action: str
    node: DOMNode  # where the action runs
    show: bool  # in the footer
    enabled: bool


def live_keys(screen: Screen[Any]) -> list[LiveKey]:
    """The bindings with an id active on `screen` (the focused widget's, the screen's,
    then the app's, each in declaration order), one entry per id. Textual's own bindings
    carry no id: they stay out (untranslated, and not what a team lead looks for)."""
    found: dict[str, LiveKey] = {}
    app = screen.app
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.id or not binding.description:
            continue
        entry = found.get(binding.id)
        label = app.get_key_display(binding)
        if entry is None:
            found[binding.id] = LiveKey(
                binding.id,
                [label],
                binding.description,
                binding.action,
                active.node,
                binding.show,
                active.enabled,
            )
        elif label not in entry.keys:
            entry.keys.append(label)
    # The focused widget's keys first, the app's last: deeper nodes come first.
    order: dict[str, tuple[int, int]] = {}
    for node in {id(entry.node): entry.node for entry in found.values()}.values():
        depth = -len(node.ancestors)
        for index, binding_id in enumerate(declared_ids(type(node))):
            order.setdefault(binding_id, (depth, index))
    return sorted(found.values(), key=lambda entry: order.get(entry.id, (1, 0)))


def key_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, description) of every enabled key on `screen`: what `?` lists."""
    return [(" ".join(k.keys), k.description) for k in live_keys(screen) if k.enabled]


def action_enabled(node: DOMNode, action: str) -> bool:
    """Whether `action` (of `node`) may run now: its check_action does not refuse it."""
    _namespace, name, parameters = parse_action(action)
    return node.check_action(name, parameters) is True


def _keys(spec: str) -> list[str]:
    """Keys as Textual stores them ("?" becomes "question_mark")."""
    return [b.key for b in Binding.make_bindings([Binding(spec, "")])]


def declared_bindings(cls: type[Any]) -> list[Binding]:
    out: list[Binding] = []
    for base in reversed(cls.__mro__):
        for binding in base.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                out.append(binding)
    return out


def keymap_problems(
    keymap: dict[str, str], app: type[Any], screens: Iterable[type[Any]]
) -> list[tuple[str, dict[str, str]]]:
    """What is wrong with a [keymap], as (translation key, arguments): a binding id that
    names no binding, and a rebound key that another binding of the same screen (or an
    app-wide one) also uses, so that one of them stops working."""
    from textual.screen import ModalScreen

    problems: list[tuple[str, dict[str, str]]] = []
    app_bindings = declared_bindings(app)
    known = {b.id for b in app_bindings}
    for screen in screens:
        own = declared_bindings(screen)
        known.update(b.id for b in own)
        reach = [b for b in app_bindings if b.priority or not issubclass(screen, ModalScreen)]
        users: dict[str, list[str]] = {}  # key -> binding ids, this screen's first
        for binding in [*own, *reach]:
            assert binding.id is not None
            spec = keymap.get(binding.id, binding.key)
            for key in _keys(spec):
                ids = users.setdefault(key, [])
                if binding.id not in ids:
                    ids.append(binding.id)
        for key, ids in users.items():
            rebound = [i for i in ids if i in keymap]
            if len(ids) > 1 and rebound:
                problem = (
                    "app.keymap_clash",
                    {
                        "id": rebound[0],
                        "key": key,
                        "other": next(i for i in ids if i != rebound[0]),
                    },
                )
                if problem not in problems:
                    problems.append(problem)
    for binding_id in keymap:
        if binding_id not in known:
            problems.insert(0, ("app.keymap_unknown", {"id": binding_id}))
    return problems
