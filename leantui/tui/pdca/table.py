"""A DataTable of rows declared by kit ListColumns, for a screen rather than a dialog:
the list of cycles and the whys, countermeasures and measurements of one cycle. One
widget for all the rows (never a widget per row); wide characters are measured by the
table; the `grow` column takes the width the others leave and is cut with an ellipsis;
a cell may carry a style (an overdue date stands out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets import _data_table as data_table

from leantui.core.i18n import t
from leantui.core.text import shown
from leantui.tui.kit.lists import ListColumn

R = TypeVar("R")
FIRST = 100  # rows added before the first frame (and past the cursor)
CHUNK = 500  # rows added at a time after it
Styler = Callable[[Any, int], str]  # (row, column index) -> a Rich style, "" for none


def _measure(console: Console, renderable: RenderableType, default: int, **options: Any) -> int:
    """A one-line Text cell measured by its plain text: what Rich's measure finds for
    it, at a fraction of the cost (asking the console for its options per cell was most
    of the time to show 5,000 cycles)."""
    if isinstance(renderable, Text) and "\n" not in renderable.plain:
        return cell_len(renderable.plain)
    return _rich_measure(console, renderable, default, **options)


_rich_measure = data_table.measure


class RowTable(DataTable[Text], Generic[R]):
    """Rows of one kind, each under the key `key_of(row)`."""

    def __init__(
        self,
        columns: Sequence[ListColumn[Any]],
        key_of: Callable[[R], str] = lambda row: str(getattr(row, "id")),  # noqa: B009
        style: Styler | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.specs = list(columns)
        self.key_of = key_of
        self.style = style
        self.rows_shown: list[R] = []
        self.complete = True  # every row of the last fill is in the table
        self._fills = 0

    def on_mount(self) -> None:
        for spec in self.specs:
            self.add_column(Text(t(spec.label), justify="right" if spec.right else "left"))

    def fill(self, rows: Sequence[R], select: str | None = None) -> None:
        """Show `rows`; keep the cursor on the row keyed `select`, else where it was.
        The rows up to the cursor and a screenful more are added at once, the rest a
        chunk at a time after the first frame (a DataTable row costs ~0.3 ms: 5,000
        cycles would hold the first frame for seconds)."""
        keep = select or self.selected_key
        index = self.cursor_row
        self.rows_shown = list(rows)
        self._fills += 1
        self.clear()
        keys = [self.key_of(row) for row in self.rows_shown]
        if keep in keys:
            index = keys.index(keep)
        target = max(0, min(index, len(keys) - 1))
        first = max(FIRST, target + FIRST // 2)
        self._add(0, first)
        if self.rows_shown:
            self.move_cursor(row=target, animate=False)
        self.complete = first >= len(self.rows_shown)
        if not self.complete:
            self.set_timer(0.001, partial(self._more, self._fills, first))
        self.call_after_refresh(self.size_columns)

    def _add(self, start: int, end: int) -> None:
        for row in self.rows_shown[start:end]:
            cells = []
            for n, spec in enumerate(self.specs):
                style = self.style(row, n) if self.style else ""
                found = spec.cell(row)
                cell = found.copy() if isinstance(found, Text) else Text(shown(found), style=style)
                if isinstance(found, Text) and style:
                    cell.stylize(style)
                cell.no_wrap = True
                cell.overflow = "ellipsis"
                cell.justify = "right" if spec.right else "left"
                cells.append(cell)
            self.add_row(*cells, key=self.key_of(row))

    def _more(self, fill: int, start: int) -> None:
        if fill != self._fills:  # filled anew meanwhile
            return
        end = start + CHUNK
        self._add(start, end)
        if end < len(self.rows_shown):
            self.set_timer(0.001, partial(self._more, fill, end))
        else:
            self.complete = True
            self.call_after_refresh(self.size_columns)

    def _update_dimensions(self, new_rows: Any) -> None:
        # Textual's, with the cheap measure above (DataTable measures every cell of
        # every new row; textual<8.3 is pinned in pyproject.toml).
        data_table.measure = _measure
        try:
            super()._update_dimensions(new_rows)
        finally:
            data_table.measure = _rich_measure
        # The other columns are measured now: the growing one takes what they leave.
        self.size_columns()

    def on_resize(self) -> None:
        self.call_after_refresh(self.size_columns)

    def size_columns(self) -> None:
        """The growing columns share the width the others leave."""
        grow = [i for i, c in enumerate(self.specs) if c.grow]
        room = self.scrollable_content_region.width
        if not grow or room <= 0 or len(self.columns) != len(self.specs):
            return
        keys = list(self.columns)
        others = sum(
            self.columns[key].get_render_width(self) for i, key in enumerate(keys) if i not in grow
        )
        left = max(4 * len(grow), room - others - 2 * self.cell_padding * len(grow))
        changed = False
        for n, index in enumerate(grow):
            column = self.columns[keys[index]]
            width = left // len(grow) + (1 if n < left % len(grow) else 0)
            if column.auto_width or column.width != width:
                column.auto_width = False
                column.width = width
                changed = True
        if changed:
            total = sum(c.get_render_width(self) for c in self.columns.values())
            self.virtual_size = Size(total, self.virtual_size.height)
            self.refresh()

    @property
    def selected(self) -> R | None:
        rows = self.rows_shown
        return rows[self.cursor_row] if 0 <= self.cursor_row < self.row_count else None

    @property
    def selected_key(self) -> str | None:
        row = self.selected
        return None if row is None else self.key_of(row)
