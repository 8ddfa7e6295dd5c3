"""Reads started when a screen is made, in a thread of their own: a Textual worker starts
only once the screen has been composed and mounted (a tenth of a second or more), so a
read that the first frame needs runs meanwhile instead of after."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


def read_ahead(name: str, read: Callable[..., T], *args: Any) -> Future[T]:
    """`read(*args)` from now on, in the caller's context (a clock pinned by a test, say);
    its result or its exception in the future."""
    future: Future[T] = Future()
    context = contextvars.copy_context()

    def run() -> None:
        try:
            future.set_result(context.run(read, *args))
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future
