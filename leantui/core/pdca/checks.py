"""Check: dated measurements of the cycle's metric. Each one is an event; "target
met?" and the change against the baseline are computed from them (rules.py)."""

from __future__ import annotations

from datetime import date

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.errors import NotFound, ValidationError
from leantui.core.pdca import cycles
from leantui.core.pdca.models import Measurement
from leantui.core.pdca.rows import CycleChange
from leantui.core.services import validate


def measure(
    db: Database,
    cycle_id: int,
    value: str | float,
    *,
    on: str | date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> CycleChange:
    """Record the metric's value on a date (today by default) for an open cycle, in any
    phase (a baseline check in Plan, effects in Do, Check). Refused: not a number, a date
    before the cycle's start or after today."""
    number = cycles.number(value, "value")
    if number is None:
        raise ValidationError("core.v_required", field="value")
    measured_on = validate.optional_date(on, "date") or clock.today()
    note = cycles.clean(note, "note", limit=validate.MAX_REASON)
    with db.write() as session:
        cycle, revision = cycles.lock(session, cycle_id, expected_version)
        cycles.require_open(cycle)
        if measured_on < cycle.start:
            raise ValidationError(
                "pdca.v_measured_before_start",
                field="date",
                date=measured_on.isoformat(),
                start=cycle.start.isoformat(),
            )
        if measured_on > clock.today():
            raise ValidationError(
                "pdca.v_measured_in_future", field="date", date=measured_on.isoformat()
            )
        found = Measurement(cycle_id=cycle_id, measured_on=measured_on, value=number, note=note)
        session.add(found)
        session.flush()
        payload = {"measurement": found.id, "date": measured_on, "value": number, "note": note}
        cycles.record(session, cycle, "measure", payload)
        return cycles.changed(session, cycle, revision, "measure", payload)


def remove_measurement(
    db: Database, measurement_id: int, *, expected_version: int | None = None
) -> CycleChange:
    """Take back a measurement typed by mistake (the event log keeps it), while the
    cycle is open."""
    with db.write() as session:
        found = session.get(Measurement, measurement_id)
        if found is None:
            raise NotFound("pdca.no_such_measurement", id=measurement_id)
        cycle, revision = cycles.lock(session, found.cycle_id, expected_version)
        cycles.require_open(cycle)
        payload = {
            "measurement": measurement_id,
            "date": found.measured_on,
            "value": found.value,
            "note": found.note,
        }
        session.delete(found)
        cycles.record(session, cycle, "unmeasure", payload)
        return cycles.changed(session, cycle, revision, "unmeasure", payload)
