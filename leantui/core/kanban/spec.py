"""The kanban module's seams on the core side (see leantui/core/module_spec.py)."""

from leantui.core.module_spec import ModuleSpec

SPEC = ModuleSpec(
    id="kanban",
    title_key="app.module_kanban",
    models="leantui.core.kanban.models",
    migrations="leantui.core.kanban.migrations",
    head="kanban_0002",
    cli="leantui.cli.kanban:register",
    demo="leantui.core.kanban.demo:load",
    counts=("boards", "board_columns", "cards"),
    exports="leantui.core.kanban.exports:tables",
    exceptions="leantui.core.kanban.attention:exceptions",
)
