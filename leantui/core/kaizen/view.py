"""What the kaizen screens read in a hurry, cheap to import: on a SQLite file the list's
first page comes through sqlite3 alone (peek.py), so that the list's first frame does not
wait for SQLAlchemy (everywhere else, and for every later read, the services); the quick
capture's choices come as plain rows (db/raw.py) on either engine."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.kaizen import rules
from leantui.core.kaizen.rows import ListHead
from leantui.core.rows import AreaRow, TeamRow


def first_page(db: Database, limit: int, overdue_days: int = rules.OVERDUE_DAYS) -> ListHead:
    """The newest `limit` suggestions, the counts and the revision they were read at."""
    if db.path is not None:
        from leantui.core.kaizen import peek

        try:
            return peek.first_page(db.path, limit, overdue_days, clock.today())
        except sqlite3.Error:
            pass  # the services say what went wrong, in the user's words
    from leantui.core.kaizen import suggestions
    from leantui.core.services import revisions

    seen = revisions.current(db, [suggestions.SCOPE])[suggestions.SCOPE]
    rows = suggestions.list_suggestions(db, limit=limit, overdue_days=overdue_days)
    total = suggestions.count(db)
    overdue = suggestions.count(db, overdue=True, overdue_days=overdue_days)
    return ListHead(rows, total, overdue, seen)


def revision(db: Database) -> int:
    """The kaizen log's revision (services.revisions), as the list polls it each second:
    a plain read, so that polling never waits for SQLAlchemy's import."""
    from leantui.core.db.raw import reading
    from leantui.core.kaizen.peek import SCOPE

    with reading(db) as reader:
        found = reader.value("SELECT revision FROM revisions WHERE scope = ?", (SCOPE,))
    return 0 if found is None else int(found)


@dataclass(frozen=True)
class CaptureChoices:
    """What the quick capture offers: the teams and the areas (by name, as
    workspace.list_teams and list_areas give them) and the active people of each team
    (None: those of no team)."""

    teams: list[TeamRow]
    areas: list[AreaRow]
    people: dict[int | None, list[str]]

    def submitters(self, team_id: int | None) -> list[str]:
        """What suggestions.submitters completes from: the team's active people,
        every team's without one."""
        if team_id is not None:
            return self.people.get(team_id, [])
        return sorted({name for names in self.people.values() for name in names})

    def home_team(self, name: str) -> int | None:
        """As suggestions.home_team: the team `name` is an active person of, when
        exactly one."""
        wanted = name.strip()
        found = [
            team for team, names in self.people.items() if team is not None and wanted in names
        ]
        return found[0] if wanted and len(found) == 1 else None


def capture_choices(db: Database) -> CaptureChoices:
    """Read in one plain transaction (db/raw.py): a few milliseconds less than the
    services take, in the key press that opens the capture form."""
    from leantui.core.db.raw import reading

    with reading(db) as reader:
        teams = [
            TeamRow(int(i), str(name), None if area is None else int(area))
            for i, name, area in reader.rows("SELECT id, name, area_id FROM teams ORDER BY name")
        ]
        areas = [
            AreaRow(int(i), str(name), False)
            for i, name in reader.rows(
                "SELECT id, name FROM areas WHERE archived = ? ORDER BY name", (False,)
            )
        ]
        people: dict[int | None, set[str]] = {}
        for team, name in reader.rows("SELECT team_id, name FROM people WHERE active = ?", (True,)):
            people.setdefault(None if team is None else int(team), set()).add(str(name))
    return CaptureChoices(teams, areas, {team: sorted(names) for team, names in people.items()})
