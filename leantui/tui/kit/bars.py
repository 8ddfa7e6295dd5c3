"""The one-line bars every screen and dialog shows: the title bar (what is shown, a badge
such as the active filter, and who is acting) and the key bar (the keys that work here).

The key bar stands in for Textual's Footer, which rebuilds a widget per key whenever the
bindings change and so re-lays out the whole screen (50-200 ms at 160x48); on the board
that happens whenever the cursor reaches an edge column or an empty one. This bar shows
the same keys from the screen's live bindings (keys.live_keys) and only repaints itself.
Every dialog has its own, so the bar under a dialog lists only what works there."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from leantui.core import actor
from leantui.core.i18n import fit, t
from leantui.core.text import shown
from leantui.tui.kit.keys import LiveKey, live_keys

RIGHT = ("help", "command_palette", "app.help")  # always at the right end, in this order


class TitleBar(Widget):
    """`title` in bold and `detail` on the left; `badge` (reversed, e.g. the filter) and
    the acting user on the right. Stored text is passed through `shown` here."""

    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = ""
        self.detail = ""
        self.badge = ""

    def on_mount(self) -> None:
        signal = getattr(self.app, "actor_changed", None)
        if signal is not None:
            signal.subscribe(self, lambda _name: self.refresh())

    def show(self, title: str, detail: str = "", badge: str = "") -> None:
        self.title, self.detail, self.badge = shown(title), shown(detail), shown(badge)
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        text = Text(no_wrap=True, overflow="crop", end="")
        user = actor.current_actor()
        right_user = t("app.user_shown", user=shown(user)) if user else ""
        badge = fit(f" {self.badge} " if self.badge else "", max(0, width // 2))
        right_user = fit(right_user, max(0, width - cell_len(badge) - 12))
        right = cell_len(badge) + (cell_len(right_user) + 1 if right_user else 0)
        room = max(0, width - right - 1)
        title = fit(self.title, room)
        detail = fit(self.detail, room - cell_len(title))
        text.append(title, style="bold")
        text.append(detail)
        text.append(" " * max(0, width - cell_len(title) - cell_len(detail) - right))
        text.append(badge, style="bold reverse")
        if right_user:
            text.append(" ")
            text.append(right_user, style="dim")
        return text


class KeyBar(Widget):
    """The keys that work on this bar's screen: its verbs on the left, help and the
    command palette on the right. A click runs a key's action."""

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

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self.refresh()

    def entries(self) -> tuple[list[LiveKey], list[LiveKey]]:
        """(left, right): the shown keys, and help and the palette."""
        left, right = [], []
        for key in live_keys(self.screen):
            if key.action in RIGHT:
                right.append(key)
            elif key.show and key.enabled:
                left.append(key)
        right.sort(key=lambda k: RIGHT.index(k.action))
        return left, right

    def render(self) -> Text:
        width = self.content_region.width
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        left, right = self.entries()

        def size(entry: LiveKey) -> int:
            return cell_len(entry.keys[0]) + cell_len(entry.description) + 3

        right_width = sum(size(entry) for entry in right)
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(entry: LiveKey) -> None:
            start = text.cell_len
            text.append(f" {entry.keys[0]} ", style=key_style)
            text.append(f"{entry.description} ", style=text_style)
            self._spans.append((start, text.cell_len, entry.action, entry.node))

        for entry in left:
            if text.cell_len + size(entry) > width - right_width:
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
