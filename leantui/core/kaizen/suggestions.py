"""Suggestions: captured in one call, moved through the review workflow (submitted →
under review → adopted / rejected → implemented), edited, followed up by a kanban card
(or a PDCA cycle), listed with filters and read in full with their history.

Every write bumps the kaizen scope's revision first (on PostgreSQL that makes writers take
turns, so a suggestion is read as the last writer left it), checks everything, then
writes the change and its event in one transaction: a refused input saves nothing. Every
UPDATE is also conditional on the version it read (models.Suggestion)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Person, Team
from leantui.core.errors import Conflict, NotFound, ValidationError
from leantui.core.i18n import t
from leantui.core.kaizen import rules
from leantui.core.kaizen.models import Suggestion
from leantui.core.kaizen.rows import CardLink, CycleLink, SuggestionDetail, SuggestionRow
from leantui.core.services import events, revisions, validate, workspace

SOURCE_TYPE = "kaizen"  # a follow-up card's source_type
ENTITY = "suggestion"  # the events' entity_type
SCOPE = "kaizen"  # the revision scope of every suggestion: what a kaizen screen polls
# The events that change a suggestion's status (the export's "status changes").
STATUS_ACTIONS = ("submit", "review", "adopt", "reject", "implement")
EDITABLE = (
    "title",
    "problem",
    "proposal",
    "benefit",
    "category",
    "area_id",
    "estimated_saving",
    "actual_saving",
    "reviewer",
    "implement_by",
)
SORTS = rules.SORTS
_NULLABLE = ("decided", "team", "area", "saving", "actual")  # sorts that may hit NULLs
_FIELDS = tuple(f.name for f in fields(SuggestionRow))


# --- inside a unit of work -------------------------------------------------------------------


def _tables() -> tuple[Any, Any, Any]:
    return (
        Suggestion.__table__,  # type: ignore[attr-defined]
        Team.__table__,  # type: ignore[attr-defined]
        Area.__table__,  # type: ignore[attr-defined]
    )


def _query() -> Any:
    """Every field of a SuggestionRow in its order, the team's and area's names joined
    in: a row of the result is the dataclass's arguments."""
    s, tm, ar = _tables()
    named = {
        "team": func.coalesce(tm.c.name, "").label("team"),
        "area": func.coalesce(ar.c.name, "").label("area"),
    }
    return select(*(named[name] if name in named else s.c[name] for name in _FIELDS)).select_from(
        s.outerjoin(tm, tm.c.id == s.c.team_id).outerjoin(ar, ar.c.id == s.c.area_id)
    )


def _read(session: Session, suggestion_id: int) -> SuggestionRow:
    s = _tables()[0]
    found = session.execute(_query().where(s.c.id == suggestion_id)).first()
    if found is None:
        raise NotFound("kaizen.no_such_suggestion", id=suggestion_id)
    return SuggestionRow(*found)


def _lock(session: Session, suggestion_id: int, expected_version: int | None) -> Suggestion:
    """The suggestion, read after the scope's revision was bumped."""
    revisions.bump(session, SCOPE)
    found = session.get(Suggestion, suggestion_id, populate_existing=True)
    if found is None:
        raise NotFound("kaizen.no_such_suggestion", id=suggestion_id)
    if expected_version is not None and found.version != expected_version:
        raise Conflict("kaizen.conflict", id=suggestion_id)
    return found


def _record(session: Session, found: Suggestion, action: str, payload: dict[str, Any]) -> None:
    events.record(
        session,
        ENTITY,
        found.id or 0,
        action,
        payload,
        team_id=found.team_id,
        area_id=found.area_id,
    )


def _move(
    session: Session, found: Suggestion, target: str, action: str, payload: dict[str, Any]
) -> None:
    rules.check_move(found.id or 0, found.status, target)
    _record(session, found, action, {"from": found.status, "to": target, **payload})
    found.status = target


def _live_area(session: Session, area_id: int) -> Area:
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound("core.no_such_area", name=area_id)
    if area.archived:
        raise ValidationError("kaizen.area_archived", field="area", name=area.name)
    return area


def _team_of(session: Session, submitter: str, area_id: int | None) -> int | None:
    """The team a suggestion belongs to when none was given: the submitter's (an active
    person of exactly one team), else the area's (when one team works there)."""
    p = Person.__table__.c  # type: ignore[attr-defined]
    teams = {
        row[0]
        for row in session.execute(
            select(p.team_id).where(p.name == submitter, p.active.is_(True), p.team_id.is_not(None))
        )
    }
    if len(teams) == 1:
        return teams.pop()
    if area_id is not None:
        tm = Team.__table__.c  # type: ignore[attr-defined]
        found = [row[0] for row in session.execute(select(tm.id).where(tm.area_id == area_id))]
        if len(found) == 1:
            return int(found[0])
    return None


def _add_person(session: Session, team_id: int | None, name: str) -> None:
    """Make `name` an active person of the team (added, or back when they had left)."""
    if team_id is None:
        raise ValidationError("kaizen.person_needs_team", field="team", name=name)
    revisions.bump(session, revisions.TEAMS)
    found = session.execute(
        select(Person).where(col(Person.team_id) == team_id, col(Person.name) == name)
    ).scalars()
    people = list(found)
    if any(person.active for person in people):
        return
    if people:
        people[0].active = True
        action = "rejoin"
    else:
        person = Person(name=name, team_id=team_id)
        session.add(person)
        session.flush()
        people = [person]
        action = "create"
    payload = {"name": name, "by": "kaizen"}
    events.record(session, "person", people[0].id or 0, action, payload, team_id=team_id)


# --- capture ---------------------------------------------------------------------------------


def capture(
    db: Database,
    title: str,
    problem: str,
    proposal: str,
    area_id: int | None,
    submitter: str,
    *,
    team_id: int | None = None,
    category: str = "",
    benefit: str = "",
    estimated_saving: str | int | float | Decimal | None = None,
    currency: str = rules.CURRENCY,
    add_person: bool = False,
) -> SuggestionRow:
    """A new suggestion, status "submitted": the quick-capture form in one call. Without
    a team, the submitter's team is taken (else the area's); without an area, the
    team's. `add_person` makes a submitter the team does not know yet one of its people,
    in the same transaction."""
    title = validate.text(title, "title", required=True, limit=validate.MAX_TITLE)
    submitter = validate.text(submitter, "submitter", required=True, limit=validate.MAX_NAME)
    problem = validate.text(problem, "problem", multiline=True)
    proposal = validate.text(proposal, "proposal", multiline=True)
    benefit = validate.text(benefit, "benefit", multiline=True)
    category = _category(category)
    saving = rules.parse_saving(estimated_saving, "estimated_saving")
    currency = _currency(currency)
    with db.write() as session:
        revisions.bump(session, SCOPE)
        if team_id is not None and session.get(Team, team_id) is None:
            raise NotFound("kaizen.no_such_team", name=team_id)
        if area_id is not None:
            _live_area(session, area_id)
        if team_id is None:
            team_id = _team_of(session, submitter, area_id)
        if area_id is None and team_id is not None:
            team = session.get(Team, team_id)
            area_id = team.area_id if team else None
        if add_person:
            _add_person(session, team_id, submitter)
        found = Suggestion(
            title=title,
            submitter=submitter,
            team_id=team_id,
            area_id=area_id,
            category=category,
            problem=problem,
            proposal=proposal,
            benefit=benefit,
            estimated_saving=saving,
            currency=currency,
        )
        session.add(found)
        session.flush()
        payload = {"to": "submitted", "title": title, "submitter": submitter, "category": category}
        if saving is not None:
            payload["estimated_saving"] = str(saving)
        _record(session, found, "submit", payload)
        return _read(session, found.id or 0)


def _category(value: str | None) -> str:
    cleaned = (value or "").strip().lower()
    return validate.choice(cleaned, "category", rules.CATEGORIES) if cleaned else ""


def _reviewer(value: str | None) -> str | None:
    return None if value is None else validate.text(value, "reviewer", limit=validate.MAX_NAME)


def _currency(value: str) -> str:
    return validate.text(value, "currency", required=True, limit=8).upper()


# --- the workflow ----------------------------------------------------------------------------


def review(
    db: Database,
    suggestion_id: int,
    reviewer: str | None = None,
    expected_version: int | None = None,
) -> SuggestionRow:
    """Submitted → under review; `reviewer` says who looks at it."""
    name = _reviewer(reviewer)
    with db.write() as session:
        found = _lock(session, suggestion_id, expected_version)
        payload = {"reviewer": name} if name else {}
        _move(session, found, "under_review", "review", payload)
        if name:
            found.reviewer = name
        session.flush()
        return _read(session, suggestion_id)


def decide(
    db: Database,
    suggestion_id: int,
    decision: str,
    reason: str = "",
    reviewer: str | None = None,
    implement_by: str | date | None = None,
    expected_version: int | None = None,
) -> SuggestionRow:
    """Adopt or reject a suggestion waiting for a decision. A rejection needs a reason
    (the submitter hears why); an adoption may say when it is to be implemented by. A
    suggestion decided already is refused, whatever the decision."""
    decision = validate.choice((decision or "").strip().lower(), "decision", tuple(rules.DECISIONS))
    target = rules.DECISIONS[decision]
    reason = validate.text(reason, "reason", limit=validate.MAX_REASON)
    if target == "rejected" and not reason:
        raise ValidationError("kaizen.reason_required", field="reason")
    name = _reviewer(reviewer)
    by = validate.optional_date(implement_by, "implement_by")
    if by is not None and target == "rejected":
        by = None
    with db.write() as session:
        found = _lock(session, suggestion_id, expected_version)
        rules.check_move(suggestion_id, found.status, target)
        if by is not None:
            rules.check_implement_by(by, found.submitted_at)
        payload: dict[str, Any] = {"reason": reason} if reason else {}
        if name:
            payload["reviewer"] = name
        if by is not None:
            payload["implement_by"] = by
        _move(session, found, target, decision, payload)
        found.decided_at = clock.now()
        found.reason = reason
        if name:
            found.reviewer = name
        if by is not None:
            found.implement_by = by
        session.flush()
        return _read(session, suggestion_id)


def implement(
    db: Database,
    suggestion_id: int,
    implemented_on: str | date | None = None,
    actual_saving: str | int | float | Decimal | None = None,
    expected_version: int | None = None,
) -> SuggestionRow:
    """Adopted → implemented, on a date (default today; not before the submission, not
    in the future) with the actual savings, if known."""
    day = validate.optional_date(implemented_on, "implemented_on") or clock.today()
    saving = rules.parse_saving(actual_saving, "actual_saving")
    with db.write() as session:
        found = _lock(session, suggestion_id, expected_version)
        rules.check_move(suggestion_id, found.status, "implemented")
        rules.check_implemented_on(day, found.submitted_at, clock.today())
        payload: dict[str, Any] = {"implemented_on": day}
        if saving is not None:
            payload["actual_saving"] = str(saving)
        _move(session, found, "implemented", "implement", payload)
        found.implemented_on = day
        if saving is not None:
            found.actual_saving = saving
        session.flush()
        return _read(session, suggestion_id)


def edit(
    db: Database, suggestion_id: int, expected_version: int | None = None, **changes: Any
) -> SuggestionRow:
    """Change the given fields (EDITABLE), checked as capture checks them. The actual
    savings belong to an implemented suggestion; an implementation target to an adopted
    one."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            cleaned[name] = validate.text(value, name, required=True, limit=validate.MAX_TITLE)
        elif name in ("problem", "proposal", "benefit"):
            cleaned[name] = validate.text(value, name, multiline=True)
        elif name == "reviewer":
            cleaned[name] = validate.text(value, name, limit=validate.MAX_NAME)
        elif name == "category":
            cleaned[name] = _category(value)
        elif name in ("estimated_saving", "actual_saving"):
            cleaned[name] = rules.parse_saving(value, name)
        elif name == "implement_by":
            cleaned[name] = validate.optional_date(value, name)
        elif name == "area_id":
            cleaned[name] = validate.optional_count(value, "area_id")
    with db.write() as session:
        found = _lock(session, suggestion_id, expected_version)
        if cleaned.get("area_id") is not None and cleaned["area_id"] != found.area_id:
            _live_area(session, cleaned["area_id"])
        if cleaned.get("actual_saving") is not None and found.status != "implemented":
            raise ValidationError("kaizen.actual_needs_implementation", field="actual_saving")
        if cleaned.get("implement_by") is not None:
            rules.check_implement_by(cleaned["implement_by"], found.submitted_at)
        diff = {
            name: [getattr(found, name), value]
            for name, value in cleaned.items()
            if getattr(found, name) != value
        }
        if diff:
            _record(session, found, "edit", diff)
            for name, (_old, new) in diff.items():
                setattr(found, name, new)
            session.flush()
        return _read(session, suggestion_id)


# --- follow-ups --------------------------------------------------------------------------------


def _follow_up_allowed(found: Suggestion) -> None:
    if found.status not in rules.ADOPTED:
        raise ValidationError(
            "kaizen.follow_up_needs_adoption",
            field="status",
            id=found.id,
            status=t(f"kaizen.status_{found.status}"),
        )


def create_card(
    db: Database,
    suggestion_id: int,
    board_id: int,
    owner: str | None = None,
    due: str | date | None = None,
    override_reason: str | None = None,
) -> SuggestionRow:
    """A card for an adopted suggestion on `board_id` (its first column), linked both
    ways: the card's source is the suggestion, the suggestion keeps the card. Owner and
    due date default to the submitter and the implementation target."""
    from leantui.core.kanban import cards

    due_date = validate.optional_date(due, "due")
    with db.write() as session:
        found = _lock(session, suggestion_id, None)
        _follow_up_allowed(found)
        if found.card_id is not None:
            raise ValidationError(
                "kaizen.has_card", field="card_id", id=suggestion_id, card=found.card_id
            )
        description = t(
            "kaizen.card_description",
            id=suggestion_id,
            submitter=found.submitter,
            problem=found.problem or "—",
            proposal=found.proposal or "—",
        )
        change = cards.add_card(
            db,
            board_id,
            found.title,
            override_reason=override_reason,
            description=description,
            owner=found.submitter if owner is None else owner,
            due=due_date or found.implement_by,
            source_type=SOURCE_TYPE,
            source_id=suggestion_id,
            tags=t("kaizen.card_tag"),
        )
        found.card_id = change.card_id
        _record(session, found, "card", {"card_id": change.card_id, "board_id": board_id})
        session.flush()
        return _read(session, suggestion_id)


def _cycle_exists(session: Session, cycle_id: int) -> None:
    from leantui.core.pdca.models import Cycle

    if session.get(Cycle, cycle_id) is None:
        raise NotFound("pdca.no_such_cycle", id=cycle_id)


def _link(session: Session, found: Suggestion, cycle_id: int | None, **extra: Any) -> None:
    if found.follow_up_cycle_id != cycle_id:
        payload = {"from": found.follow_up_cycle_id, "cycle_id": cycle_id, **extra}
        _record(session, found, "cycle", payload)
        found.follow_up_cycle_id = cycle_id
        session.flush()


def link_cycle(
    db: Database, suggestion_id: int, cycle_id: int | None, expected_version: int | None = None
) -> SuggestionRow:
    """Link an adopted suggestion to its follow-up PDCA cycle (None unlinks); the cycle
    must exist. The cycle's side of the link is `of_cycle`."""
    number = validate.optional_count(cycle_id, "follow_up_cycle_id")
    if number == 0:
        raise ValidationError("core.v_not_positive", field="follow_up_cycle_id")
    with db.write() as session:
        found = _lock(session, suggestion_id, expected_version)
        if number is not None:
            _follow_up_allowed(found)
            _cycle_exists(session, number)
        _link(session, found, number)
        return _read(session, suggestion_id)


def create_cycle(
    db: Database,
    suggestion_id: int,
    owner: str | None = None,
    due: str | date | None = None,
    expected_version: int | None = None,
) -> SuggestionRow:
    """A PDCA cycle (in Plan) for an adopted suggestion, linked both ways in one
    transaction: its title, problem statement, team and area are the suggestion's (the
    proposal goes into the problem statement as the idea to try), the suggestion keeps
    the cycle (`follow_up_cycle_id`), and `of_cycle` finds the suggestion from the
    cycle. Owner defaults to the reviewer, else the submitter; the due date to the
    implementation target, else CYCLE_DAYS from today."""
    from leantui.core.pdca import cycles

    with db.write() as session:
        found = _lock(session, suggestion_id, expected_version)
        _follow_up_allowed(found)
        if found.follow_up_cycle_id is not None:
            raise ValidationError(
                "kaizen.has_cycle",
                field="follow_up_cycle_id",
                id=suggestion_id,
                cycle=found.follow_up_cycle_id,
            )
        problem = found.problem
        if found.proposal:
            idea = t("kaizen.cycle_proposal", id=suggestion_id, proposal=found.proposal)
            problem = f"{problem}\n\n{idea}" if problem else idea
        default_due = found.implement_by or clock.today() + timedelta(days=rules.CYCLE_DAYS)
        change = cycles.create_cycle(
            db,
            found.title,
            (found.reviewer or found.submitter) if owner is None else owner,
            default_due if due is None or due == "" else due,
            problem=problem,
            team_id=found.team_id,
            area_id=found.area_id,
        )
        _link(session, found, change.view.row.id, created=True)
        return _read(session, suggestion_id)


def of_cycle(db: Database, cycle_id: int) -> SuggestionRow | None:
    """The suggestion a PDCA cycle follows up, if any: the cycle's side of the link."""
    s = _tables()[0]
    query = _query().where(s.c.follow_up_cycle_id == cycle_id).order_by(s.c.id).limit(1)
    with db.read() as session:
        found = session.execute(query).first()
    return SuggestionRow(*found) if found is not None else None


# --- reading -----------------------------------------------------------------------------------


def get(db: Database, suggestion_id: int) -> SuggestionRow:
    with db.read() as session:
        return _read(session, suggestion_id)


def detail(db: Database, suggestion_id: int) -> SuggestionDetail:
    """Every field, the whole history (newest first) and the follow-up card and PDCA
    cycle as they stand."""
    row = get(db, suggestion_id)
    history = events.history(db, ENTITY, suggestion_id)
    return SuggestionDetail(
        row, history, _card_link(db, row.card_id), _cycle_link(db, row.follow_up_cycle_id)
    )


def _cycle_link(db: Database, cycle_id: int | None) -> CycleLink | None:
    from leantui.core.pdca.models import Cycle

    if cycle_id is None:
        return None
    c = Cycle.__table__.c  # type: ignore[attr-defined]
    with db.read() as session:
        found = session.execute(select(c.title, c.phase, c.status).where(c.id == cycle_id)).first()
    if found is None:
        return CycleLink(cycle_id, "", "", "gone")
    return CycleLink(cycle_id, *found)


def _card_link(db: Database, card_id: int | None) -> CardLink | None:
    from leantui.core.kanban.models import Board, BoardColumn, Card

    if card_id is None:
        return None
    c = Card.__table__.c  # type: ignore[attr-defined]
    k = BoardColumn.__table__.c  # type: ignore[attr-defined]
    b = Board.__table__.c  # type: ignore[attr-defined]
    query = (
        select(c.title, c.board_id, b.name, k.name, k.kind, c.archived_at)
        .join(BoardColumn.__table__, k.id == c.column_id)  # type: ignore[attr-defined]
        .join(Board.__table__, b.id == c.board_id)  # type: ignore[attr-defined]
        .where(c.id == card_id)
    )
    with db.read() as session:
        found = session.execute(query).first()
    if found is None:
        return CardLink(card_id, "", None, "", "", "gone")
    title, board_id, board, column, kind, archived = found
    state = "archived" if archived is not None else "done" if kind == "done" else "open"
    return CardLink(card_id, title, board_id, board, column, state)


def _filtered(
    query: Any,
    *,
    status: str | Sequence[str] | None,
    team_id: int | None,
    area_id: int | None,
    category: str | None,
    submitter: str | None,
    month: str | None,
    overdue: bool,
    overdue_days: int,
) -> Any:
    s = _tables()[0]
    if status:
        wanted = [status] if isinstance(status, str) else list(status)
        for one in wanted:
            validate.choice(one, "status", rules.STATUSES)
        query = query.where(s.c.status.in_(wanted))
    if team_id is not None:
        query = query.where(s.c.team_id == team_id)
    if area_id is not None:
        query = query.where(s.c.area_id == area_id)
    if category:
        query = query.where(s.c.category == _category(category))
    if submitter:
        query = query.where(s.c.submitter == submitter.strip())
    if month:
        first = rules.parse_month(month)
        query = query.where(
            s.c.submitted_at >= rules.month_start(first),
            s.c.submitted_at < rules.month_start(rules.next_month(first)),
        )
    if overdue:
        cutoff = rules.overdue_cutoff(clock.today(), overdue_days)
        query = query.where(s.c.status.in_(rules.WAITING), s.c.submitted_at < cutoff)
    return query


def _order(sort: str, descending: bool) -> list[Any]:
    s, tm, ar = _tables()
    validate.choice(sort, "sort", SORTS)
    key: Any = {
        "submitted": s.c.submitted_at,
        "decided": s.c.decided_at,
        "status": case(
            {name: index for index, name in enumerate(rules.STATUSES)}, value=s.c.status
        ),
        "title": s.c.title,
        "submitter": s.c.submitter,
        "team": tm.c.name,
        "area": ar.c.name,
        "category": s.c.category,
        "saving": s.c.estimated_saving,
        "actual": s.c.actual_saving,
        "id": s.c.id,
    }[sort]
    first = key.desc() if descending else key.asc()
    if sort in _NULLABLE:  # the empty ones last either way (an index serves the others)
        first = first.nulls_last()
    return [first, s.c.id.desc() if descending else s.c.id.asc()]


def list_suggestions(
    db: Database,
    *,
    status: str | Sequence[str] | None = None,
    team_id: int | None = None,
    area_id: int | None = None,
    category: str | None = None,
    submitter: str | None = None,
    month: str | None = None,
    overdue: bool = False,
    overdue_days: int = rules.OVERDUE_DAYS,
    sort: str = "submitted",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[SuggestionRow]:
    """Suggestions matching every filter given (`month` is "YYYY-MM" of submission,
    local time; `overdue` keeps those waiting for a decision longer than
    `overdue_days`), sorted by one of SORTS, the newest first by default; a page of
    them with `limit` and `offset`. One select, the names joined in."""
    query = _filtered(
        _query(),
        status=status,
        team_id=team_id,
        area_id=area_id,
        category=category,
        submitter=submitter,
        month=month,
        overdue=overdue,
        overdue_days=overdue_days,
    ).order_by(*_order(sort, descending))
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    with db.read() as session:
        return [SuggestionRow(*row) for row in session.execute(query)]


def count(
    db: Database,
    *,
    status: str | Sequence[str] | None = None,
    team_id: int | None = None,
    area_id: int | None = None,
    category: str | None = None,
    submitter: str | None = None,
    month: str | None = None,
    overdue: bool = False,
    overdue_days: int = rules.OVERDUE_DAYS,
) -> int:
    """How many suggestions `list_suggestions` would give with the same filters."""
    s = _tables()[0]
    query = _filtered(
        select(func.count()).select_from(s),
        status=status,
        team_id=team_id,
        area_id=area_id,
        category=category,
        submitter=submitter,
        month=month,
        overdue=overdue,
        overdue_days=overdue_days,
    )
    with db.read() as session:
        return int(session.execute(query).scalar_one())


# --- people and teams ------------------------------------------------------------------------


def submitters(db: Database, team_id: int | None = None, prefix: str = "") -> list[str]:
    """The names the submitter field completes from: the team's active people (every
    team's without one), those starting with `prefix` (ignoring case) first, then those
    containing it."""
    names = workspace.people(db, team_id)
    wanted = prefix.strip().casefold()
    if not wanted:
        return names
    starts = [n for n in names if n.casefold().startswith(wanted)]
    contains = [n for n in names if wanted in n.casefold() and n not in starts]
    return starts + contains


def home_team(db: Database, name: str) -> int | None:
    """The team `name` belongs to, when they are an active person of exactly one: where
    a form opened by them starts."""
    if not name.strip():
        return None
    with db.read() as session:
        return _team_of(session, name.strip(), None)


def describe(db: Database, source_type: str, source_id: int) -> str | None:
    """A follow-up card's source: "Kaizen #12 · <title> (submitted by 王伟)"."""
    with db.read() as session:
        found = session.get(Suggestion, source_id)
        if found is None:
            return None
        return t("kaizen.source", id=source_id, title=found.title, submitter=found.submitter)
