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
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([cells.guarded(h) for h in header])
        rows = iter(table.rows if table.text_rows is None else table.text_rows)
        convert = cells.batch
        while True:
            batch: list[Any] = list(islice(rows, BATCH))
            if not batch:
                break
            writer.writerows(convert(batch))
            count += len(batch)
            if progress is not None:
                progress(count)
    return count
