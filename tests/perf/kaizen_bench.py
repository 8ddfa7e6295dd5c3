"""Kaizen benchmark: `python tests/perf/kaizen_bench.py [--runs N] [--db PATH|URL]`.

Builds 20,000 suggestions over five years (ten teams of eight people, every status,
savings on about half) in a fresh database (a temporary SQLite file, or the PostgreSQL
URL given with --db, whose schema must be empty), then times the kaizen service calls a
screen or a command makes: the whole list, a first page, the filters, a count, a
detail, and the metrics per team and month (all months, and the last six for the
sparklines). Prints one JSON line per figure: the median, min and max of the runs in
milliseconds (one warm-up round is not counted), and `x_floor`, its ratio to the floor
measured in the same rounds: every row of the table fetched through the bare driver.
Rounds go round-robin over the figures, so a busy machine slows them all alike. Not
part of the test suite."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

SUGGESTIONS = 20_000
YEARS = 5
TEAMS = 10
PEOPLE = 8


def build(db: Any, now: datetime, seed: int = 11) -> dict[str, Any]:
    """The history, written with bulk inserts (the services would take minutes and
    their events are not what is measured here)."""
    from leantui.core.kaizen import rules
    from leantui.core.kaizen.models import Suggestion
    from leantui.core.services import workspace

    rng = random.Random(seed)
    teams = [
        workspace.create_team(
            db, f"Team {n:02d}", f"Hall {n:02d}", [f"P{n:02d}-{i}" for i in range(PEOPLE)]
        )
        for n in range(TEAMS)
    ]
    span = timedelta(days=365 * YEARS)
    rows: list[dict[str, Any]] = []
    for n in range(SUGGESTIONS):
        team = rng.choice(teams)
        submitted = now - span * (1 - n / SUGGESTIONS) - timedelta(minutes=rng.randint(0, 600))
        age = (now - submitted).days
        if age < 14:
            status = rng.choice(("submitted", "under_review", "adopted", "rejected"))
        else:
            status = rng.choices(
                ("submitted", "under_review", "adopted", "rejected", "implemented"),
                (2, 2, 10, 30, 56),
            )[0]
        decided = None
        if status in rules.DECIDED:
            decided = submitted + timedelta(hours=rng.randint(2, 24 * min(40, max(age, 1))))
            decided = min(decided, now)
        done = None
        if status == "implemented" and decided is not None:
            done = min(decided + timedelta(days=rng.randint(0, 30)), now).date()
        saving = Decimal(rng.randint(1, 2000) * 10) if rng.random() < 0.5 else None
        rows.append(
            {
                "title": f"Idea {n}",
                "submitter": f"P{teams.index(team):02d}-{rng.randrange(PEOPLE + 2)}",
                "team_id": team.id,
                "area_id": team.area_id,
                "category": rng.choice(rules.CATEGORIES),
                "problem": "",
                "proposal": "",
                "benefit": "",
                "estimated_saving": saving,
                "actual_saving": (saving * Decimal("0.9")).quantize(Decimal("0.01"))
                if saving is not None and done is not None
                else None,
                "currency": "CNY",
                "status": status,
                "reviewer": "",
                "reason": "no" if status == "rejected" else "",
                "submitted_at": submitted,
                "decided_at": decided,
                "implement_by": None,
                "implemented_on": done,
                "card_id": None,
                "follow_up_cycle_id": None,
                "version": 1,
            }
        )
    table = Suggestion.__table__  # type: ignore[attr-defined]
    with db.write() as session:
        for start in range(0, len(rows), 2000):
            session.execute(table.insert(), rows[start : start + 2000])
    return {"teams": [t.id for t in teams], "month": rules.month_of(now.date())}


def raw_fetch(db: Any) -> list[Any]:
    """The floor: every row of the table through the bare database driver, no types."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT * FROM kaizen_suggestions")
        return list(cursor.fetchall())
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", default="", help="a PostgreSQL URL (default: a temp SQLite file)")
    args = parser.parse_args(argv)

    from leantui.core import clock
    from leantui.core.db.opening import open_database
    from leantui.core.kaizen import metrics
    from leantui.core.kaizen import suggestions as sg

    folder = Path(tempfile.mkdtemp(prefix="kaizen-bench-"))
    now = datetime.now(UTC)
    db, _ = open_database(args.db or str(folder / "kaizen.db"))
    try:
        started = time.perf_counter()
        made = build(db, now)
        print(
            json.dumps(
                {
                    "setup": "suggestions",
                    "rows": SUGGESTIONS,
                    "years": YEARS,
                    "teams": TEAMS,
                    "backend": db.backend,
                    "seconds": round(time.perf_counter() - started, 1),
                }
            ),
            flush=True,
        )
        team = made["teams"][3]
        month = f"{now.year - 2:04d}-{now.month:02d}"
        figures: dict[str, Callable[[], Any]] = {
            "kaizen_list_all": lambda: sg.list_suggestions(db),
            "kaizen_list_first_page": lambda: sg.list_suggestions(db, limit=200),
            "kaizen_list_team": lambda: sg.list_suggestions(db, team_id=team),
            "kaizen_list_month": lambda: sg.list_suggestions(db, month=month),
            "kaizen_list_waiting": lambda: sg.list_suggestions(
                db, status=("submitted", "under_review")
            ),
            "kaizen_list_overdue": lambda: sg.list_suggestions(db, overdue=True),
            "kaizen_list_sorted_by_saving": lambda: sg.list_suggestions(db, sort="saving"),
            "kaizen_count": lambda: sg.count(db),
            "kaizen_detail": lambda: sg.detail(db, SUGGESTIONS // 2),
            "kaizen_metrics_all_months": lambda: metrics.monthly(db),
            "kaizen_metrics_team": lambda: metrics.monthly(db, team),
            "kaizen_metrics_last_6_months": lambda: metrics.recent(db),
        }
        figures["floor_raw_fetch_all"] = lambda: raw_fetch(db)
        values: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        with clock.pinned(now):
            for round_ in range(args.runs + 1):
                for figure, call in figures.items():
                    started = time.perf_counter()
                    result = call()
                    if round_:  # the first round warms up
                        values.setdefault(figure, []).append((time.perf_counter() - started) * 1000)
                    if isinstance(result, list):
                        sizes[figure] = len(result)
        floor = statistics.median(values["floor_raw_fetch_all"])
        for figure, times in values.items():
            line: dict[str, Any] = {
                "figure": figure,
                "unit": "ms",
                "runs": len(times),
                "median": round(statistics.median(times), 1),
                "min": round(min(times), 1),
                "max": round(max(times), 1),
                "x_floor": round(statistics.median(times) / floor, 2),
                "backend": db.backend,
            }
            if figure in sizes:
                line["rows"] = sizes[figure]
            print(json.dumps(line), flush=True)
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
