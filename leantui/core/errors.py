"""Errors a user can act on. Each carries a translation key and its arguments, so the
message is rendered in the user's language wherever it is finally shown."""

from __future__ import annotations

from typing import Any


class LeanError(Exception):
    """A problem to show the user: one or two lines saying what happened and what to do."""

    def __init__(self, key: str, /, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args

    def message(self) -> str:
        from leantui.core.i18n import t

        return t(self.key, **self.args_)

    def __str__(self) -> str:
        return self.message()


class DatabaseProblem(LeanError):
    """The database cannot be opened safely; the file has been left untouched."""


class ConfigProblem(LeanError):
    """The configuration file or an override is invalid."""


class ValidationError(LeanError):
    """Input that a service refuses; `field` names the form field at fault, and its
    label (fields.<field>) is shown in the message."""

    def __init__(self, key: str, /, field: str = "", **args: Any) -> None:
        super().__init__(key, **args)
        self.field = field

    def message(self) -> str:
        from leantui.core.i18n import t

        return t(self.key, field=t(f"fields.{self.field}"), **self.args_)


class NotFound(LeanError):
    """A board, column or card that does not exist (any more)."""


class Conflict(LeanError):
    """Someone else changed the record since it was read; nothing was saved."""
