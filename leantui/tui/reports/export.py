"""Export from the reports screen: what to write (a table or all of them, CSV or XLSX,
into which folder) for the board or team and the period on screen, then the export
itself in a worker, with a progress bar; Escape cancels it, and the core's atomic
writing leaves nothing under the final name."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState

from leantui.core import export
from leantui.core.config import Settings
from leantui.core.errors import LeanError, ValidationError
from leantui.core.hooks import Scope
from leantui.core.i18n import t
from leantui.core.metrics.flow import day_end
from leantui.core.metrics.periods import Period
from leantui.tui.kit.dialogs import Dialog
from leantui.tui.kit.forms import CHOICE, Choices, Field
from leantui.tui.kit.keys import Verb, bindings

ALL = "all"


@dataclass(frozen=True)
class Request:
    kind: str  # a table's name, or ALL
    options: export.Options
    folder: Path
    scope: Scope


FIELDS = (
    Field("kind", "reports.export_kind", CHOICE),
    Field("format", "reports.export_format", CHOICE, default="csv"),
    Field("folder", "fields.folder", hint="reports.export_folder_hint"),
)


def choices(kinds: Sequence[tuple[str, str]]) -> dict[str, Choices]:
    return {
        "kind": [(t("reports.export_all"), ALL), *((title, name) for name, title in kinds)],
        "format": [("CSV", "csv"), ("XLSX", "xlsx")],
    }


def period_scope(scope: Scope, period: Period, zone: tzinfo) -> Scope:
    """The report's board or team, over its period's local days."""
    since = datetime.combine(period.start, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    return replace(scope, since=since, until=day_end(period.end, zone))


def request(values: dict[str, Any], scope: Scope, settings: Settings) -> Request:
    """What the form asked for, checked: the folder must be there."""
    text = (values.get("folder") or "").strip()
    folder = Path(text).expanduser() if text else Path.cwd()
    if not folder.is_dir():
        raise ValidationError("reports.export_no_folder", field="folder", path=folder)
    options = export.Options(format=values.get("format") or "csv", settings=settings)
    return Request(values.get("kind") or ALL, options, folder, scope)


class Cancelled(Exception):
    """Raised inside the export when the user pressed Escape: the core then removes
    what it had begun to write."""


class Running(export.Progress):
    """The core's progress, passed to the dialog on the UI thread; checks for a cancel
    at every batch of rows."""

    def __init__(self, dialog: ExportDialog) -> None:
        self.dialog = dialog
        self.names: list[str] = []
        self.finished = 0

    def _check(self) -> None:
        if self.dialog.cancelled.is_set():
            raise Cancelled

    def begin(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.dialog.app.call_from_thread(self.dialog.begin, len(self.names))

    def rows(self, name: str, count: int) -> None:
        self._check()
        self.dialog.app.call_from_thread(self.dialog.show_rows, name, count, self.finished)

    def done(self, name: str, count: int) -> None:
        self._check()
        self.finished += 1
        self.dialog.app.call_from_thread(self.dialog.show_rows, name, count, self.finished)


Outcome = tuple[str, bool]  # what to tell the user, and whether the export was written


class ExportDialog(Dialog[Outcome]):
    """Runs one export and answers with its outcome."""

    BOX = "narrow"
    VERBS = (Verb("reports.export_cancel", "cancel", "escape", "app.key_cancel"),)
    BINDINGS = bindings(VERBS)

    def __init__(self, db: Any, asked: Request) -> None:
        super().__init__(t("reports.export_title"))
        self.db = db
        self.asked = asked
        self.cancelled = threading.Event()

    def body(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, id="export-bar")
        yield Static("", id="export-rows")
        yield Static(t("reports.export_hint"), classes="hint")

    def on_mount(self) -> None:
        self.run_export()

    def begin(self, tables: int) -> None:
        self.query_one(ProgressBar).update(total=tables, progress=0)

    def show_rows(self, name: str, count: int, finished: int) -> None:
        self.query_one(ProgressBar).update(progress=finished)
        rows = t("export.progress_rows", count=count)
        self.query_one("#export-rows", Static).update(Text(f"{name}: {rows}"))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self) -> Outcome:
        """The outcome, answered once the worker has ended (dismissing from inside it
        would cancel it)."""
        asked = self.asked
        progress = Running(self)
        try:
            if asked.kind == ALL:
                written = export.export_all(
                    self.db, asked.scope, asked.folder, asked.options, progress
                )
            else:
                written = export.export_kind(
                    self.db, asked.scope, asked.kind, asked.folder, asked.options, progress
                )
        except Cancelled:
            return t("export.cancelled"), False
        except LeanError as exc:
            return exc.message(), False
        except Exception as exc:  # the database went away …
            return t("reports.failed", problem=exc), False
        total = sum(written.rows.values())
        key = "export.done_all" if asked.kind == ALL else "export.done_one"
        return t(key, path=written.path, tables=len(written.rows), count=total), True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)

    def action_cancel(self) -> None:
        """The worker stops at its next batch of rows and answers."""
        self.cancelled.set()
        self.query_one("#export-rows", Static).update(t("reports.export_cancelling"))
