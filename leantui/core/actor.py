"""Who is acting: the name every history event records. Not authentication, a name.

Set once at start-up from the settings (config `user`, LEANTUI_USER, `--user`), like the
language, and changed in the TUI when someone else takes over a shared terminal. Unset,
it is LEANTUI_USER or the operating system's login. Importing this costs nothing, so the
TUI can show it before the services are loaded."""

from __future__ import annotations

import getpass
import os

_configured = ""


def set_actor(name: str) -> None:
    """The name recorded from now on; "" goes back to LEANTUI_USER or the login."""
    global _configured
    _configured = name.strip()


def current_actor() -> str:
    if _configured:
        return _configured
    try:
        return os.environ.get("LEANTUI_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without /etc/passwd entry)
        return ""
