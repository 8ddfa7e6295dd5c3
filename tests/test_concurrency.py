"""Writers racing on the same records, on SQLite and on PostgreSQL: no update is lost,
no WIP limit is passed without a reason, and of two simultaneous edits of one card made
from the same version exactly one wins. (DATA.md measured half the updates lost with
SQLite's default transactions; on PostgreSQL, before the board lock and the version
check, 4 writers lost about 200 of 3,170 moves.)"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database
from leantui.core.errors import Conflict
from leantui.core.kanban import boards, cards
from leantui.core.services import events

pytestmark = pytest.mark.both_engines

READ_MODIFY_WRITE = 120  # transactions per writer in the first test
MOVES = 300  # moves per writer: enough to overlap (asserted), cheap on two cores
WRITERS = 4

WORKER = r"""
import json, random, sys, time
from pathlib import Path
from leantui.core.db.opening import open_database
from leantui.core.kanban import boards, cards

target, role, board_id, go, n, ids = sys.argv[1:7]
card_ids, column_ids = json.loads(ids)
db, _ = open_database(target, create=True)
Path(go + "." + role).touch()  # ready: imported and opened
while not Path(go).exists():
    time.sleep(0.001)
started = time.time()
done = []
reads = 0
if role == "reader":
    while time.time() - started < 1.0:
        cards.board_cards(db, int(board_id))
        boards.list_boards(db)
        reads += 1
elif role.startswith("rmw"):
    for i in range(int(n)):
        # Read the card and write it back inside the service (no precondition: `{}`);
        # its version must count every write. Then append a card to the shared column.
        cards.update_card(db, card_ids[0], {}, description=f"{role} {i}")
        cards.add_card(db, int(board_id), f"{role} {i}", column_id=column_ids[0])
else:
    rng = random.Random(role)
    for i in range(int(n)):
        change = cards.move_card(db, rng.choice(card_ids), rng.choice(column_ids))
        if change.action:
            done.append([change.card_id, change.payload["from_id"], change.payload["to_id"]])
print(json.dumps({"role": role, "start": started, "end": time.time(), "reads": reads,
                  "moves": done}))
db.close()
"""


def run_workers(
    tmp_path: Path, target: str, board_id: int, roles: list[str], n: int, ids: Any
) -> list[dict[str, Any]]:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                target,
                role,
                str(board_id),
                str(go),
                str(n),
                json.dumps(ids),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    # Released together once every worker has imported and opened the database.
    deadline = time.monotonic() + 300
    while not all(Path(f"{go}.{role}").exists() for role in roles):
        assert all(proc.poll() is None for proc in procs), "a worker ended before it was ready"
        assert time.monotonic() < deadline, "the workers did not get ready"
        time.sleep(0.01)
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err
        results.append(json.loads(out))
    return results


def shared_board(db: Database, limit: int | None = None) -> tuple[int, list[int]]:
    board = boards.create_board(
        db,
        "Shared",
        columns=[
            ("A", "backlog", None),
            ("B", "queue", None),
            ("C", "active", limit),
            ("D", "done", None),
        ],
    )
    return board.id, [c.id for c in boards.columns(db, board.id)]


def test_read_modify_write_loses_nothing(db: Database, target: str, tmp_path: Path) -> None:
    board_id, columns = shared_board(db)
    card = cards.add_card(db, board_id, "Counter").card_id
    results = run_workers(
        tmp_path,
        target,
        board_id,
        ["rmw-a", "rmw-b", "reader"],
        READ_MODIFY_WRITE,
        [[card], columns],
    )
    a, b, reader = results
    assert a["start"] < b["end"] and b["start"] < a["end"], "the writers did not overlap"
    assert reader["reads"] > 0
    # Every update read the version and wrote it + 1: none may be lost.
    assert cards.get_card(db, card).version == 1 + 2 * READ_MODIFY_WRITE
    rows = [r for r in cards.board_cards(db, board_id) if r.column_id == columns[0]]
    assert len(rows) == 1 + 2 * READ_MODIFY_WRITE
    # Each add read the end of the column and appended after it: all positions distinct.
    assert sorted(r.position for r in rows) == list(range(1 + 2 * READ_MODIFY_WRITE))
    edits = [e for e in events.history(db, "card", card) if e.action == "edit"]
    assert len(edits) == 2 * READ_MODIFY_WRITE


def test_four_writers_moving_shared_cards_lose_no_move(
    db: Database, target: str, tmp_path: Path
) -> None:
    board_id, columns = shared_board(db)
    card_ids = [cards.add_card(db, board_id, f"Shared {i}").card_id for i in range(8)]
    roles = [f"mover-{i}" for i in range(WRITERS)]
    results = run_workers(tmp_path, target, board_id, roles, MOVES, [card_ids, columns])
    reported = [tuple(move) for result in results for move in result["moves"]]
    assert len(reported) > WRITERS * MOVES // 2  # most random moves change something
    first_end = min(result["end"] for result in results)
    assert all(result["start"] < first_end for result in results), "the writers did not overlap"

    # Every move a writer was told about is in the history, once, and each card's moves
    # chain up: a move starts in the column the previous one ended in.
    recorded = []
    for card_id in card_ids:
        moves = [e for e in reversed(events.history(db, "card", card_id)) if e.action == "move"]
        where = columns[0]
        for move in moves:
            assert move.payload["from_id"] == where, f"card {card_id} left a column it was not in"
            where = move.payload["to_id"]
            recorded.append((card_id, move.payload["from_id"], move.payload["to_id"]))
        assert cards.get_card(db, card_id).column_id == where
    assert sorted(recorded) == sorted(reported)
    # Positions within each column stay distinct.
    for column in columns:
        positions = [r.position for r in cards.board_cards(db, board_id) if r.column_id == column]
        assert len(positions) == len(set(positions))


def race(count: int, target: str, work: Callable[[Database, int], Any]) -> list[Any]:
    """Run `work(db, i)` in `count` threads, each with its own database connection,
    released at the same moment; returns each result or the LeanError it raised."""
    databases = [open_database(target, create=True)[0] for _ in range(count)]
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(databases[i], i)
        except (Conflict, cards.WipLimitReached) as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for database in databases:
        database.close()
    return results


def test_a_wip_limit_holds_when_moves_race(db: Database, target: str) -> None:
    board_id, columns = shared_board(db, limit=2)
    limited = columns[2]
    for _trial in range(15):
        waiting = [cards.add_card(db, board_id, f"Race {i}").card_id for i in range(4)]
        results = race(
            4, target, lambda d, i, waiting=waiting: cards.move_card(d, waiting[i], limited)
        )
        moved = [r for r in results if not isinstance(r, Exception)]
        refused = [r for r in results if isinstance(r, cards.WipLimitReached)]
        assert (len(moved), len(refused)) == (2, 2), results
        inside = [r for r in cards.board_cards(db, board_id) if r.column_id == limited]
        assert len(inside) == 2
        for row in inside:  # clear the column for the next trial
            cards.delete_card(db, row.id)
        for card_id in waiting:
            if cards.card_row(db, card_id) is not None:
                cards.delete_card(db, card_id)


def test_of_two_simultaneous_edits_exactly_one_wins(db: Database, target: str) -> None:
    board_id, _columns = shared_board(db)
    card_id = cards.add_card(db, board_id, "Original").card_id
    for trial in range(30):
        seen = cards.get_card(db, card_id).version
        results = race(
            2,
            target,
            lambda d, i, seen=seen, trial=trial: cards.update_card(
                d, card_id, seen, title=f"edit {trial}.{i}"
            ),
        )
        won = [r for r in results if not isinstance(r, Exception)]
        lost = [r for r in results if isinstance(r, Conflict)]
        assert (len(won), len(lost)) == (1, 1), results
        assert cards.get_card(db, card_id).title == won[0].card.title
