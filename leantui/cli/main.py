"""The `leantui` command. Bare `leantui` opens the TUI; subcommands script the same
services and never import Textual. The language is settled before the Typer app is
built, so that help texts come out translated."""

import sys
from typing import TYPE_CHECKING, NoReturn

import typer

from leantui import __version__
from leantui.core import i18n
from leantui.core.config import Settings, load_settings
from leantui.core.errors import LeanError

if TYPE_CHECKING:  # keeps SQLAlchemy out of `--help`
    from leantui.core.db.engine import Database


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def open_db(settings: Settings) -> "Database":
    """Open the configured database, or exit with a message naming the file."""
    from leantui.core.db.opening import open_database
    from leantui.core.paths import default_db_path

    try:
        db, upgrade = open_database(settings.database or default_db_path())
    except LeanError as exc:
        fail(exc.message())
    if upgrade is not None:
        typer.echo(
            i18n.t(
                "core.db_upgraded",
                old=upgrade.from_version,
                new=upgrade.to_version,
                backup=upgrade.backup,
            ),
            err=True,
        )
    return db


def settings_of(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def build_app() -> typer.Typer:
    t = i18n.t
    app = typer.Typer(
        help=t("cli.help"),
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )

    def version(value: bool) -> None:
        if value:
            typer.echo(f"leantui {__version__}")
            raise typer.Exit()

    @app.callback(invoke_without_command=True)
    def root(
        ctx: typer.Context,
        db: str | None = typer.Option(None, "--db", help=t("cli.opt_db")),
        lang: str | None = typer.Option(None, "--lang", help=t("cli.opt_lang")),
        _version: bool = typer.Option(
            False, "--version", callback=version, is_eager=True, help=t("cli.opt_version")
        ),
    ) -> None:
        try:
            ctx.obj = load_settings(language=lang, database=db)
        except LeanError as exc:
            fail(exc.message(), 2)
        if ctx.invoked_subcommand is None:
            database = open_db(ctx.obj)
            from leantui.tui.app import run_tui

            run_tui(ctx.obj, database)

    return app


def _flag(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    argv = sys.argv[1:]
    try:
        settings = load_settings(language=_flag(argv, "--lang"))
    except LeanError as exc:
        typer.echo(exc.message(), err=True)
        sys.exit(2)
    i18n.set_language(settings.language)
    build_app()(args=argv, prog_name="leantui")
