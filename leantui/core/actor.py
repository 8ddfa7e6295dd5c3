"""Who is acting: the name every history event records. Not authentication, a name.

Set once at start-up from the settings (config `user`, LEANTUI_USER, `--user`), like the
language, and changed in the TUI when someone else takes over a shared terminal. Unset,
it is LEANTUI_USER or the operating system's login. Importing this costs nothing, so the
TUI can show it before the services are loaded."""

from __future__ import annotations

import getpass
import os

MAX_NAME = 80  # as a person's name anywhere else (validate.MAX_NAME)

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


def clean(name: str) -> str:
    """A name typed in to act under: one line, not empty, not too long."""
    from leantui.core.errors import ValidationError
    from leantui.core.text import has_control

    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("core.v_required", field="user")
    if len(cleaned) > MAX_NAME:
        raise ValidationError("core.v_too_long", field="user", limit=MAX_NAME, length=len(cleaned))
    if has_control(cleaned):
        raise ValidationError("core.actor_bad_name", field="user")
    return cleaned
