"""List dialogs on a DataTable: the table measures wide characters itself, one column can
grow to the width left (cut with an ellipsis), and everything re-lays out on resize, so
no row is padded by hand. A list declares its `ListColumn`s once; the dialog's keys act on
the highlighted row, Enter calls `chosen`, and service errors appear under the list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.geometry import Size
from textual.widgets import DataTable, Static

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.text import shown
from leantui.tui.kit.dialogs import Dialog

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class ListColumn(Generic[R]):
    label: str  # translation key of its header
    # What a row shows: text (stored text is made safe here), or a styled Text the
    # module made safe itself.
    cell: Callable[[R], str | Text]
    grow: bool = False  # takes the width the other columns leave
    right: bool = False  # aligned right (numbers)
    style: Callable[[R], str] | None = None  # a Rich style for a row that stands out
    width: int = 0  # at most this many cells (cut with an ellipsis); 0: its widest cell


def add_columns(table: DataTable[Text], columns: Sequence[ListColumn[Any]]) -> None:
    for column in columns:
        label = Text(t(column.label), justify="right" if column.right else "left")
        table.add_column(label, width=column.width or None)


def cells_of(columns: Sequence[ListColumn[R]], row: R) -> list[Text]:
    """One table row: each column's cell, on one line, cut with an ellipsis."""
    cells = []
    for column in columns:
        found = column.cell(row)
        style = column.style(row) if column.style is not None else ""
        text = found.copy() if isinstance(found, Text) else Text(shown(found), style=style)
        if isinstance(found, Text) and style:
            text.stylize(style)
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.justify = "right" if column.right else "left"
        cells.append(text)
    return cells


def label_widths(columns: Sequence[ListColumn[Any]]) -> list[int]:
    """What each column needs before any row: its header, or its cap."""
    return [c.width or cell_len(t(c.label)) for c in columns]


def widest(
    columns: Sequence[ListColumn[Any]], widths: Sequence[int], cells: Sequence[Text]
) -> list[int]:
    """`widths` widened to a new row's cells (a capped column keeps its cap)."""
    return [
        w if c.width else max(w, cell.cell_len)
        for c, w, cell in zip(columns, widths, cells, strict=True)
    ]


def fit_columns(
    table: DataTable[Text],
    columns: Sequence[ListColumn[Any]],
    measured: Sequence[int] = (),
    room: int = 0,
) -> None:
    """The growing column takes the width the others leave. `measured`: what each
    column's cells need, measured when they were added (a column's own width is brought
    up to date only when the table is drawn next); `room`: the table's width when it is
    not laid out yet."""
    grow = [i for i, c in enumerate(columns) if c.grow]
    room = table.scrollable_content_region.width or room
    if not grow or room <= 0:
        return
    keys = list(table.columns)
    others = sum(
        max(
            table.columns[key].get_render_width(table),
            (measured[i] if i < len(measured) else 0) + 2 * table.cell_padding,
        )
        for i, key in enumerate(keys)
        if i not in grow
    )
    column = table.columns[keys[grow[0]]]
    width = max(4, room - others - 2 * table.cell_padding)
    if column.auto_width or column.width != width:
        column.auto_width = False
        column.width = width
        total = sum(c.get_render_width(table) for c in table.columns.values())
        table.virtual_size = Size(total, table.virtual_size.height)
        table._clear_caches()  # lines drawn at the old widths (after a refill)
        table.refresh()


class ListTable(DataTable[Text], Generic[R]):
    """A DataTable of ListColumns, for a module screen's own list. It measures its cells
    as they are added, so `fit` (called once the table has its width: after a refresh,
    on a resize) gives every column its width at once, the growing one what is left."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.list_columns: tuple[ListColumn[R], ...] = ()
        self.measured: list[int] = []  # each column's widest cell so far

    def set_columns(self, columns: Sequence[ListColumn[R]]) -> None:
        self.clear(columns=True)
        self.list_columns = tuple(columns)
        self.measured = label_widths(columns)
        add_columns(self, columns)

    def clear(self, columns: bool = False) -> Self:
        super().clear(columns)
        self.measured = label_widths(self.list_columns)
        return self

    def add(self, row: R, key: str) -> None:
        cells = cells_of(self.list_columns, row)
        self.measured = widest(self.list_columns, self.measured, cells)
        self.add_row(*cells, key=key)

    def fit(self, room: int = 0) -> None:
        """Every column at its width; `room`: the table's width before it is laid out."""
        for column, spec, width in zip(
            self.columns.values(), self.list_columns, self.measured, strict=False
        ):
            if not spec.grow:
                column.auto_width = False
                column.width = width
        fit_columns(self, self.list_columns, self.measured, room)


class ListDialog(Dialog[T], Generic[T, R]):
    """Subclasses set `columns` and `empty` (translation key), read their rows in
    `read()`, name a row by `key_of`, and act on Enter in `chosen`."""

    BOX = "list"
    columns: Sequence[ListColumn[Any]] = ()
    empty = ""

    def __init__(self, title: str, hint: str, select: str | None = None) -> None:
        super().__init__(title)
        self.hint = hint
        self.rows: list[R] = []
        self.start = select  # the key of the row the cursor starts on

    def body(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="entries", cursor_type="row", zebra_stripes=False)
        yield table
        yield Static(t(self.empty) if self.empty else "", id="empty", classes="hint")
        yield Static("", id="error", classes="error")
        yield Static(self.hint, classes="hint")

    def on_mount(self) -> None:
        table = self.table
        add_columns(table, self.columns)
        self.fill(self.start)
        table.focus()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#entries", DataTable)

    # --- rows ---------------------------------------------------------------------

    def read(self) -> list[R]:
        raise NotImplementedError

    def key_of(self, row: R) -> str:
        return str(getattr(row, "id"))  # noqa: B009 - rows are any dataclass with an id

    def fill(self, select: str | None = None) -> None:
        """Read the rows again; keep the cursor on `select`, else where it was."""
        table = self.table
        keep = select or self.selected_key
        index = table.cursor_row
        self.rows = self.read()
        table.clear()
        self._measured = label_widths(self.columns)
        for row in self.rows:
            cells = cells_of(self.columns, row)
            self._measured = widest(self.columns, self._measured, cells)
            table.add_row(*cells, key=self.key_of(row))
        keys = [self.key_of(row) for row in self.rows]
        if keep in keys:
            index = keys.index(keep)
        if self.rows:
            table.move_cursor(row=max(0, min(index, len(self.rows) - 1)), animate=False)
        table.display = bool(self.rows)
        self.query_one("#empty").display = not self.rows and bool(self.empty)
        self.call_after_refresh(self.size_columns)

    def on_resize(self) -> None:
        self.call_after_refresh(self.size_columns)

    def size_columns(self) -> None:
        fit_columns(self.table, self.columns, getattr(self, "_measured", ()))

    @property
    def selected_key(self) -> str | None:
        table = self.table
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.key_of(self.rows[table.cursor_row])

    @property
    def selected(self) -> R | None:
        table = self.table
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected
        if row is not None:
            self.chosen(row)

    def chosen(self, row: R) -> None:
        """Enter on a row."""

    def show_error(self, exc: LeanError | None) -> None:
        error = self.query_one("#error", Static)
        error.update(Text(exc.message()) if exc else "")
        error.display = exc is not None

    def action_close(self) -> None:
        self.dismiss(None)
