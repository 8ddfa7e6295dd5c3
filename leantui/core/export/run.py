"""What `leantui export` does, headless: find the tables every module registers
(each module spec's `exports` hook, and the shared part's), and write one of them, or all of
them, as CSV or XLSX, atomically."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from leantui.core import clock
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.export import csvfile, files
from leantui.core.export.files import ExportProblem
from leantui.core.hooks import ExportTable, Scope
from leantui.core.i18n import t
from leantui.core.modules import MODULES, SHARED

FORMATS = ("csv", "xlsx")
ENCODINGS = ("utf-8-sig", "utf-8")


@dataclass(frozen=True)
class Options:
    format: str = "csv"
    encoding: str = "utf-8-sig"
    english_headers: bool = False  # --headers en: the stable column keys
    force: bool = False
    settings: Settings = field(default_factory=Settings)  # what module tables take from it


def module_options(settings: Settings) -> dict[str, dict[str, Any]]:
    """What each module's export tables take from the settings, by module id."""
    return {"kaizen": {"currency": settings.kaizen.currency}}


class Progress:
    """Told how an export goes; the CLI draws a bar, the TUI may too. Raising from a
    method (KeyboardInterrupt, say) cancels the export and leaves no file."""

    def begin(self, names: Sequence[str]) -> None:
        """The tables about to be written, in order."""

    def rows(self, name: str, count: int) -> None:
        """`count` rows of table `name` written so far."""

    def done(self, name: str, count: int) -> None:
        """Table `name` is whole, with `count` rows."""


@dataclass
class Written:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)


def tables(db: Database, scope: Scope, settings: Settings | None = None) -> list[ExportTable]:
    """Every export table of every module in registry order, then the shared part's
    (the metrics, which read across modules). Rows are not read until iterated."""
    found: list[ExportTable] = []
    names: set[str] = set()
    given = module_options(settings or Settings())
    for spec in (*MODULES, SHARED):
        for table in spec.export_tables(db, scope, **given.get(spec.id, {})):
            if table.name in names:  # a registry mistake, caught by the tests
                raise ValueError(f"two export tables are named {table.name!r}")
            names.add(table.name)
            found.append(table)
    return found


def kinds(db: Database) -> list[tuple[str, str]]:
    """(name, title in the user's language) of every export table."""
    return [(table.name, t(table.title_key)) for table in tables(db, Scope())]


def header(table: ExportTable, options: Options) -> list[str]:
    if options.english_headers:
        return [c.key for c in table.columns]
    return [t(c.label_key) for c in table.columns]


def _check(options: Options) -> None:
    if options.format not in FORMATS:
        raise ExportProblem("export.bad_format", value=options.format, choices=", ".join(FORMATS))
    if options.encoding not in ENCODINGS:
        raise ExportProblem(
            "export.bad_encoding", value=options.encoding, choices=", ".join(ENCODINGS)
        )


def default_name(kind: str, options: Options) -> str:
    return f"{kind}-{clock.today().isoformat()}.{options.format}"


def _place(out: Path | None, name: str) -> Path:
    if out is None:
        return Path.cwd() / name
    out = out.expanduser()
    return out / name if out.is_dir() else out


def export_kind(
    db: Database,
    scope: Scope,
    kind: str,
    out: Path | None,
    options: Options,
    progress: Progress | None = None,
) -> Written:
    """One table to a file: `out`, or a dated name in `out` when it is a folder (in
    the current folder when None)."""
    _check(options)
    found = [table for table in tables(db, scope, options.settings) if table.name == kind]
    if not found:
        raise ExportProblem(
            "export.no_such_kind", kind=kind, choices=", ".join(n for n, _ in kinds(db))
        )
    target = _place(out, default_name(kind, options))
    return _write(db, scope, found, target, options, progress or Progress(), folder=False)


def export_all(
    db: Database,
    scope: Scope,
    out: Path | None,
    options: Options,
    progress: Progress | None = None,
) -> Written:
    """Every table: a dated folder of CSV files in `out`, or one dated workbook with a
    sheet per table."""
    _check(options)
    stem = f"leantui-export-{clock.today().isoformat()}"
    name = stem + (".xlsx" if options.format == "xlsx" else "")
    folder = (out or Path.cwd()).expanduser()
    if not folder.is_dir():
        raise ExportProblem("export.no_folder", path=folder)
    chosen = tables(db, scope, options.settings)
    return _write(db, scope, chosen, folder / name, options, progress or Progress(), folder=True)


def _write(
    db: Database,
    scope: Scope,
    chosen: list[ExportTable],
    target: Path,
    options: Options,
    progress: Progress,
    *,
    folder: bool,
) -> Written:
    written = Written(target)
    progress.begin([table.name for table in chosen])
    one_csv = options.format == "csv" and not folder
    try:
        if options.format == "xlsx":
            with files.atomic(target, force=options.force) as temp:
                written.rows = _workbook(db, scope, chosen, temp, options, progress)
        elif one_csv:
            with files.atomic(target, force=options.force) as temp:
                written.rows = {chosen[0].name: _csv(chosen[0], temp, options, progress)}
        else:
            with files.atomic(target, force=options.force, folder=True) as temp:
                for table in chosen:
                    path = temp / f"{table.name}.csv"
                    written.rows[table.name] = _csv(table, path, options, progress)
    except OSError as exc:
        raise files.problem(target, exc) from None
    return written


def _csv(table: ExportTable, path: Path, options: Options, progress: Progress) -> int:
    progress.rows(table.name, 0)
    count = csvfile.write(
        path,
        table,
        header(table, options),
        encoding=options.encoding,
        progress=lambda n: progress.rows(table.name, n),
    )
    progress.done(table.name, count)
    return count


def _workbook(
    db: Database,
    scope: Scope,
    chosen: list[ExportTable],
    path: Path,
    options: Options,
    progress: Progress,
) -> dict[str, int]:
    from leantui.core.export import throughput, xlsxfile  # SQLAlchemy and xlsxwriter

    english = options.english_headers
    wanted = [table.name if english else t(table.title_key) for table in chosen]
    summary_name = "summary" if english else t("export.summary_sheet")
    names = xlsxfile.sheet_names([summary_name, *wanted])
    sheets = [
        xlsxfile.Sheet(table, name, header(table, options))
        for table, name in zip(chosen, names[1:], strict=True)
    ]
    summary = xlsxfile.Summary(
        title=t("export.summary_title"),
        facts=_facts(scope),
        tables_label=(t("export.summary_table"), t("export.summary_rows")),
        weeks_label=(t("export.summary_week"), t("export.summary_done")),
        weeks=throughput.weekly(db, scope),
        chart_title=t("export.summary_chart"),
        sheet_name=names[0],
    )
    seen: dict[str, int] = {}

    def report(name: str, count: int) -> None:
        if count and seen.get(name) == count:
            return
        seen[name] = count
        progress.rows(name, count)

    counts = xlsxfile.write(path, sheets, summary, progress=report)
    for name, count in counts.items():
        progress.done(name, count)
    return counts


def _facts(scope: Scope) -> list[tuple[str, str]]:
    def local(moment: datetime | None) -> str:
        return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")

    facts = [(t("export.summary_made"), local(clock.now()))]
    if scope.since is not None:
        facts.append((t("export.summary_from"), local(scope.since)))
    if scope.until is not None:
        facts.append((t("export.summary_until"), local(scope.until)))
    return facts
