"""The `leantui` command. Bare `leantui` opens the TUI; subcommands script the same
services and never import Textual. The language is settled before the Typer app is
built, so that help texts come out translated.

Nothing here imports SQLAlchemy or Textual at module level: the commands import the
services they need when they run, so `leantui --help` answers at once."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from leantui.core import actor, i18n
from leantui.core.config import Settings, load_settings
from leantui.core.errors import LeanError

if TYPE_CHECKING:
    import typer

__all__ = ["app_options", "build_app", "main", "open_app", "settle_language"]


def build_app() -> typer.Typer:
    """Every command (cli/commands.py: Typer is imported only when a command runs)."""
    from leantui.cli.commands import build_app as build

    return build()


def _root_flag(argv: list[str], name: str) -> str | None:
    """The value of a root option (given before the subcommand), e.g. `--lang zh_CN`."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == name:
            return argv[i + 1] if i + 1 < len(argv) else None
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
        if arg in ("--db", "--lang", "--user"):
            i += 2
            continue
        if not arg.startswith("-"):
            return None  # the subcommand: its options are its own
        i += 1
    return None


def settle_language(args: list[str]) -> None:
    """Help texts are translated when the app is built, so the language comes first.
    A bad config file or --lang is reported by the root callback (exit 2) once a command
    runs; `--help` still answers, in the locale's language. A --lang given after the
    subcommand counts too: the words are walked as the app will parse them (an app built
    first to know which options take a value)."""
    _settle(_root_flag(args, "--lang"))
    if any(arg == "--lang" or arg.startswith("--lang=") for arg in args):
        from typer.main import get_command

        from leantui.cli.translated import hoist_root_options

        hoisted = hoist_root_options(get_command(build_app()), args)
        if hoisted != args:
            _settle(_root_flag(hoisted, "--lang"))


def _settle(flag: str | None) -> None:
    try:
        language = load_settings(language=flag).language
    except LeanError:  # still speak the language asked for, if any can be made out
        language = (
            i18n.normalize_language(flag)
            or i18n.normalize_language(os.environ.get("LEANTUI_LANG"))
            or i18n.locale_language()
        )
    i18n.set_language(language)


ROOT_OPTIONS = ("--db", "--lang", "--user")


def app_options(args: list[str]) -> dict[str, str] | None:
    """The root options when `args` holds nothing else (`leantui`, `leantui --db X`):
    what opening the app needs, read without Typer. None for anything else (a command,
    --help, --version, an option twice or without its value): Typer reads those."""
    found: dict[str, str] = {}
    words = iter(args)
    for word in words:
        name, equals, value = word.partition("=")
        if name not in ROOT_OPTIONS or name in found:
            return None
        if not equals:
            value = next(words, "")
            if not value or value.startswith("-"):
                return None
        found[name] = value
    return found


def tell(message: str) -> None:
    """A line to standard error, stored text made safe (no Typer needed)."""
    from leantui.core.text import shown_block

    sys.stderr.write(shown_block(message) + "\n")
    sys.stderr.flush()


def settle(settings: Settings) -> None:
    """The settings in force: language, who is acting, and any note on the config."""
    i18n.set_language(settings.language)
    actor.set_actor(settings.user)
    for note in settings.notes:
        tell(note.message())


def open_app(options: dict[str, str]) -> int:
    """What `leantui` does with `app_options`' words, without Typer: its import and the
    building of every command cost ~0.2 s of each start of the app."""
    try:
        settings = load_settings(
            language=options.get("--lang"),
            database=options.get("--db"),
            user=options.get("--user"),
        )
    except LeanError as exc:
        tell(exc.message())
        return 2
    settle(settings)
    return run_app(settings)


def run_app(settings: Settings) -> int:
    """Open (or create) the database and run the app on it; the exit status."""
    from leantui.cli.opening import open_configured

    try:
        database = open_configured(settings, create=True, tell=tell)
    except LeanError as exc:
        tell(exc.message())
        return 1
    from leantui.tui.app import run_tui

    # Closed on the way out, so that the next start knows the file (db/checked.py).
    with database:
        return run_tui(settings, database)


def main(argv: list[str] | None = None) -> None:
    # Start-up makes many long-lived objects; collecting them over and over while the
    # app starts costs ~90 ms. The app turns collection back on once it is idle after its
    # first frame (LeanApp.settle, leantui.tui.memory); a subcommand does so as soon as it
    # runs.
    gc.disable()
    args = sys.argv[1:] if argv is None else list(argv)
    options = app_options(args)
    if options is not None:
        _settle(options.get("--lang"))
        sys.exit(open_app(options))
    settle_language(args)
    build_app()(args=args, prog_name="leantui")
