"""Hostile stored text in every module's tables (as an older leantui or another program
could have written it) never reaches a terminal raw from the 5S, PDCA and kaizen
commands; --json keeps it exact and escaped. (Issue 7.9, held for later modules.)
Both engines."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text
from test_hostile_input import assert_safe, run_cli
from test_migrations import raw_engine

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import load_demo

pytestmark = pytest.mark.both_engines

# The month of yesterday: the demo's safety cross ends then.
LAST_DEMO_MONTH = (clock.today() - timedelta(days=1)).strftime("%Y-%m")
POISON = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"

# Every free-text column a user can fill, per table.
FREE_TEXT = {
    "areas": ("name",),
    "teams": ("name",),
    "people": ("name",),
    "five_s_areas": ("owner",),
    "five_s_audits": ("auditor",),
    "five_s_audit_items": ("comment",),
    "five_s_red_tags": ("item", "location", "reason", "tagged_by", "decided_by", "note"),
    "pdca_cycles": (
        "title",
        "problem",
        "metric",
        "unit",
        "owner",
        "current_state",
        "root_cause",
        "standard",
        "standard_where",
        "abandon_reason",
    ),
    "pdca_whys": ("why", "because"),
    "pdca_countermeasures": ("text", "owner"),
    "pdca_measurements": ("note",),
    "kaizen_suggestions": ("title", "submitter", "problem", "proposal", "benefit", "reviewer"),
    "standups": ("led_by",),
    "standup_stops": ("title", "why", "note"),
    "standup_attendance": ("name",),
    "escalations": ("note", "raised_by", "cleared_by"),
    "safety_days": ("note",),
}


@pytest.fixture
def poisoned(db: Database, target: str) -> dict[str, int]:
    load_demo(db)
    raw = raw_engine(target)
    ids: dict[str, int] = {}
    with raw.begin() as conn:
        for table, columns in FREE_TEXT.items():
            sets = ", ".join(f"{c} = :p || {c}" for c in columns)
            conn.execute(text(f"UPDATE {table} SET {sets}"), {"p": POISON})
        for table in ("five_s_audits", "pdca_cycles", "kaizen_suggestions", "standups"):
            ids[table] = conn.execute(text(f"SELECT min(id) FROM {table}")).scalar_one()
    raw.dispose()
    return ids


def test_module_commands_neutralise_stored_text(target: str, poisoned: dict[str, int]) -> None:
    audit, cycle, idea, standup = (
        str(poisoned[t]) for t in ("five_s_audits", "pdca_cycles", "kaizen_suggestions", "standups")
    )
    for args in (
        ["area", "list"],
        ["audit", "list"],
        ["audit", "show", audit],
        ["redtag", "list"],
        ["pdca", "list"],
        ["pdca", "show", cycle],
        ["pdca", "show", cycle, "--a3"],
        ["kaizen", "list"],
        ["kaizen", "show", idea],
        ["kaizen", "stats"],
        ["standup", "list"],
        ["standup", "show", standup],
        ["safety", "show", "--team", "1", "--month", LAST_DEMO_MONTH],
        ["info"],
    ):
        result = run_cli("--db", target, *args)
        assert result.exit_code == 0, (args, result.output)
        assert_safe(result.output)
        if args not in (["info"], ["kaizen", "stats"]):  # these show no stored text
            assert "␛" in result.output, (args, result.output)


def test_module_json_stays_exact_and_safe(target: str, poisoned: dict[str, int]) -> None:
    for args in (
        ["audit", "show", str(poisoned["five_s_audits"]), "--json"],
        ["pdca", "show", str(poisoned["pdca_cycles"]), "--json"],
        ["kaizen", "list", "--json"],
        ["standup", "show", str(poisoned["standups"]), "--json"],
        ["safety", "show", "--team", "1", "--month", LAST_DEMO_MONTH, "--json"],
    ):
        result = run_cli("--db", target, *args)
        assert result.exit_code == 0, (args, result.output)
        assert_safe(result.stdout)
        assert any(POISON in value for value in strings(json.loads(result.stdout))), args


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for item in data for s in strings(item)] if isinstance(data, list) else []
