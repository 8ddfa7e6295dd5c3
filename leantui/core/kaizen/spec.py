"""The kaizen module's seams on the core side (see leantui/core/module_spec.py)."""

from leantui.core.module_spec import ModuleSpec

SPEC = ModuleSpec(
    id="kaizen",
    title_key="app.module_kaizen",
    models="leantui.core.kaizen.models",
    migrations="leantui.core.kaizen.migrations",
    head="kaizen_0001",
    cli="leantui.cli.kaizen:register",
    demo="leantui.core.kaizen.demo:load",
    counts=("kaizen_suggestions",),
    exports="leantui.core.kaizen.exports:tables",
    exceptions="leantui.core.kaizen.attention:exceptions",
    sources=("kaizen",),
    describe="leantui.core.kaizen.suggestions:describe",
)
