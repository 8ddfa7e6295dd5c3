"""The registry of modules, core side: one line per module. The shared tables (areas,
teams, people, events, revisions) are the `SHARED` part every module builds on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leantui.core.five_s.spec import SPEC as FIVE_S
from leantui.core.kaizen.spec import SPEC as KAIZEN
from leantui.core.kanban.spec import SPEC as KANBAN
from leantui.core.module_spec import ModuleSpec
from leantui.core.pdca.spec import SPEC as PDCA
from leantui.core.standup.spec import SPEC as STANDUP

if TYPE_CHECKING:
    from leantui.core.db.engine import Database

SHARED = ModuleSpec(
    id="core",
    title_key="app.title",
    models="leantui.core.db.models",
    migrations="leantui.core.db.migrations.versions",
    head="core_0004",
    counts=("areas", "teams", "people", "events"),
    exports="leantui.core.metrics.exports:tables",
)

MODULES: tuple[ModuleSpec, ...] = (KANBAN, FIVE_S, PDCA, KAIZEN, STANDUP)


def schema_parts() -> tuple[ModuleSpec, ...]:
    """Every part of the schema, shared tables first."""
    return (SHARED, *MODULES)


def module(module_id: str) -> ModuleSpec:
    for spec in MODULES:
        if spec.id == module_id:
            return spec
    raise KeyError(module_id)


def describe_source(db: Database, source_type: str, source_id: int) -> str | None:
    """What a card's source link points at, in words ("5S audit #12 · …"), from the
    module that owns that kind of record; None when none does or it is gone."""
    for spec in MODULES:
        found = spec.describe_source(db, source_type, source_id)
        if found is not None:
            return found
    return None
