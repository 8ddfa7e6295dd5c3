"""The board's one-line bars: the title (board, team, filter) and the key bar.

The key bar stands in for Textual's Footer, which rebuilds a widget per key whenever the
bindings change and so re-lays out the whole screen (50-200 ms at 160x48); on the board
that happens whenever the cursor reaches an edge column or an empty one. This bar shows
the same keys from the screen's live bindings and only repaints itself."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from leantui.core.i18n import fit, t
from leantui.core.kanban.rows import BoardInfo
from leantui.tui.kanban.model import Filter

Entry = tuple[str, str, str, DOMNode]  # key shown, description, action, its namespace


class BoardTitle(Widget):
    """Board name and team on the left, the active filter on the right."""

    DEFAULT_CSS = """
    BoardTitle {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="board-title")
        self.board: BoardInfo | None = None
        self.flt = Filter()
        self.message = ""

    def show(self, board: BoardInfo | None, flt: Filter, message: str = "") -> None:
        self.board, self.flt, self.message = board, flt, message
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        text = Text(no_wrap=True, overflow="crop", end="")
        if self.board is None:
            text.append(fit(self.message, width))
            return text
        right = t("board.filter_shown", query=self.flt.source) if self.flt.active else ""
        right = fit(right, max(0, width // 2))
        left_width = width - cell_len(right) - (1 if right else 0)
        name = self.board.name
        if self.board.archived:
            name += " " + t("board.archived_mark")
        team = " · " + t("board.team_shown", team=self.board.team) if self.board.team else ""
        name = fit(name, left_width)
        team = fit(team, left_width - cell_len(name))
        text.append(name, style="bold")
        text.append(team)
        text.append(" " * max(0, width - cell_len(name) - cell_len(team) - cell_len(right)))
        text.append(right, style="bold reverse")
        return text


class KeyBar(Widget):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str, DOMNode]] = []  # where a click runs what

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def _entries(self) -> tuple[list[Entry], Entry | None, Entry | None]:
        seen: set[str] = set()
        entries = []
        palette = None
        help_key = None
        for active in self.screen.active_bindings.values():
            binding = active.binding
            key = self.app.get_key_display(binding)
            if binding.action == "command_palette":
                palette = (key, binding.description, binding.action, active.node)
                continue
            if binding.action == "help":  # always shown, next to the palette
                help_key = (key, binding.description, binding.action, active.node)
                continue
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            entries.append((key, binding.description, binding.action, active.node))
        return entries, help_key, palette

    def render(self) -> Text:
        width = self.content_region.width
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        entries, help_key, palette = self._entries()
        right = [entry for entry in (help_key, palette) if entry is not None]
        right_width = sum(cell_len(key) + cell_len(desc) + 3 for key, desc, _, _ in right)
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(entry: Entry) -> None:
            start = text.cell_len
            text.append(f" {entry[0]} ", style=key_style)
            text.append(f"{entry[1]} ", style=text_style)
            self._spans.append((start, text.cell_len, entry[2], entry[3]))

        for entry in entries:
            if text.cell_len + cell_len(entry[0]) + cell_len(entry[1]) + 3 > width - right_width:
                break
            add(entry)
        text.append(" " * max(0, width - right_width - text.cell_len))
        for entry in right:
            add(entry)
        return text

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
