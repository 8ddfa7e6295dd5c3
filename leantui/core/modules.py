"""The registry of modules, core side: one line per module. The shared tables (areas,
teams, people, events, revisions) are the `SHARED` part every module builds on."""

from __future__ import annotations

from leantui.core.kanban.spec import SPEC as KANBAN
from leantui.core.module_spec import ModuleSpec

SHARED = ModuleSpec(
    id="core",
    title_key="app.title",
    models="leantui.core.db.models",
    migrations="leantui.core.db.migrations.versions",
    head="core_0002",
    counts=("areas", "teams", "people", "events"),
)

MODULES: tuple[ModuleSpec, ...] = (KANBAN,)


def schema_parts() -> tuple[ModuleSpec, ...]:
    """Every part of the schema, shared tables first."""
    return (SHARED, *MODULES)


def module(module_id: str) -> ModuleSpec:
    for spec in MODULES:
        if spec.id == module_id:
            return spec
    raise KeyError(module_id)
