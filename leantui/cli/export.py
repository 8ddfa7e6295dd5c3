"""`leantui export KIND|all|list`: the tables every module registers, as CSV or XLSX
(leantui.core.export does the work). Reading only: a missing database is reported,
never created."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from leantui.cli.common import fail, open_db, say, settings_of, table
from leantui.cli.translated import LeanCommand
from leantui.core.errors import LeanError
from leantui.core.i18n import t

if TYPE_CHECKING:
    from leantui.core.db.engine import Database
    from leantui.core.hooks import Scope


def register(app: typer.Typer) -> None:
    @app.command("export", cls=LeanCommand, help=t("export.cli_help"))
    def export_command(
        ctx: typer.Context,
        kind: str | None = typer.Argument(
            None, metavar=t("export.mv_kind"), help=t("export.kind_help"), show_default=False
        ),
        board: str | None = typer.Option(
            None, "--board", "-b", metavar=t("cli.mv_board"), help=t("export.opt_board")
        ),
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("export.opt_team")
        ),
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("export.opt_area")
        ),
        since: str | None = typer.Option(
            None, "--from", metavar=t("cli.mv_date"), help=t("export.opt_from")
        ),
        until: str | None = typer.Option(
            None, "--to", metavar=t("cli.mv_date"), help=t("export.opt_to")
        ),
        out: str | None = typer.Option(
            None, "--out", "-o", metavar=t("cli.mv_path"), help=t("export.opt_out")
        ),
        fmt: str = typer.Option("csv", "--format", metavar="csv|xlsx", help=t("export.opt_format")),
        encoding: str = typer.Option(
            "utf-8-sig", "--encoding", metavar="utf-8-sig|utf-8", help=t("export.opt_encoding")
        ),
        headers: str = typer.Option(
            "local", "--headers", metavar="local|en", help=t("export.opt_headers")
        ),
        force: bool = typer.Option(False, "--force", help=t("export.opt_force")),
        listing: bool = typer.Option(False, "--list", help=t("export.opt_list")),
    ) -> None:
        from leantui.core import export

        if headers not in ("local", "en"):
            fail(t("export.bad_headers", value=headers), 2)
        settings = settings_of(ctx)
        options = export.Options(
            format=fmt.lower(),
            encoding=encoding.lower(),
            english_headers=headers == "en",
            force=force,
            settings=settings,
        )
        if not listing and kind is None:
            fail(t("export.no_kind"), 2)
        db = open_db(settings)
        try:
            if listing or kind == "list":
                _list(db)
                return
            scope = _scope(db, board, team, area, since, until)
            target = Path(out) if out else None
            progress = _bar() if sys.stderr.isatty() else None
            try:
                if kind == "all":
                    written = export.export_all(db, scope, target, options, progress)
                else:
                    written = export.export_kind(db, scope, str(kind), target, options, progress)
            except KeyboardInterrupt:
                if progress is not None:
                    progress.stop()  # the message goes below the bar, not into it
                    progress = None
                fail(t("export.cancelled"), 130)
            finally:
                if progress is not None:
                    progress.stop()
        except LeanError as exc:
            fail(exc.message())
        finally:
            db.close()
        total = sum(written.rows.values())
        say(
            t(
                "export.done_all" if kind == "all" else "export.done_one",
                path=written.path.resolve(),
                tables=len(written.rows),
                count=total,
            )
        )


def _list(db: Database) -> None:
    from leantui.core import export

    rows = [[name, title] for name, title in export.kinds(db)]
    rows.append(["all", t("export.kind_all")])
    for line in table(rows):
        say(line)


def _day(value: str, field: str) -> date:
    from leantui.core.services import validate

    found = validate.optional_date(value, field)
    assert found is not None
    return found


def _scope(
    db: Database,
    board: str | None,
    team: str | None,
    area: str | None,
    since: str | None,
    until: str | None,
) -> Scope:
    from leantui.core.hooks import Scope

    board_id = team_id = area_id = None
    if board:
        from leantui.core.kanban.boards import find_board

        board_id = find_board(db, board).id
    if team:
        from leantui.core.services.workspace import find_team

        team_id = find_team(db, team).id
    if area:
        from leantui.core.services.workspace import find_area

        area_id = find_area(db, area).id
    zone = datetime.now().astimezone().tzinfo
    start = end = None
    if since:
        start = datetime.combine(_day(since, "from"), time(0), tzinfo=zone)
    if until:
        end = datetime.combine(_day(until, "to") + timedelta(days=1), time(0), tzinfo=zone)
    if start is not None and end is not None and end <= start:
        fail(t("export.bad_period", since=since, until=until), 2)
    return Scope(team_id=team_id, area_id=area_id, board_id=board_id, since=start, until=end)


def _bar() -> Any:
    """A Rich progress bar on stderr: one line per table, rows counted as they go."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    from leantui.core.export import Progress as Listener
    from leantui.core.text import shown

    class Bar(Listener):
        def __init__(self) -> None:
            self.view = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[rows]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self.tasks: dict[str, Any] = {}
            self.overall: Any = None

        def begin(self, names: Sequence[str]) -> None:
            self.view.start()
            self.overall = self.view.add_task(
                shown(t("export.progress_tables")), total=len(names), rows=""
            )

        def rows(self, name: str, count: int) -> None:
            if name not in self.tasks:
                self.tasks[name] = self.view.add_task(shown(name), total=None, rows="")
            self.view.update(self.tasks[name], rows=t("export.progress_rows", count=count))

        def done(self, name: str, count: int) -> None:
            task = self.tasks.get(name)
            if task is not None:
                self.view.update(task, total=1, completed=1, visible=False)
            self.view.advance(self.overall)

        def stop(self) -> None:
            self.view.stop()

    return Bar()
