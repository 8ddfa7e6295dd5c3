"""Durability under kill -9: `python tests/perf/durability.py [--trials N] [--seed S]`.

Not part of the test suite. A writer process makes committed changes in a loop through
the services (add a card, move a card), printing each change the service acknowledged
(returned from its transaction) on stdout, flushed. The writer is killed with SIGKILL at
a random moment; then:

- `leantui info` must open the file (the real start-up path: the checks, the -wal the
  killed writer left replayed),
- `PRAGMA integrity_check` must say ok,
- every acknowledged change must be there: each added card by its title, each move by
  its event (a card moved from the same column to the same column twice needs two).

Prints one JSON line per trial and a last line with the totals: trials, acknowledged
commits, losses (an acknowledged change not found), failures (info or integrity).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = r"""
import random, sys
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards

path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
db, _ = open_database(path)
board = boards.list_boards(db)[0]
columns = [c.id for c in boards.columns(db, board.id)]
mine = []
n = 0
while True:
    n += 1
    if not mine or rng.random() < 0.4:
        title = f"s{seed}-{n}"
        change = cards.add_card(db, board.id, title, column_id=columns[0])
        mine.append(change.card_id)
        print(f"add {change.card_id} {title} {change.revision}", flush=True)
    else:
        card = rng.choice(mine)
        target = rng.choice(columns)
        change = cards.move_card(db, card, target, override_reason="durability")
        if change.action:
            print(f"move {card} {change.payload['from_id']} {target} {change.revision}", flush=True)
"""


def make_database(path: Path) -> None:
    from leantui.core.db.opening import open_database
    from leantui.core.kanban import boards

    db, _ = open_database(path, create=True)
    boards.create_board(
        db,
        "Durability",
        columns=[
            ("A", "backlog", None),
            ("B", "queue", None),
            ("C", "active", 2),
            ("D", "done", None),
        ],
    )
    db.close()


def acknowledged(out: bytes) -> list[list[str]]:
    """The complete lines the writer printed: a change it was told is committed."""
    text = out.decode("utf-8", "replace")
    lines = text.split("\n")[:-1]  # the last piece has no newline: not acknowledged
    return [line.split() for line in lines if line]


def verify(path: Path, acks: list[list[str]]) -> dict[str, object]:
    info = subprocess.run(
        [sys.executable, "-m", "leantui", "--db", str(path), "info", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    conn = sqlite3.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        titles = {row[0] for row in conn.execute("SELECT title FROM cards")}
        moves = collections.Counter(
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT entity_id, json_extract(payload, '$.from_id'),"
                " json_extract(payload, '$.to_id') FROM events"
                " WHERE entity_type = 'card' AND action = 'move'"
            )
        )
        revision = conn.execute("SELECT max(revision) FROM revisions").fetchone()[0] or 0
    finally:
        conn.close()
    lost = []
    wanted: collections.Counter[tuple[int, int, int]] = collections.Counter()
    top = 0
    for ack in acks:
        if ack[0] == "add":
            top = max(top, int(ack[3]))
            if ack[2] not in titles:
                lost.append(" ".join(ack))
        else:
            top = max(top, int(ack[4]))
            wanted[(int(ack[1]), int(ack[2]), int(ack[3]))] += 1
    for key, count in wanted.items():
        if moves[key] < count:
            lost.append(f"move {key} x{count - moves[key]}")
    if revision < top:
        lost.append(f"board revision {revision} < acknowledged {top}")
    return {
        "info_ok": info.returncode == 0,
        "info_error": info.stderr.strip()[:200],
        "integrity": [row[0] for row in integrity][:3],
        "lost": lost,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-run", type=float, default=1.5, help="seconds before the kill, at most"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="leantui-durability-"))
    path = folder / "leantui.db"
    make_database(path)
    totals = {"trials": 0, "acknowledged": 0, "lost": 0, "failures": 0}
    for trial in range(1, args.trials + 1):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(trial)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is writing
        time.sleep(rng.uniform(0.0, args.max_run))
        writer.send_signal(signal.SIGKILL)
        rest, err = writer.communicate(timeout=60)
        acks = acknowledged(first + rest)
        found = verify(path, acks)
        failed = not found["info_ok"] or found["integrity"] != ["ok"]
        totals["trials"] += 1
        totals["acknowledged"] += len(acks)
        totals["lost"] += len(found["lost"])  # type: ignore[arg-type]
        totals["failures"] += int(failed)
        print(
            json.dumps(
                {
                    "trial": trial,
                    "acknowledged": len(acks),
                    "lost": found["lost"],
                    "integrity": found["integrity"],
                    "info_ok": found["info_ok"],
                    **({"info_error": found["info_error"]} if failed else {}),
                    **({"writer_error": err.decode()[-300:]} if not acks else {}),
                }
            ),
            flush=True,
        )
    print(json.dumps({"figure": "durability", **totals, "database": str(path)}), flush=True)
    return 0 if totals["lost"] == 0 and totals["failures"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
