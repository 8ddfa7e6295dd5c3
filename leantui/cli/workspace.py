"""`leantui info`, `leantui demo`, `leantui backup` and `leantui restore`: the database
as a whole."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import typer

from leantui.cli.common import (
    echo_json,
    fail,
    open_db,
    say,
    settings_of,
    table,
)
from leantui.cli.opening import database_target
from leantui.cli.translated import LeanCommand
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.text import shown


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def register(app: typer.Typer) -> None:
    @app.command("info", cls=LeanCommand, help=t("cli.info_help"))
    def info_command(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.services import info

        settings = settings_of(ctx)
        with open_db(settings) as db:
            facts = info.database_info(db)
        if as_json:
            echo_json(
                {
                    "location": facts.location,
                    "backend": facts.backend,
                    "revisions": facts.revisions,
                    "size_bytes": facts.size_bytes,
                    "counts": facts.counts,
                }
            )
            return
        config = settings.config_path
        rows = [
            [t("cli.info_location"), facts.location],
            [t("cli.info_backend"), facts.backend],
            [t("cli.info_schema"), ", ".join(facts.revisions)],
        ]
        if facts.size_bytes is not None:
            rows.append([t("cli.info_size"), human_size(facts.size_bytes)])
        if config is not None:
            try:
                note = "" if config.exists() else " " + t("cli.info_config_absent")
            except OSError:
                note = ""
            if settings.notes or (note == "" and not os.access(config, os.R_OK)):
                note = " " + t("cli.info_config_unreadable")
            rows.append([t("cli.info_config"), f"{config}{note}"])
        for line in table(rows):
            say(line)
        say(t("cli.info_rows"))
        counts = [[f"  {t(facts.labels[key])}", str(value)] for key, value in facts.counts.items()]
        for line in table(counts, right={1}):
            say(line)

    @app.command("demo", cls=LeanCommand, help=t("cli.demo_help"))
    def demo_command(
        ctx: typer.Context,
        add: bool = typer.Option(False, "--add", help=t("cli.opt_demo_add")),
    ) -> None:
        from leantui.core.demo import load_demo
        from leantui.core.i18n import language
        from leantui.core.services import info

        labels = info.counted_tables()
        with open_db(settings_of(ctx), create=True) as db:
            result = load_demo(db, add=add, language=language())
        say(
            t(
                "cli.demo_done",
                teams=t("cli.list_sep").join(shown(team) for team in result.teams),
                made=t("cli.list_sep").join(
                    t("cli.demo_made", count=count, what=t(labels[key], count=count))
                    for key, count in [*result.made.items(), ("events", result.events)]
                ),
                seconds=f"{result.seconds:.1f}",
            )
        )

    @app.command("backup", cls=LeanCommand, help=t("cli.backup_help"))
    def backup_command(
        ctx: typer.Context,
        path: str = typer.Argument(
            ..., metavar=t("cli.mv_path"), help=t("cli.backup_path_help"), show_default=False
        ),
    ) -> None:
        from leantui.core.db.engine import backup_sqlite, display_name, sqlite_path, to_url

        settings = settings_of(ctx)
        url = to_url(database_target(settings))
        source = sqlite_path(url)
        if source is None:
            fail(t("cli.backup_not_sqlite", name=display_name(url)))
        if not source.exists():
            fail(t("cli.backup_no_source", path=source))
        dest = Path(path).expanduser()
        if dest.is_dir():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = dest / f"{source.stem}-{stamp}{source.suffix or '.db'}"
        if dest.exists() or dest.is_symlink():
            fail(t("cli.backup_exists", path=dest))
        db = open_db(settings)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("xb"):  # claim the name: never overwrite a file made meanwhile
                pass
            try:
                backup_sqlite(db.engine, dest)
                _check_copy(dest)
            except BaseException:
                dest.unlink(missing_ok=True)
                raise
        except FileExistsError:
            fail(t("cli.backup_exists", path=dest))
        except OSError as exc:
            fail(t("cli.backup_failed", path=dest, problem=exc.strerror or exc))
        except sqlite3.Error as exc:
            fail(t("cli.backup_failed", path=dest, problem=exc))
        finally:
            db.close()
        size = human_size(dest.stat().st_size)
        say(t("cli.backup_done", source=source, path=dest.resolve(), size=size))

    @app.command("restore", cls=LeanCommand, help=t("cli.restore_help"))
    def restore_command(
        ctx: typer.Context,
        backup: str = typer.Argument(
            ...,
            metavar=t("cli.mv_backup"),
            help=t("cli.restore_backup_help"),
            show_default=False,
        ),
        force: bool = typer.Option(False, "--force", help=t("cli.opt_restore_force")),
    ) -> None:
        from leantui.core.db.engine import display_name, sqlite_path, to_url
        from leantui.core.db.restore import restore_file

        url = to_url(database_target(settings_of(ctx)))
        target = sqlite_path(url)
        if target is None:
            fail(t("cli.restore_not_sqlite", name=display_name(url)))
        source = Path(backup).expanduser()
        try:
            done = restore_file(target, source, force=force)
        except LeanError as exc:
            fail(exc.message())
        say(t("cli.restore_done", backup=source, path=target, schema=done.schema.describe()))
        if done.replaced is not None:
            say(t("cli.restore_kept", path=done.replaced))


def _check_copy(path: Path) -> None:
    """The copy must read back whole; a copy that does not is no backup."""
    conn = sqlite3.connect(path)
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        # A backup is one self-contained file: no -wal beside it to lose on a copy.
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    if result != ["ok"]:
        raise sqlite3.DatabaseError("; ".join(result))
