"""The PDCA module's seams on the core side (see leantui/core/module_spec.py)."""

from leantui.core.module_spec import ModuleSpec

SPEC = ModuleSpec(
    id="pdca",
    title_key="app.module_pdca",
    models="leantui.core.pdca.models",
    migrations="leantui.core.pdca.migrations",
    head="pdca_0001",
    cli="leantui.cli.pdca:register",
    demo="leantui.core.pdca.demo:load",
    counts=("pdca_cycles", "pdca_whys", "pdca_countermeasures", "pdca_measurements"),
    exports="leantui.core.pdca.exports:tables",
    exceptions="leantui.core.pdca.attention:exceptions",
    sources=("pdca",),
    describe="leantui.core.pdca.cycles:describe",
)
