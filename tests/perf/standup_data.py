"""A stand-up database at scale for the benchmarks: the demo workspace (every module's
part, so the stand-up walks 5S, PDCA and kaizen too) with 10,000 more cards on the first
team's board, written with Core inserts in one transaction (the services would take
minutes; what is measured is reading them). Most cards are done; those under way are
spread over the other columns, some blocked, overdue or not moved for weeks, so the
board has stops all the way through.

    python tests/perf/standup_data.py PATH        # build PATH, print the team and board
    python tests/perf/standup_data.py PATH --time # and time the core: agenda and begin
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from leantui.core import clock
from leantui.core.db.opening import open_database
from leantui.core.demo import load_demo
from leantui.core.kanban import boards
from leantui.core.kanban.models import Card

CARDS = 10_000
RUNS = 7


def build(path: Path, cards: int = CARDS, seed: int = 13) -> dict[str, int]:
    """The demo plus `cards` cards on the first team's board; its team and board ids."""
    db, _ = open_database(str(path), create=True)
    with db:
        result = load_demo(db, language="zh_CN")
        assert result.teams
        board = boards.list_boards(db)[0]
        columns = boards.columns(db, board.id)
        rng = random.Random(seed)
        now = clock.now()
        rows: list[dict[str, Any]] = []
        # Done takes 98.5%; the rest (about 150 cards) is spread over the columns before it.
        weights = [0.006, 0.004, 0.003, 0.002, 0.985][: len(columns)]
        chosen = rng.choices(columns, weights=weights, k=cards)
        for n, column in enumerate(chosen):
            moved = now - timedelta(days=rng.uniform(0, 60))
            done = column.kind == "done"
            blocked = not done and rng.random() < 0.05
            rows.append(
                {
                    "board_id": board.id,
                    "column_id": column.id,
                    "position": 1000 + n,
                    "title": f"卡片 {n:05d} 换型与检验",
                    "description": "",
                    "owner": rng.choice(["王伟", "李娜", "张强", "刘洋"]),
                    "tags": "",
                    "priority": 0,
                    "due": (moved + timedelta(days=rng.randint(-5, 20))).date(),
                    "blocked": blocked,
                    "blocked_reason": "等物料" if blocked else "",
                    "blocked_since": moved if blocked else None,
                    "source_type": "",
                    "source_id": None,
                    "created_at": moved - timedelta(days=3),
                    "started_at": moved if column.kind in ("active", "done") else None,
                    "completed_at": moved if done else None,
                    "moved_at": moved,
                    "archived_at": None,
                    "version": 1,
                }
            )
        with db.write() as session:
            session.connection().execute(Card.__table__.insert(), rows)  # type: ignore[attr-defined]
        assert board.team_id is not None
        return {"team_id": board.team_id, "board_id": board.id}


def time_core(path: Path, team_id: int) -> dict[str, float]:
    """Medians of RUNS: the agenda of the team, and begin (agenda plus storing the
    stops) followed by finish so that the next begin makes a new stand-up."""
    from leantui.core.standup import services
    from leantui.core.standup.agenda import agenda

    db, _ = open_database(str(path))
    with db:
        agenda_ms, begin_ms, stops = [], [], 0
        for _ in range(RUNS):
            started = time.perf_counter()
            stops = len(agenda(db, team_id, services.since(db, team_id)))
            agenda_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            row = services.begin(db, team_id)
            begin_ms.append((time.perf_counter() - started) * 1000)
            services.finish(db, row.id, [], [])
    return {
        "stops": stops,
        "agenda_ms": round(statistics.median(agenda_ms), 1),
        "begin_ms": round(statistics.median(begin_ms), 1),
    }


if __name__ == "__main__":
    target = Path(sys.argv[1])
    made = build(target)
    print(json.dumps(made))
    if "--time" in sys.argv[2:]:
        print(json.dumps(time_core(target, made["team_id"])))
