"""The Typer app: the root options and every command (the core's and each module's).
Imported only when a command runs; bare `leantui` opens the app without it (main.py)."""

from __future__ import annotations

import gc

import typer

from leantui import __version__
from leantui.cli import export, workspace
from leantui.cli.common import fail, new_typer
from leantui.cli.main import run_app, settle
from leantui.core import i18n
from leantui.core.config import load_settings
from leantui.core.errors import LeanError
from leantui.core.modules import MODULES


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
        settle(ctx.obj)
        if ctx.invoked_subcommand is not None:
            gc.enable()
        else:  # root options main.app_options leaves to Typer (one given twice …)
            status = run_app(ctx.obj)
            if status:
                raise typer.Exit(status)

    workspace.register(app)
    export.register(app)
    for spec in MODULES:
        if spec.cli:
            spec.load(spec.cli)(app)
    return app
