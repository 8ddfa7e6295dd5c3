"""Ctrl+C during `leantui export` in a terminal (the Rich progress bar drawn): the
command says it was cancelled and exits 130, and neither the file nor its hidden
temporary part is left behind."""

from __future__ import annotations

import os
import pty
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from leantui.core.db.opening import open_database
from leantui.core.kanban import boards

pytestmark = pytest.mark.sqlite_only

EVENTS = 300_000  # a few seconds of export: time enough to press Ctrl+C
# leantui started as a terminal starts it, with Ctrl+C's default action: tests started
# in the background by a shell without job control ignore SIGINT, and so would the
# command they start (Python leaves an inherited SIG_IGN as it is).
DEFAULT_CTRL_C = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
    " os.execv(sys.argv[1], sys.argv[1:])"
)


def long_history(path: Path) -> None:
    db, _ = open_database(str(path), create=True)
    board = boards.create_board(db, "Line")
    db.close()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO events (at, actor, entity_type, entity_id, action, payload, board_id)"
            " VALUES ('2026-01-05 09:00:00.000000', 'x', 'card', ?, 'edit', '{\"k\": 1}', ?)",
            ((n, board.id) for n in range(EVENTS)),
        )
    conn.close()


def test_ctrl_c_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    long_history(path)
    out = tmp_path / "out"
    out.mkdir()
    leantui = Path(sys.executable).with_name("leantui")
    parent, child = pty.openpty()  # a terminal, so that the progress bar is drawn
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    command = [
        str(leantui),
        "--db",
        str(path),
        "--lang",
        "en",
        "export",
        "events",
        "--out",
        str(out),
    ]
    proc = subprocess.Popen(
        [sys.executable, "-c", DEFAULT_CTRL_C, *command],
        stdin=child, stdout=child, stderr=child, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(child)
    said = bytearray()

    def drain() -> None:  # read all along: a full terminal buffer would block its writes
        while True:
            try:
                chunk = os.read(parent, 65536)
            except OSError:
                return
            if not chunk:
                return
            said.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not any(out.iterdir()):  # the hidden part appears: it is writing
            assert proc.poll() is None and time.monotonic() < deadline, "no export began"
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        reader.join(60)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(parent)
    assert proc.returncode == 130, said.decode(errors="replace")
    assert b"Export cancelled. Nothing was written." in said
    assert b"Traceback" not in said
    assert list(out.iterdir()) == []
