"""The 5S module's seams on the core side (see leantui/core/module_spec.py)."""

from leantui.core.module_spec import ModuleSpec

SPEC = ModuleSpec(
    id="five_s",
    title_key="app.module_five_s",
    models="leantui.core.five_s.models",
    migrations="leantui.core.five_s.migrations",
    head="five_s_0001",
    cli="leantui.cli.five_s:register",
    demo="leantui.core.five_s.demo:load",
    counts=("five_s_audits", "five_s_audit_items", "five_s_red_tags"),
    exports="leantui.core.five_s.exports:tables",
    exceptions="leantui.core.five_s.attention:exceptions",
    sources=("5s_audit_item",),
    describe="leantui.core.five_s.audits:describe",
)
