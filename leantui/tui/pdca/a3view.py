"""The A3 of a cycle on one screen: every section the core's A3 holds (core/pdca/a3.py:
the same facts, tables and notes `leantui pdca show --a3` prints as Markdown), drawn
with Rich. One column that scrolls at 80x24; two columns side by side on a wide
terminal (160x48), so the whole page is seen at a glance."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from leantui.core.errors import LeanError
from leantui.core.pdca import a3
from leantui.core.services import Database
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import bindings
from leantui.tui.kit.palette import VerbCommands
from leantui.tui.pdca.screen import verb

SHORT = 16  # cells: a column with no longer cell keeps its width, others wrap
WIDE = 150  # columns from which the A3 is laid out in two columns
LEFT = ("background", "current_state", "target", "root_cause")  # the rest on the right


def section_body(section: a3.Section) -> RenderableType:
    """A section's paragraphs, table and notes (all made safe to print by the core)."""
    parts: list[RenderableType] = [Text(p) for p in section.paragraphs]
    if section.table is not None:
        found = section.table
        longest = [
            max((cell_len(row[index]) for row in found.rows), default=0)
            for index in range(len(found.headers))
        ]
        wide = [i not in found.right and longest[i] > SHORT for i in range(len(longest))]
        table = Table(box=box.SIMPLE_HEAD, expand=any(wide), pad_edge=False, show_edge=False)
        for index, header in enumerate(section.table.headers):
            right = index in section.table.right
            # Long texts share the width left (the longer, the more) and wrap, Chinese
            # too; short cells (numbers, dates, names) keep their width.
            text = wide[index]
            table.add_column(
                header,
                justify="right" if right else "left",
                no_wrap=not text,
                overflow="fold",
                ratio=min(longest[index], 80) if text else None,
            )
        for row in section.table.rows:
            table.add_row(*(Text(cell) for cell in row))
        parts.append(table)
    parts.extend(Text(note) for note in section.notes)
    return Group(*parts)


def facts(found: a3.A3) -> Table:
    grid = Table.grid(padding=(0, 2), expand=True)
    half = (len(found.facts) + 1) // 2
    for _ in range(2):
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
    for index in range(half):
        cells: list[RenderableType] = []
        for fact in (found.facts[index], *found.facts[index + half : index + half + 1]):
            cells += [fact[0], Text(fact[1])]
        grid.add_row(*cells)
    return grid


class A3Screen(Screen[None]):
    VERBS = (
        verb("a3_down", "scroll(1)", "j,down", show=False, command=False),
        verb("a3_up", "scroll(-1)", "k,up", show=False, command=False),
        verb("a3_page_down", "page(1)", "pagedown,space", show=False, command=False),
        verb("a3_page_up", "page(-1)", "pageup", show=False, command=False),
        verb("a3_top", "end(0)", "home,g", show=False, command=False),
        verb("a3_bottom", "end(1)", "end,G", show=False, command=False),
        verb("a3_close", "close", "escape,q,v"),
    )
    BINDINGS = bindings(VERBS)
    COMMANDS = {VerbCommands}

    def __init__(self, db: Database, cycle_id: int) -> None:
        super().__init__()
        self.db, self.cycle_id = db, cycle_id
        self.a3: a3.A3 | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="a3-title")
        with VerticalScroll(id="a3-page"):
            yield Static("", id="a3-facts")
            with Horizontal(id="a3-columns"):
                yield Vertical(id="a3-left", classes="a3-column")
                yield Vertical(id="a3-right", classes="a3-column")
        yield KeyBar()

    async def on_mount(self) -> None:
        try:
            self.a3 = a3.build(self.db, self.cycle_id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            self.dismiss(None)
            return
        found = self.a3
        self.query_one(TitleBar).show("A3 · " + found.title)
        self.query_one("#a3-facts", Static).update(facts(found))
        left, right = self.query_one("#a3-left"), self.query_one("#a3-right")
        for n, section in enumerate(found.sections, 1):
            holder = left if section.key in LEFT else right
            await holder.mount(
                Static(f"{n}. {section.title}", classes="section-title"),
                Static(section_body(section), classes="a3-section", id=f"a3-{section.key}"),
            )
        self._lay_out()
        self.query_one("#a3-page").focus()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        self.query_one("#a3-columns").set_class(self.size.width >= WIDE, "-wide")

    @property
    def page(self) -> VerticalScroll:
        return self.query_one("#a3-page", VerticalScroll)

    def action_scroll(self, delta: int) -> None:
        self.page.scroll_relative(y=delta, animate=False)

    def action_page(self, delta: int) -> None:
        page = self.page
        page.scroll_relative(y=delta * max(1, page.size.height - 1), animate=False)

    def action_end(self, last: int) -> None:
        page = self.page
        if last:
            page.scroll_end(animate=False)
        else:
            page.scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
