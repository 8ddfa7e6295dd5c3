"""Areas, teams (班组) and their people."""

from __future__ import annotations

from sqlmodel import Session, col, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Person, Team
from leantui.core.errors import ValidationError
from leantui.core.rows import TeamRow
from leantui.core.services import events, revisions, validate


def _get_or_create_area(session: Session, name: str) -> Area:
    area = session.exec(select(Area).where(Area.name == name)).first()
    if area is None:
        area = Area(name=name)
        session.add(area)
        session.flush()
        events.record(session, "area", area.id or 0, "create", {"name": name}, area_id=area.id)
    return area


def create_team(
    db: Database, name: str, area: str = "", people: list[str] | None = None
) -> TeamRow:
    name = validate.text(name, "name", required=True, limit=validate.MAX_NAME)
    area = validate.text(area, "area", limit=validate.MAX_NAME)
    people = [
        validate.text(p, "person", required=True, limit=validate.MAX_NAME) for p in people or []
    ]
    with db.write() as session:
        revisions.bump(session, revisions.TEAMS)
        if session.exec(select(Team).where(Team.name == name)).first() is not None:
            raise ValidationError("core.team_name_taken", field="name", name=name)
        area_id = _get_or_create_area(session, area).id if area else None
        team = Team(name=name, area_id=area_id)
        session.add(team)
        session.flush()
        team_id = team.id or 0
        events.record(
            session,
            "team",
            team_id,
            "create",
            {"name": name, "area": area},
            team_id=team_id,
            area_id=area_id,
        )
        for person in people or []:
            session.add(Person(name=person, team_id=team_id))
        return TeamRow(team_id, name, area_id)


def list_teams(db: Database) -> list[TeamRow]:
    with db.read() as session:
        return [
            TeamRow(team.id or 0, team.name, team.area_id)
            for team in session.exec(select(Team).order_by(col(Team.name))).all()
        ]
