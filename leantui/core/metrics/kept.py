"""The cards' flows of a scope kept on disk between starts, so that opening the reports
replays only the history written since (a board of 10,000 cards has ~100,000 events
to replay, most of the reports' first frame).

A record says: these are the flows of these boards of this SQLite file through event
`through`, which was `mark` (read.event_mark). A record is used only when the file
still holds that event as it was and no column of the boards changed since (the flows
were built with the columns' kinds); anything else, an unreadable record included, and
the history is replayed from the start. Only for SQLite files: there the events' ids
follow the order of their commits, where a server may commit id 100 after id 101.

Records live in the user's cache folder (losing them costs one replay), never beside
the database, and hold only what the events hold: plain numbers, text and lists, in
`marshal`'s format, which loads a board of 10,000 cards in a fifth of JSON's time
(reading it builds values, never runs code; a damaged record fails to load and is
replayed)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from dataclasses import astuple, dataclass
from datetime import datetime
from pathlib import Path

from leantui.core.db import files
from leantui.core.metrics.flow import CardFlow, Flows, Override
from leantui.core.paths import user_cache_dir

VERSION = 2  # 1: moments as text
KEEP_FILES = 8  # scopes whose records are kept


@dataclass(frozen=True)
class Kept:
    through: int  # the newest event the flows hold
    mark: str
    flows: Flows


def _record(path: Path, board_ids: list[int]) -> Path:
    name = f"{path.resolve()}|{','.join(map(str, board_ids))}"
    return user_cache_dir() / "flows" / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.flows"


def load(path: Path, board_ids: list[int]) -> Kept | None:
    """The record of these boards of the file, if there is a readable one."""
    try:
        data = marshal.loads(_record(path, board_ids).read_bytes())
        if data["version"] != VERSION or data["boards"] != board_ids:
            return None
        # A row is a CardFlow's fields in order: moments in seconds, stays and blocks
        # as the lists they are.
        cards = {row[0]: CardFlow(*row) for row in data["cards"]}
        overrides = [
            Override(datetime.fromisoformat(row[0]), *row[1:]) for row in data["overrides"]
        ]
        return Kept(int(data["through"]), str(data["mark"]), (cards, overrides))
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError):
        return None


def save(path: Path, board_ids: list[int], kept: Kept) -> None:
    """Record the flows (quietly not, when the cache folder cannot be written)."""
    cards, overrides = kept.flows
    data = {
        "version": VERSION,
        "boards": board_ids,
        "through": kept.through,
        "mark": kept.mark,
        "cards": [list(vars(c).values()) for c in cards.values()],  # fields in order
        "overrides": [[o.at.isoformat(), *astuple(o)[1:]] for o in overrides],
    }
    record = _record(path, board_ids)
    with contextlib.suppress(OSError):
        record.parent.mkdir(parents=True, exist_ok=True)
        temp = files.temp_name(record, "new")
        try:
            temp.write_bytes(marshal.dumps(data))
            os.replace(temp, record)
        finally:
            temp.unlink(missing_ok=True)
        _forget_old(record.parent)


def _forget_old(folder: Path) -> None:
    records = sorted(folder.glob("*.flows"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [*records[KEEP_FILES:], *folder.glob("*.json")]:  # (JSON: version 1's)
        old.unlink(missing_ok=True)
