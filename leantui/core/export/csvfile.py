"""A table as CSV: the header row, then the rows streamed in batches. CRLF line ends
and, by default, a UTF-8 byte order mark, so that Excel reads Chinese right."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from leantui.core.export import cells
from leantui.core.hooks import ExportTable

BATCH = 5000


def _as_they_are(rows: Sequence[Sequence[Any]]) -> Any:
    return rows


def write(
    path: Path,
    table: ExportTable,
    header: Sequence[str],
    *,
    encoding: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Writes the table to `path` (a new file) and returns how many rows it holds."""
    count = 0
    # The byte order mark written by hand: Python's utf-8-sig encoder is written in
    # Python and was called for every row, where UTF-8's is C (a tenth of the export).
    mark = encoding == "utf-8-sig"
    with path.open("w", encoding="utf-8" if mark else encoding, newline="") as fh:
        if mark:
            fh.write("\ufeff")
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([cells.guarded(h) for h in header])
        # Text rows are cells already; plain values are converted a batch at a time.
        if table.text_rows is None:
            rows, convert = iter(table.rows), cells.batch
        else:
            rows, convert = iter(table.text_rows), _as_they_are
        while True:
            batch: list[Any] = list(islice(rows, BATCH))
            if not batch:
                break
            writer.writerows(convert(batch))
            count += len(batch)
            if progress is not None:
                progress(count)
    return count
