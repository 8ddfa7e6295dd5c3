"""Keep double-width (CJK) characters intact in Textual overlays.

Textual's compositor (textual/_compositor.py) splits every screen line into
"chops" at *every* widget edge on that line (``Compositor.cuts``), including
the edges of widgets that are completely hidden under an overlay (toast,
Select dropdown, tooltip, a dialog drawn over other widgets...).  Each
visible widget's line is then cut at those positions with ``Strip.divide``
-> ``rich.segment.Segment.divide`` -> ``Segment.split_cells``, which turns a
2-cell character straddling a cut into two spaces.  So an overlay loses every
wide character that happens to sit on the edge of a widget *underneath* it.

Fix: a cut is only needed where the front-most widget changes.  We drop the
cuts at which the same widget is front-most on both sides (they are edges of
hidden widgets), and make the two consumers of the cuts tolerate widget
edges that are no longer cut positions:

* ``Compositor.cuts``          - only keep cuts where the visible owner changes.
* ``Compositor._render_chops`` - a widget only fills a chop whose start is one
  of its piece boundaries (hidden widget edges are simply skipped).
* ``ChopsUpdate.render_segments`` (partial screen updates) - write whole chops
  instead of cropping them at the dirty span's right edge, because a chop can
  now be wider than a dirty span and cropping would split a wide character
  again.  Only chops that overlap a dirty span are written; their owner always
  overlaps the update crop, so their content is always up to date.

Every overlay benefits (toasts, modal dialogs, Select dropdowns, tooltips...)
because the fix lives in the compositor.  Narrow-only text renders exactly as
before.  Written against Textual 8.2.8 (upstream issue Textualize/textual#6357,
still open); ``install()`` does nothing on other versions unless
``force=True``, so the patch can't silently break a future Textual.

leantui installs it when LeanApp is made (tui/app.py); tests/test_tui_widechar.py
checks it on what the compositor draws and on what a terminal shows after partial
updates (a replay into tests/vterm.py), with a seeded fuzz test. On a Textual upgrade:
run those tests with ``install(force=True)``, then widen TESTED_TEXTUAL_VERSIONS, or
remove this module once upstream has fixed the compositor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

__all__ = ["TESTED_TEXTUAL_VERSIONS", "install", "uninstall"]

TESTED_TEXTUAL_VERSIONS = ("8.2.8",)

_originals: dict[str, object] = {}


def _visible_cuts(spans: Sequence[tuple[int, int]], width: int) -> list[int]:
    """Cuts for one line, given widget spans (x1, x2) in front-to-back order.

    Keeps 0, width, and every edge at which the front-most widget changes.
    """
    points = sorted({0, width, *[edge for span in spans for edge in span]})
    index = {point: position for position, point in enumerate(points)}
    owners = [-1] * (len(points) - 1)
    for z, (x1, x2) in enumerate(spans):
        for position in range(index[x1], index[x2]):
            if owners[position] == -1:
                owners[position] = z
    last = len(points) - 1
    return [
        point
        for position, point in enumerate(points)
        if position == 0 or position == last or owners[position] != owners[position - 1]
    ]


def _cuts(self: Compositor) -> list[list[int]]:
    """Replacement for the ``Compositor.cuts`` property."""
    if self._cuts is not None:
        return self._cuts
    width, height = self.size
    line_spans: list[list[tuple[int, int]]] = [[] for _ in range(height)]
    intersection = Region.intersection
    # visible_widgets is ordered front-most first (the order _render_chops uses)
    for region, clip in self.visible_widgets.values():
        x, y, region_width, region_height = intersection(region, clip)
        if region_width and region_height:
            span = (x, x + region_width)
            for spans in line_spans[y : y + region_height]:
                spans.append(span)
    cache: dict[tuple[tuple[int, int], ...], list[int]] = {}
    cuts: list[list[int]] = []
    for spans in line_spans:
        key = tuple(spans)
        line_cuts = cache.get(key)
        if line_cuts is None:
            line_cuts = cache[key] = _visible_cuts(key, width)
        cuts.append(line_cuts.copy())
    self._cuts = cuts
    return cuts


def _render_chops(
    self: Compositor,
    crop: Region,
    is_rendered_line: Callable[[int], bool],
) -> Sequence[Mapping[int, Strip]]:
    """Replacement for ``Compositor._render_chops``.

    Same as the original, except that a widget's first/last edge need not be a
    cut any more: the widget's line is divided at the cuts strictly inside it,
    and each piece only fills the chop that starts exactly where the piece
    starts (pieces starting at a dropped cut are hidden by construction).
    """
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    intersection = Region.intersection
    # Widgets come front to back: the first piece to claim a chop wins.
    for region, clip, strips in self._get_renders(crop):
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            inner = [cut for cut in cuts[y] if first_cut < cut < last_cut]
            starts = [first_cut, *inner]
            if not any(chops_line.get(start, 0) is None for start in starts):
                continue  # completely hidden on this line
            pieces = strip.divide([cut - render_x for cut in inner] + [last_cut - render_x])
            for start, piece in zip(starts, pieces, strict=False):
                if start in chops_line and chops_line[start] is None:
                    chops_line[start] = piece
    return chops  # type: ignore[return-value]


def _render_segments(self: ChopsUpdate, console: Console) -> str:
    """Replacement for ``ChopsUpdate.render_segments`` (partial updates).

    Writes every chop that overlaps a dirty span in full (no cropping, which
    could split a wide character).
    """
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    chops = self.chops
    chop_ends = self.chop_ends
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x >= x2 or end <= x1:
                continue
            append(move_to(x, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def _rich_console(self: ChopsUpdate, console, options) -> Iterable[Segment]:
    """Replacement for ``ChopsUpdate.__rich_console__`` (same rule as above)."""
    move_to = Control.move_to
    new_line = Segment.line()
    chops = self.chops
    chop_ends = self.chop_ends
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x >= x2 or end <= x1:
                continue
            yield move_to(x, y).segment
            yield from strip
        if y != last_y:
            yield new_line


def _replacements() -> list[tuple[type, str, object]]:
    return [
        (Compositor, "cuts", property(_cuts, doc=_cuts.__doc__)),
        (Compositor, "_render_chops", _render_chops),
        (ChopsUpdate, "render_segments", _render_segments),
        (ChopsUpdate, "__rich_console__", _rich_console),
    ]


def install(force: bool = False) -> bool:
    """Apply the patch (idempotent). Call once before ``App.run()``.

    Returns True if the patch is active, False if this Textual version is untested
    (pass ``force=True`` to patch anyway).
    """
    if _originals:
        return True
    import textual

    if not force and getattr(textual, "__version__", "") not in TESTED_TEXTUAL_VERSIONS:
        return False
    for cls, name, replacement in _replacements():
        _originals[f"{cls.__name__}.{name}"] = cls.__dict__[name]
        setattr(cls, name, replacement)
    return True


def uninstall() -> None:
    """Restore Textual's original functions."""
    for cls, name, _ in _replacements():
        key = f"{cls.__name__}.{name}"
        if key in _originals:
            setattr(cls, name, _originals.pop(key))
