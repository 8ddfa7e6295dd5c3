"""A 5S database at scale for the benchmarks: `areas` areas with `audits` weekly audits
each (25 items per audit, from the shipped 5S template), written with Core inserts in
one transaction (the services would take minutes; what is measured is reading it)."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leantui.core.db.models import Area
from leantui.core.db.opening import open_database
from leantui.core.five_s import templates
from leantui.core.five_s.models import AreaSettings, Audit, AuditItem


def build(path: Path, areas: int = 200, audits: int = 52, seed: int = 7) -> None:
    db, _ = open_database(path, create=True)
    template = templates.get("5s")
    rng = random.Random(seed)
    start = datetime(2025, 11, 1, 8, tzinfo=UTC)
    area_rows, settings, audit_rows, item_rows = [], [], [], []
    audit_id = 0
    for a in range(1, areas + 1):
        area_rows.append(
            {"id": a, "name": f"Area {a:03d} 区域", "created_at": start, "archived": False}
        )
        settings.append({"area_id": a, "template": "5s", "owner": f"Owner {a}", "cadence_days": 7})
        level = rng.uniform(0.4, 0.9)
        scores: list[int] = []
        for week in range(audits):
            audit_id += 1
            at = start + timedelta(days=7 * week, minutes=a)
            draft = week == audits - 1 and a % 10 == 0
            audit_rows.append(
                {
                    "id": audit_id,
                    "area_id": a,
                    "template": "5s",
                    "template_version": 1,
                    "title": template.title,
                    "scale_min": 0,
                    "scale_max": 5,
                    "na_allowed": True,
                    "levels": template.levels,
                    "auditor": "auditor",
                    "status": "draft" if draft else "finished",
                    "started_at": at,
                    "finished_at": None if draft else at + timedelta(minutes=30),
                }
            )
            scores = []
            for position, item in enumerate(template.items):
                score = max(0, min(5, round(level * 5 + rng.uniform(-1.5, 1.5))))
                scores.append(score)
                item_rows.append(
                    {
                        "audit_id": audit_id,
                        "position": position,
                        "key": item.key,
                        "s": item.s,
                        "text": item.text,
                        "weight": 1.0,
                        "score": score,
                        "na": False,
                        "comment": "",
                        "answered_at": at,
                        "card_id": None,
                    }
                )
            # Written when an audit is finished (audits.finish): the overview reads it.
            audit_rows[-1]["total"] = None if draft else sum(scores) / (5 * len(scores)) * 100
    with db.write() as session:
        conn = session.connection()
        conn.execute(Area.__table__.insert(), area_rows)  # type: ignore[attr-defined]
        conn.execute(AreaSettings.__table__.insert(), settings)  # type: ignore[attr-defined]
        conn.execute(Audit.__table__.insert(), audit_rows)  # type: ignore[attr-defined]
        conn.execute(AuditItem.__table__.insert(), item_rows)  # type: ignore[attr-defined]
    db.close()


if __name__ == "__main__":
    build(Path(sys.argv[1]))
