"""Charts as Rich Text, drawn to a given width: stacked columns for the cumulative flow,
horizontal bars for the cycle-time distribution and the throughput, sparklines. Labels
(column names, Chinese or not) are measured with `cell_len` and cut with `fit`; the
axes carry only numbers and dates. Colours are the 16 ANSI ones, so a 16-colour
terminal draws them too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.cells import cell_len
from rich.text import Text

from leantui.core.i18n import fit
from leantui.core.text import shown

KIND_COLOURS = {
    "backlog": ("bright_black", "white"),
    "queue": ("yellow", "bright_yellow"),
    "active": ("blue", "cyan", "magenta", "bright_blue", "bright_cyan"),
    "done": ("green", "bright_green"),
}
SPARKS = "▁▂▃▄▅▆▇█"


def colours(kinds: Sequence[str]) -> list[str]:
    """A colour per band: by kind, the next shade for a second band of that kind."""
    used: dict[str, int] = {}
    out = []
    for kind in kinds:
        shades = KIND_COLOURS.get(kind, ("white",))
        out.append(shades[used.get(kind, 0) % len(shades)])
        used[kind] = used.get(kind, 0) + 1
    return out


def sample(n: int, room: int) -> list[int]:
    """Indexes of at most `room` of `n` points, evenly spread, the last one kept."""
    if n <= room:
        return list(range(n))
    step = n / room
    picked = sorted({min(n - 1, int((i + 1) * step) - 1) for i in range(room)})
    return picked


def stacked_columns(
    days: Sequence[date],
    bands: Sequence[tuple[str, str, Sequence[int]]],  # (label, colour, counts per day)
    width: int,
    height: int,
) -> Text:
    """The cumulative flow: a column per day (sampled to fit), the bands stacked from the
    bottom (first band on top, as the board reads left to right: Done at the bottom),
    a y axis of card counts, the first and last dates under it, and a legend."""
    out = Text(no_wrap=True, overflow="crop")
    if not days or not bands:
        return out
    totals = [sum(b[2][i] for b in bands) for i in range(len(days))]
    top = max(1, max(totals))
    axis = len(str(top)) + 1
    room = max(1, width - axis - 1)
    cell = max(1, min(3, room // len(days)))
    picked = sample(len(days), room // cell)
    for row in range(height, 0, -1):
        mid = (row - 0.5) * top / height  # the card count this row stands for
        label = str(top) if row == height else ""
        if row == (height + 1) // 2 and height > 2 and row != height:
            label = str(round(top * row / height))
        out.append(label.rjust(axis - 1) + "┤", style="dim")
        for i in picked:
            colour = ""
            if totals[i] >= mid:
                floor = 0
                for _label, band_colour, counts in reversed(bands):  # Done at the bottom
                    floor += counts[i]
                    if floor >= mid:
                        colour = band_colour
                        break
            out.append("█" * cell if colour else " " * cell, style=colour)
        out.append("\n")
    out.append(" " * (axis - 1) + "└" + "─" * min(room, len(picked) * cell) + "\n", style="dim")
    first, last = days[0].isoformat(), days[-1].isoformat()
    span = len(picked) * cell
    gap = span - len(first) - len(last)
    dates = first + " " * gap + last if gap >= 1 else last
    out.append(" " * axis + dates + "\n", style="dim")
    out.append_text(legend([(b[0], b[1], b[2][-1]) for b in bands], width))
    return out


def legend(entries: Sequence[tuple[str, str, int]], width: int) -> Text:
    """ "■ label count" entries, wrapped by display width."""
    out = Text(no_wrap=True, overflow="crop")
    used = 0
    for label, colour, count in entries:
        item = f"{fit(shown(label), 16)} {count}"
        size = cell_len(item) + 2
        if used and used + size + 2 > width:
            out.append("\n")
            used = 0
        if used:
            out.append("  ")
            used += 2
        out.append("■ ", style=colour)
        out.append(item)
        used += size
    return out


def hbars(
    rows: Sequence[tuple[str, int, str]],  # (label, value, note after the value)
    width: int,
    colour: str = "cyan",
) -> Text:
    """One bar per row, labels padded to the widest by display width."""
    out = Text(no_wrap=True, overflow="crop")
    if not rows:
        return out
    label_w = max(cell_len(r[0]) for r in rows)
    value_w = max(len(str(r[1])) for r in rows)
    note_w = max((cell_len(r[2]) for r in rows), default=0)
    room = max(1, width - label_w - value_w - note_w - 3)
    top = max(1, max(r[1] for r in rows))
    for label, value, note in rows:
        out.append(label + " " * (label_w - cell_len(label)) + " ", style="dim")
        bar = round(value / top * room)
        out.append("█" * bar, style=colour)
        out.append(" " * (room - bar) + " " + str(value).rjust(value_w))
        if note:
            out.append(" " + note, style="bold")
        out.append("\n")
    return out


def spark(values: Sequence[float | None], top: float | None = None) -> Text:
    known = [v for v in values if v is not None]
    high = top if top is not None else max(known, default=0.0)
    out = Text(no_wrap=True, end="")
    for value in values:
        if value is None:
            out.append(" ")
        else:
            index = 0 if high <= 0 else min(7, int(value / high * 7.999))
            out.append(SPARKS[index], style="cyan")
    return out
