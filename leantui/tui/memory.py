"""Garbage collection around big, long-lived allocations.

Start-up imports and a loaded board are many long-lived objects. Left to itself, Python's
collector walks them again and again: during start-up that cost about 90 ms before the
first frame, and after a 10,000-card load the next full collection landed on a key press
(a move took 90 ms instead of 35). So the CLI turns collection off while it starts the
app, and `settle_garbage` collects once and freezes the survivors, out of later passes.
"""

from __future__ import annotations

import gc


def settle_garbage() -> None:
    """Collect now, freeze what survives, and keep collecting as usual from here on.
    Unfreezing first lets this pass free whatever an earlier load left behind."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.enable()
