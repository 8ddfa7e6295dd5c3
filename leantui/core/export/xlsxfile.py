"""Tables as one XLSX workbook (xlsxwriter in constant-memory mode: rows go to disk as
they come): a summary sheet first, with the row counts and a chart of cards done per
week, then a sheet per table with a frozen header row, dates as dates and columns as
wide as their text (measured by display width, so Chinese fits)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from rich.cells import cell_len

from leantui.core.hooks import ExportTable

MAX_WIDTH = 60
MIN_WIDTH = 6
EVERY = 5000  # rows between progress reports
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    table: ExportTable
    name: str  # the sheet's name, unique and valid
    header: Sequence[str]


@dataclass(frozen=True)
class Summary:
    title: str
    facts: Sequence[tuple[str, str]]  # label, value
    tables_label: tuple[str, str]  # "Table", "Rows"
    weeks_label: tuple[str, str]  # "Week", "Cards done"
    weeks: Sequence[tuple[str, int]]
    chart_title: str
    sheet_name: str


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    taken: set[str] = set()
    names = []
    for raw in wanted:
        base = _BAD_SHEET.sub(" ", raw).strip("' ")[:31] or "Sheet"
        name, n = base, 2
        while name.casefold() in taken:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _width(text: str) -> int:
    if "\n" in text:
        return max(cell_len(line) for line in text.split("\n"))
    return cell_len(text) if len(text) < 200 else MAX_WIDTH


def write(
    path: Path,
    sheets: Sequence[Sheet],
    summary: Summary,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Writes the workbook; returns the rows written per table name."""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = book.add_format({"bold": True})
    header_format = book.add_format({"bold": True, "bottom": 1, "text_wrap": False})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    first = book.add_worksheet(summary.sheet_name)
    counts: dict[str, int] = {}
    try:
        for sheet in sheets:
            counts[sheet.table.name] = _table(book, sheet, header_format, when, day, progress)
        _summary(book, first, summary, sheets, counts, bold)
    finally:
        book.close()
    return counts


def _table(
    book: Any,
    sheet: Sheet,
    header_format: Any,
    when: Any,
    day: Any,
    progress: Callable[[str, int], None] | None,
) -> int:
    ws = book.add_worksheet(sheet.name)
    widths = [max(MIN_WIDTH, cell_len(h)) for h in sheet.header]
    for col, label in enumerate(sheet.header):
        ws.write_string(0, col, label, header_format)
    ws.freeze_panes(1, 0)
    n = 0
    write_string, write_number = ws.write_string, ws.write_number
    for n, values in enumerate(sheet.table.rows, start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if value:
                    write_string(n, col, value)
                    w = _width(value)
                    if w > widths[col]:
                        widths[col] = w
            elif kind is bool:
                ws.write_boolean(n, col, value)
            elif kind is int or kind is float or kind is Decimal:
                write_number(n, col, float(value) if kind is Decimal else value)
                w = len(str(value))
                if w > widths[col]:
                    widths[col] = w
            elif kind is datetime:
                local = value.astimezone() if value.tzinfo else value
                ws.write_datetime(n, col, local.replace(tzinfo=None), when)
                widths[col] = max(widths[col], 19)
            elif kind is date:
                ws.write_datetime(n, col, datetime.combine(value, datetime.min.time()), day)
                widths[col] = max(widths[col], 10)
            else:  # a payload, say: no formula guard needed, a string is never one here
                text = (
                    json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
                    if isinstance(value, dict | list)
                    else str(value)
                )
                write_string(n, col, text)
                widths[col] = max(widths[col], _width(text))
        if progress is not None and n % EVERY == 0:
            progress(sheet.table.name, n)
    for col, w in enumerate(widths):
        ws.set_column(col, col, min(w, MAX_WIDTH) + 2)
    if progress is not None:
        progress(sheet.table.name, n)
    return n


def _summary(
    book: Any,
    ws: Any,
    summary: Summary,
    sheets: Sequence[Sheet],
    counts: dict[str, int],
    bold: Any,
) -> None:
    ws.write_string(0, 0, summary.title, bold)
    r = 2
    for label, value in summary.facts:
        ws.write_string(r, 0, label, bold)
        ws.write_string(r, 1, value)
        r += 1
    r += 1
    ws.write_string(r, 0, summary.tables_label[0], bold)
    ws.write_string(r, 1, summary.tables_label[1], bold)
    for sheet in sheets:
        r += 1
        ws.write_string(r, 0, sheet.name)
        ws.write_number(r, 1, counts.get(sheet.table.name, 0))
    r += 2
    ws.write_string(r, 0, summary.weeks_label[0], bold)
    ws.write_string(r, 1, summary.weeks_label[1], bold)
    top = r + 1
    for week, done in summary.weeks:
        r += 1
        ws.write_string(r, 0, week)
        ws.write_number(r, 1, done)
    labels = [cell_len(text) for text, _ in summary.facts]
    ws.set_column(0, 0, max([14, *labels, *(cell_len(s.name) for s in sheets)]) + 2)
    ws.set_column(1, 1, max([12, *(cell_len(v) for _, v in summary.facts)]) + 2)
    if summary.weeks:
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": summary.weeks_label[1],
                "categories": [summary.sheet_name, top, 0, r, 0],
                "values": [summary.sheet_name, top, 1, r, 1],
            }
        )
        chart.set_title({"name": summary.chart_title})
        chart.set_legend({"none": True})
        ws.insert_chart(2, 3, chart, {"x_scale": 1.5, "y_scale": 1.2})
