"""The kaizen screens' verbs, named one way: binding id kaizen.<name>, label
kaizen.key_<name>, palette title kaizen.cmd_<name> with its kaizen.cmd_<name>_help line
(unless `command` is False)."""

from __future__ import annotations

from leantui.tui.kit.keys import Verb


def verb(
    name: str,
    action: str,
    keys: str,
    show: bool = True,
    command: bool = True,
    priority: bool = False,
) -> Verb:
    return Verb(
        f"kaizen.{name}",
        action,
        keys,
        f"kaizen.key_{name}",
        f"kaizen.cmd_{name}" if command else "",
        f"kaizen.cmd_{name}_help" if command else "",
        show,
        priority,
    )
