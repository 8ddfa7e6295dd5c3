"""Areas, teams (班组) and their people."""

from __future__ import annotations

from sqlmodel import Session, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Person, Team
from leantui.core.services import events, validate


def _get_or_create_area(session: Session, name: str) -> Area:
    area = session.exec(select(Area).where(Area.name == name)).first()
    if area is None:
        area = Area(name=name)
        session.add(area)
        session.flush()
        events.record(session, "area", area.id or 0, "create", {"name": name})
    return area


def create_team(db: Database, name: str, area: str = "", people: list[str] | None = None) -> Team:
    name = validate.text(name, "name", required=True, limit=validate.MAX_NAME)
    with db.write() as session:
        area_id = _get_or_create_area(session, area).id if area.strip() else None
        team = Team(name=name, area_id=area_id)
        session.add(team)
        session.flush()
        events.record(session, "team", team.id or 0, "create", {"name": name, "area": area})
        for person in people or []:
            session.add(Person(name=person, team_id=team.id))
        return team


def list_teams(db: Database) -> list[Team]:
    with db.read() as session:
        return list(session.exec(select(Team).order_by(Team.name)).all())
