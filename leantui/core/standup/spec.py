"""The stand-up's seams on the core side (see leantui/core/module_spec.py). It is the
last module of the registry: its agenda walks every module before it."""

from leantui.core.module_spec import ModuleSpec

SPEC = ModuleSpec(
    id="standup",
    title_key="app.module_standup",
    models="leantui.core.standup.models",
    migrations="leantui.core.standup.migrations",
    head="standup_0001",
    cli="leantui.cli.standup:register",
    demo="leantui.core.standup.demo:load",
    counts=("standups", "standup_stops", "escalations", "safety_days"),
    exports="leantui.core.standup.exports:tables",
    exceptions="leantui.core.standup.attention:exceptions",
    sources=("standup_stop",),
    describe="leantui.core.standup.services:describe",
)
