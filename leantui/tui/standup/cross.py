"""The safety cross of a month as a calendar: one coloured cell per day (no incident,
near miss, first aid, lost time, no shift), a past day with no entry marked so that it
stands out, today underlined, the days to come dim. The cells grow with the widget, so
the calendar fills a big screen and still fits in 30 cells at 80x24. Colours come from
component classes on theme variables: a 16-colour terminal keeps them apart."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from leantui.core.i18n import t
from leantui.core.standup.rows import SafetyDay
from leantui.core.standup.safety import STATES

MISSING = "missing"  # a past day (or today) with no entry


def state_label(state: str) -> str:
    return t(f"standup.state_{state}")


class SafetyCross(Widget):
    COMPONENT_CLASSES = {
        *(f"safety--{state}" for state in STATES),
        f"safety--{MISSING}",
        "safety--future",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.year, self.month = 2000, 1
        self.days: Sequence[SafetyDay | None] = ()
        self.today = date(2000, 1, 1)
        self.legend = True

    def show(self, year: int, month: int, days: Sequence[SafetyDay | None], today: date) -> None:
        self.year, self.month, self.days, self.today = year, month, days, today
        self.refresh(layout=True)

    # --- geometry -------------------------------------------------------------------

    def cell_width(self, width: int) -> int:
        """Cells per day, its gap included: at least 4 ("12?" and a gap)."""
        return max(4, min(12, width // 7))

    @staticmethod
    def cell_height(cell_width: int) -> int:
        return 1 if cell_width < 7 else 2 if cell_width < 10 else 3

    def weeks(self) -> list[list[int]]:
        return calendar.Calendar().monthdayscalendar(self.year, self.month)

    def get_content_width(self, container: object, viewport: object) -> int:
        return 7 * 4

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        height = self.cell_height(self.cell_width(width))
        weeks = len(self.weeks())
        gaps = weeks - 1 if height > 1 else 0  # tall cells have a line between weeks
        legend = len(self._legend_lines(width)) if self.legend else 0
        return 1 + weeks * height + gaps + legend

    # --- drawing --------------------------------------------------------------------

    def _style(self, day: int) -> tuple[str, str]:
        """(component class, the day's label) for day `day` of the month."""
        at = date(self.year, self.month, day)
        entry = self.days[day - 1] if day - 1 < len(self.days) else None
        if entry is not None:
            return f"safety--{entry.state}", str(day)
        if at > self.today:
            return "safety--future", str(day)
        return f"safety--{MISSING}", f"{day}?"

    def render(self) -> Text:
        width = max(28, self.content_region.width)
        cell = self.cell_width(width)
        height = self.cell_height(cell)
        text = Text(no_wrap=True, overflow="crop", end="")
        for name in t("standup_tui.weekdays").split():
            padded = name.center(cell - 1 - (cell_len(name) - len(name)))
            text.append(padded + " ", style="bold")
        for index, week in enumerate(self.weeks()):
            if index and height > 1:
                text.append("\n")
            for line in range(height):
                text.append("\n")
                for day in week:
                    if day == 0:
                        text.append(" " * cell)
                        continue
                    component, label = self._style(day)
                    style = self.get_component_rich_style(component, partial=True)
                    if date(self.year, self.month, day) == self.today:
                        style += Style(underline=True, bold=True)
                    shown = label if line == (height - 1) // 2 else ""
                    text.append(shown.center(cell - 1), style=style)
                    text.append(" ")
        if self.legend:
            for legend_line in self._legend_lines(width):
                text.append("\n")
                text.append_text(legend_line)
        return text

    def _legend_lines(self, width: int) -> list[Text]:
        """Each state's colour and name, wrapped to `width`."""
        entries = [(f"safety--{s}", state_label(s)) for s in STATES]
        entries.append((f"safety--{MISSING}", t("standup_tui.safety_missing")))
        lines: list[Text] = [Text()]
        for component, label in entries:
            piece = Text()
            piece.append("  ", style=self.get_component_rich_style(component, partial=True))
            piece.append(f" {label}  ")
            if lines[-1].cell_len and lines[-1].cell_len + piece.cell_len > width:
                lines.append(Text())
            lines[-1].append_text(piece)
        return lines
