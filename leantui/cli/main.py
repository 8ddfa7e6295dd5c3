"""The `leantui` command. Bare `leantui` opens the TUI; subcommands script the same
services and never import Textual. The language is settled before the Typer app is
built, so that help texts come out translated.

Nothing here imports SQLAlchemy or Textual at module level: the commands import the
services they need when they run, so `leantui --help` answers at once."""

from __future__ import annotations

import gc
import os
import sys

import typer

from leantui import __version__
from leantui.cli import export, workspace
from leantui.cli.common import fail, new_typer, open_db, say, settings_of
from leantui.cli.translated import hoist_root_options
from leantui.core import actor, i18n
from leantui.core.config import load_settings
from leantui.core.errors import LeanError
from leantui.core.modules import MODULES

__all__ = ["build_app", "fail", "main", "open_db", "settings_of", "settle_language"]


def build_app() -> typer.Typer:
    t = i18n.t
    app = new_typer(t("cli.help"), no_args_is_help=False)

    def version(value: bool) -> None:
        if value:
            typer.echo(f"leantui {__version__}")
            raise typer.Exit()

    @app.callback(invoke_without_command=True)
    def root(
        ctx: typer.Context,
        db: str | None = typer.Option(
            None, "--db", metavar=t("cli.mv_db"), help=t("cli.opt_db"), show_default=False
        ),
        lang: str | None = typer.Option(
            None, "--lang", metavar=t("cli.mv_lang"), help=t("cli.opt_lang"), show_default=False
        ),
        user: str | None = typer.Option(
            None, "--user", metavar=t("cli.mv_user"), help=t("cli.opt_user"), show_default=False
        ),
        _version: bool = typer.Option(
            False, "--version", callback=version, is_eager=True, help=t("cli.opt_version")
        ),
    ) -> None:
        try:
            ctx.obj = load_settings(language=lang, database=db, user=user)
        except LeanError as exc:
            fail(exc.message(), 2)
        i18n.set_language(ctx.obj.language)
        actor.set_actor(ctx.obj.user)
        for note in ctx.obj.notes:
            say(note.message(), err=True)
        if ctx.invoked_subcommand is not None:
            gc.enable()
        else:
            database = open_db(ctx.obj, create=True)
            from leantui.tui.app import run_tui

            # Closed on the way out, so that the next start knows the file (db/checked.py).
            with database:
                status = run_tui(ctx.obj, database)
            if status:
                raise typer.Exit(status)

    workspace.register(app)
    export.register(app)
    for spec in MODULES:
        if spec.cli:
            spec.load(spec.cli)(app)
    return app


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


def main(argv: list[str] | None = None) -> None:
    # Start-up makes many long-lived objects; collecting them over and over while the
    # app starts costs ~90 ms. The app turns collection back on once it is idle after its
    # first frame (LeanApp.settle, leantui.tui.memory); a subcommand does so as soon as it
    # runs.
    gc.disable()
    args = sys.argv[1:] if argv is None else list(argv)
    settle_language(args)
    build_app()(args=args, prog_name="leantui")
