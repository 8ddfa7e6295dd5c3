"""Areas, teams (班组) and their people."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, col, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Person, Team
from leantui.core.errors import NotFound, ValidationError
from leantui.core.i18n import t
from leantui.core.rows import AreaRow, TeamRow
from leantui.core.services import events, revisions, validate

Named = TypeVar("Named", AreaRow, TeamRow)


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


def people(db: Database, team_id: int | None = None) -> list[str]:
    """The names of a team's active people (of every team when None), sorted: who a
    stand-up's attendance lists, and whom owner and submitter fields offer."""
    query = select(col(Person.name)).where(col(Person.active).is_(True)).distinct()
    if team_id is not None:
        query = query.where(col(Person.team_id) == team_id)
    with db.read() as session:
        return sorted({str(name) for name in session.exec(query)})


def list_teams(db: Database) -> list[TeamRow]:
    with db.read() as session:
        return [
            TeamRow(team.id or 0, team.name, team.area_id)
            for team in session.exec(select(Team).order_by(col(Team.name))).all()
        ]


def _area(session: Session, area_id: int) -> Area:
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound("core.no_such_area", name=area_id)
    return area


def _check_area_name(session: Session, name: str, area_id: int | None = None) -> None:
    clash = session.exec(select(Area).where(Area.name == name)).first()
    if clash is not None and clash.id != area_id:
        raise ValidationError("core.area_name_taken", field="name", name=name)


def create_area(db: Database, name: str) -> AreaRow:
    name = validate.text(name, "name", required=True, limit=validate.MAX_NAME)
    with db.write() as session:
        revisions.bump(session, revisions.TEAMS)
        _check_area_name(session, name)
        area = Area(name=name)
        session.add(area)
        session.flush()
        events.record(session, "area", area.id or 0, "create", {"name": name}, area_id=area.id)
        return AreaRow(area.id or 0, area.name, area.archived)


def rename_area(db: Database, area_id: int, name: str) -> AreaRow:
    name = validate.text(name, "name", required=True, limit=validate.MAX_NAME)
    with db.write() as session:
        revisions.bump(session, revisions.TEAMS)
        area = _area(session, area_id)
        _check_area_name(session, name, area_id)
        if name != area.name:
            payload = {"from": area.name, "to": name}
            events.record(session, "area", area_id, "rename", payload, area_id=area_id)
            area.name = name
        return AreaRow(area_id, area.name, area.archived)


def set_area_archived(db: Database, area_id: int, archived: bool) -> AreaRow:
    with db.write() as session:
        revisions.bump(session, revisions.TEAMS)
        area = _area(session, area_id)
        if area.archived != archived:
            action = "archive" if archived else "restore"
            events.record(session, "area", area_id, action, area_id=area_id)
            area.archived = archived
        return AreaRow(area_id, area.name, area.archived)


def list_areas(db: Database, include_archived: bool = False) -> list[AreaRow]:
    query = select(Area).order_by(col(Area.name))
    if not include_archived:
        query = query.where(col(Area.archived).is_(False))
    with db.read() as session:
        return [AreaRow(a.id or 0, a.name, a.archived) for a in session.exec(query).all()]


def by_name_or_id(items: list[Named], wanted: str) -> Named | None:
    """The one item named `wanted` (exactly, else ignoring case), else the one whose
    number it is ("#3" or "3")."""
    wanted = wanted.strip()
    for match in (
        lambda x: x.name == wanted,
        lambda x: x.name.casefold() == wanted.casefold(),
        lambda x: x.id == validate.record_id(wanted.lstrip("#")),
    ):
        found = [x for x in items if match(x)]
        if len(found) == 1:
            return found[0]
    return None


def find_area(db: Database, name_or_id: str) -> AreaRow:
    """An area by name (ignoring case when that finds exactly one), else by id."""
    found = by_name_or_id(list_areas(db, include_archived=True), name_or_id)
    if found is None:
        raise NotFound("core.no_such_area", name=name_or_id.strip())
    return found


def find_team(db: Database, name_or_id: str) -> TeamRow:
    """A team by name (ignoring case when that finds exactly one), else by number; the
    error names the teams there are, as no command lists them."""
    teams = list_teams(db)
    found = by_name_or_id(teams, name_or_id)
    if found is None:
        if not teams:
            raise NotFound("core.no_teams", name=name_or_id.strip())
        names = t("cli.list_sep").join(team.name for team in teams)
        raise NotFound("core.no_such_team", name=name_or_id.strip(), teams=names)
    return found
