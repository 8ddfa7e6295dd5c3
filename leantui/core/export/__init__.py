"""Exports for the reports (`leantui export`): every table a module registers through
its spec's `exports` hook (hooks.ExportTable), written as CSV that Excel opens in
Chinese, or as one XLSX workbook. Headless: the CLI and the TUI drive it, rows are
streamed, and a file appears under its final name only when it is whole."""

from leantui.core.export.files import ExportProblem
from leantui.core.export.run import (
    ENCODINGS,
    FORMATS,
    Options,
    Progress,
    Written,
    export_all,
    export_kind,
    kinds,
    tables,
)

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "ExportProblem",
    "Options",
    "Progress",
    "Written",
    "export_all",
    "export_kind",
    "kinds",
    "tables",
]
