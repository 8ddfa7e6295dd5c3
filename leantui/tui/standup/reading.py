"""Reads that can take longer than a frame (the agenda over a big board, a month of the
safety cross) run in a thread worker, in the context of the screen that asked (a clock
pinned by a test holds there too), and come back as a message the screen handles on
the UI thread. An answer to an older request than the newest is dropped."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.message import Message
from textual.screen import Screen

from leantui.core.errors import LeanError


@dataclass
class Read(Message):
    seq: int
    what: str  # what was read, for the screen's handler
    value: Any


@dataclass
class ReadFailed(Message):
    seq: int
    error: LeanError


class ReadingScreen(Screen[None]):
    """A screen that reads in a worker: `read(what, fn)`, then `on_read`."""

    def __init__(self) -> None:
        super().__init__()
        self._seq = 0
        self.reading = False
        self.read_for = ""  # what the newest read is for

    def read(self, what: str, fn: Callable[[], Any]) -> None:
        self._seq += 1
        self.reading, self.read_for = True, what
        self._read(self._seq, what, fn, contextvars.copy_context())

    @work(thread=True, exclusive=True, group="standup-read", exit_on_error=False)
    def _read(
        self, seq: int, what: str, fn: Callable[[], Any], context: contextvars.Context
    ) -> None:
        try:
            value = context.run(fn)
        except LeanError as exc:
            self.post_message(ReadFailed(seq, exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(ReadFailed(seq, LeanError("standup_tui.read_failed", problem=exc)))
        else:
            self.post_message(Read(seq, what, value))

    def on_read_failed(self, message: ReadFailed) -> None:
        if message.seq == self._seq:
            self.reading = False
            self.notify(message.error.message(), severity="error")

    def on_read(self, message: Read) -> None:
        if message.seq == self._seq:
            self.reading = False
            self.took(message.what, message.value)

    def took(self, what: str, value: Any) -> None:
        """What was read, on the UI thread."""
