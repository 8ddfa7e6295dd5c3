"""What every subcommand shares: settings from the context, opening the database with a
message instead of a traceback, and the translated Typer classes. Imports nothing heavy:
services are imported inside the commands, so `leantui --help` stays fast."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.cells import cell_len

from leantui.cli.opening import open_configured
from leantui.cli.translated import LeanGroup
from leantui.core.config import Settings
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.text import json_safe, shown, shown_block

if TYPE_CHECKING:  # keeps SQLAlchemy out of `--help`
    from leantui.core.db.engine import Database


def new_typer(help_text: str, **kwargs: Any) -> typer.Typer:
    """A Typer (sub)app with translated help, plain output and no shell completion."""
    kwargs.setdefault("no_args_is_help", True)
    return typer.Typer(
        cls=LeanGroup,
        help=help_text,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        **kwargs,
    )


def say(message: str, *, err: bool = False) -> None:
    """Print a line (or a few): every CLI output goes through here, so that escape
    sequences a stored name may hold never reach the terminal (text.shown_block)."""
    typer.echo(shown_block(message), err=err)


def fail(message: str, code: int = 1) -> NoReturn:
    say(message, err=True)
    raise typer.Exit(code)


def record_number(text: str, message_key: str, **args: str) -> int:
    """The record number in "12" or "#12", or exit 2 with the message (given `value`)."""
    from leantui.core.services import validate

    number = validate.record_id(text.strip().lstrip("#"))
    if number is None:
        fail(t(message_key, value=text, **args), 2)
    return number


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def open_db(settings: Settings, *, create: bool = False) -> Database:
    """Open the configured database, or exit with a message naming the file. Commands
    that only read never create one (`create` False): a mistyped --db says the file does
    not exist. The app and commands that write create it and say so."""
    try:
        return open_configured(settings, create=create, tell=lambda line: say(line, err=True))
    except LeanError as exc:
        fail(exc.message())


def echo_json(data: Any) -> None:
    """Exact JSON, Chinese kept readable; every control, bidi and invisible character
    escaped (the same JSON value, safe on a terminal)."""
    typer.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def table(rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """Columns aligned by display width (Chinese takes two cells a character); each cell
    one line, safe to print (text.shown)."""
    if not rows:
        return []
    rows = [[shown(cell) for cell in row] for row in rows]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            gap = " " * (widths[i] - cell_len(cell))
            cells.append(gap + cell if right and i in right else cell + gap)
        lines.append("  ".join(cells).rstrip())
    return lines
