"""One board column: a header and a virtual list of cards. The list draws only the lines
on screen (Textual's line API), so a column of 10,000 cards costs what 20 cost; no widget
per card. The screen owns the data and the keys; the list draws rows and a cursor."""

from __future__ import annotations

from datetime import date, datetime

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from leantui.core import clock
from leantui.core.i18n import fit, pad, t
from leantui.core.kanban import rules
from leantui.core.kanban.rows import CardRow
from leantui.core.text import shown
from leantui.tui.kanban.model import ColumnCards

CARD_HEIGHT = 2  # title line, then owner · due · age
TITLE_ROOM = 12  # cells of title a full blocked badge must leave, else the short one
NAME_MIN = 8  # cells of a column's name its count never takes
OWNER_MIN = 3  # cells an owner may be cut to ("王…") before it gives way


def short_date(day: date, today: date) -> str:
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


class ColumnHeader(Widget):
    """Name and count / WIP limit on the first line, the column's policy on the second.
    The count turns to the warning colour at the limit and stands out over it."""

    COMPONENT_CLASSES = {"column-header--full", "column-header--over", "column-header--policy"}

    DEFAULT_CSS = """
    ColumnHeader {
        height: 1;
        padding: 0 1 0 0;
        background: $panel;
        color: $foreground;
        text-style: bold;
        &.-with-policy { height: 2; }
        &.-current { background: $primary; color: $text; }
        & > .column-header--full { color: $text-warning; text-style: bold; }
        & > .column-header--over { background: $warning; color: $text; text-style: bold; }
        & > .column-header--policy { color: $text-muted; text-style: italic; }
        &.-current > .column-header--policy { color: $text; }
    }
    """

    def __init__(self, column: ColumnCards, policy_line: bool) -> None:
        super().__init__()
        self.column = column
        self.set_class(policy_line, "-with-policy")

    def count_text(self, short: bool = False) -> str:
        """ "12/5" (count / WIP limit), or "3 of 12/5" under a filter; `short` keeps
        only the first number."""
        column = self.column
        limit = column.info.wip_limit
        count = (
            str(column.count)
            if limit is None
            else t("board.count_limit", n=column.count, wip=limit)
        )
        if column.shown is not column.rows:
            shown = str(len(column.shown))
            return shown if short else t("board.count_filtered", shown=shown, count=count)
        return str(column.count) if short else count

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        column = self.column
        name = shown(column.info.name)
        # The name keeps its first NAME_MIN cells: the count gives way first.
        name_min = min(cell_len(name), NAME_MIN)
        over = column.over_limit
        count = f" {self.count_text()} " if over else self.count_text()
        if cell_len(count) + 1 + name_min > width:
            count = f" {self.count_text(short=True)} " if over else self.count_text(short=True)
        if over:
            count_style = self.get_component_rich_style("column-header--over", partial=True)
        elif column.at_limit:
            count_style = self.get_component_rich_style("column-header--full", partial=True)
        else:
            count_style = Style()
        count = fit(count, width)
        name_width = width - cell_len(count) - 1
        text = Text(no_wrap=True, overflow="crop", end="")
        if name_width > 0:
            text.append(pad(name, name_width) + " ")
        text.append(count, style=count_style)
        if self.has_class("-with-policy"):
            policy = self.get_component_rich_style("column-header--policy", partial=True)
            text.append("\n")
            text.append(fit(shown(column.info.policy), width), style=policy)
        return text


class CardList(ScrollView, can_focus=False, inherit_bindings=False):
    """The cards of one column, CARD_HEIGHT lines each, with a cursor."""

    COMPONENT_CLASSES = {
        "card--title",
        "card--meta",
        "card--cursor",
        "card--cursor-blurred",
        "card--blocked",
        "card--overdue",
        "card--stale",
        "card--high",
        "card--empty",
    }

    DEFAULT_CSS = """
    CardList {
        height: 1fr;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        background: $surface;
        & > .card--title { color: $foreground; }
        & > .card--meta { color: $text-muted; }
        & > .card--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .card--cursor-blurred { background: $panel; }
        & > .card--blocked { background: $error; color: $text; text-style: bold; }
        & > .card--overdue { color: $text-warning; text-style: bold; }
        & > .card--stale { color: $text-warning; text-style: bold; }
        & > .card--high { color: $error; text-style: bold; }
        & > .card--empty { color: $text-muted; text-style: italic; }
    }
    """

    class Clicked(Message):
        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

    def __init__(self, column: ColumnCards, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.column = column
        self.cursor = 0
        self.current = False
        self._styles: dict[str, Style] = {}
        self._now: datetime = clock.now()
        self._today: date = clock.today()
        self._sync_size()

    # --- data ---------------------------------------------------------------------

    @property
    def rows(self) -> list[CardRow]:
        return self.column.shown

    @property
    def card(self) -> CardRow | None:
        rows = self.rows
        return rows[self.cursor] if 0 <= self.cursor < len(rows) else None

    def _sync_size(self) -> None:
        size = Size(0, len(self.rows) * CARD_HEIGHT)
        if size == self.virtual_size:
            return
        if not self.is_mounted:
            self.virtual_size = size
            return
        # A new height only changes this list's scrollbar: skip the reactive's full
        # screen layout (tens of ms at 160x48), which a move would otherwise pay twice.
        # `_scroll_update` still re-lays out when the scrollbar appears or goes.
        self.set_reactive(CardList.virtual_size, size)
        self._scroll_update(size)

    def rows_changed(self, keep_id: int | None = None) -> None:
        """The column's list changed: keep the cursor on `keep_id` when it is shown."""
        self._sync_size()
        if keep_id is not None:
            for index, row in enumerate(self.rows):
                if row.id == keep_id:
                    self.cursor = index
                    break
        self.cursor = max(0, min(self.cursor, len(self.rows) - 1))
        self._now, self._today = clock.now(), clock.today()
        self.show_cursor()
        self.refresh()

    def set_current(self, current: bool) -> None:
        if current != self.current:
            self.current = current
            self.refresh()

    def move_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.rows) - 1))
        if index != self.cursor:
            self.cursor = index
            self.show_cursor()
            self.refresh()

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height // CARD_HEIGHT)

    def show_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.cursor * CARD_HEIGHT
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + CARD_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + CARD_HEIGHT - height, animate=False, immediate=True)

    # --- drawing ------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def on_resize(self) -> None:
        self.show_cursor()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = y + round(self.scroll_y)
        index, part = divmod(line, CARD_HEIGHT)
        rows = self.rows
        if index >= len(rows):
            if not rows and line == 0:
                return self._strip(
                    [(fit(t("board.column_empty"), width), self._style("card--empty"))],
                    width,
                    base,
                )
            return Strip.blank(width, base)
        row = rows[index]
        if index == self.cursor:
            cursor = self._style("card--cursor" if self.current else "card--cursor-blurred")
            base = base + cursor
        if part == 0:
            return self._strip(self._title_parts(row, width), width, base)
        return self._strip(self._meta_parts(row, width), width, base)

    def _strip(self, parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
        segments = [Segment(text, base + style) for text, style in parts if text]
        used = sum(cell_len(text) for text, _ in parts)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, max(width, used)).crop(0, width)

    def _title_parts(self, row: CardRow, width: int) -> list[tuple[str, Style]]:
        """The blocked badge (a short one when the full one would crowd the title), the
        high-priority mark, then the title cut to what is left."""
        parts: list[tuple[str, Style]] = []
        if row.blocked:
            mark = t("board.blocked_mark")
            if width - cell_len(mark) - 1 < TITLE_ROOM:
                mark = t("board.blocked_mark_short")
            parts += [(mark, self._style("card--blocked")), (" ", Style())]
        if row.priority >= 3:
            parts.append(("! ", self._style("card--high")))
        used = sum(cell_len(text) for text, _ in parts)
        parts.append((fit(shown(row.title), width - used), self._style("card--title")))
        return parts

    def _meta_parts(self, row: CardRow, width: int) -> list[tuple[str, Style]]:
        """Owner on the left; due date and age on the right, laid out by display width.
        The age takes its short form ("7d" for "7天") when the whole line would not fit,
        then the owner is cut; only when even that fails does the owner or the due date
        give way (an overdue date wins over the owner)."""
        kind = self.column.info.kind
        meta = self._style("card--meta")
        days = rules.age_days(row.moved_at, self._now)
        stale = rules.is_stale(row.moved_at, kind, self._now)
        age_style = self._style("card--stale") if stale else meta
        due, overdue = "", False
        if row.due is not None:
            overdue = rules.is_overdue(row.due, kind, self._today)
            due = short_date(row.due, self._today)
        owner = shown(row.owner)
        full, short = t("board.age_days", days=days), t("board.age_days_short", days=days)

        def room(age: str, due: str) -> int:  # for the owner, after its separator
            return width - cell_len(age) - (cell_len(due) + 1 if due else 0) - 1

        age = full if room(full, due) >= cell_len(owner) else short
        owner_min = min(cell_len(owner), OWNER_MIN)
        if owner and room(age, due) < owner_min:
            if overdue:
                owner = ""
            else:
                due = ""
                if room(age, due) < owner_min:
                    owner = ""
        if cell_len(age) > width:
            return [(fit(age, width), age_style)]
        space = max(0, room(age, due) + 1)
        owner_text = pad(owner, space - 1) + " " if owner and space > 1 else " " * space
        parts = [(owner_text, meta)]
        if due:
            parts += [(due, self._style("card--overdue") if overdue else meta), (" ", meta)]
        parts.append((age, age_style))
        return parts

    def on_click(self, event: events.Click) -> None:
        index = (event.y + round(self.scroll_y)) // CARD_HEIGHT
        if 0 <= index < len(self.rows):
            self.post_message(self.Clicked(self, index))

    def card_region(self, index: int) -> Region:
        return Region(0, index * CARD_HEIGHT, self.scrollable_content_region.width, CARD_HEIGHT)
