"""The module contract: every registered module's seams resolve, on the core side (its
tables, Alembic branch, CLI group, demo, counts, exports and stand-up exceptions) and on
the TUI side (its screen, palette commands, key), and nothing is wired anywhere else."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from sqlmodel import SQLModel

from leantui.cli.main import build_app
from leantui.core.db.engine import Database
from leantui.core.demo import load_demo
from leantui.core.hooks import Attention, ExportTable, Scope
from leantui.core.i18n import catalog
from leantui.core.module_spec import ModuleSpec
from leantui.core.modules import MODULES, schema_parts
from leantui.core.services import info
from leantui.tui.modules import MODULES as TUI_MODULES

pytestmark = pytest.mark.both_engines


@pytest.mark.parametrize("spec", MODULES, ids=lambda spec: spec.id)
def test_core_side_seams_resolve(spec: ModuleSpec, db: Database) -> None:
    spec.load(spec.models)
    for table in spec.counts:
        assert table in SQLModel.metadata.tables, table
    assert spec.migrations_dir().is_dir()
    assert (spec.migrations_dir() / "__init__.py").exists()
    assert any(spec.head in p.read_text() for p in spec.migrations_dir().glob("*.py"))
    for language in ("en", "zh_CN"):
        assert spec.title_key in catalog(language)
        for table in spec.counts:
            assert f"{spec.id}.count_{table}" in catalog(language)
    register = spec.load(spec.cli)
    assert callable(register)
    assert callable(spec.load(spec.demo))

    load_demo(db)
    counts = info.row_counts(db)
    assert all(counts[table] > 0 for table in spec.counts), counts
    tables = spec.export_tables(db, Scope())
    assert tables and all(isinstance(t, ExportTable) for t in tables)
    for table in tables:
        rows = list(table.rows)
        assert rows, table.name
        assert all(len(row) == len(table.columns) for row in rows), table.name
        for language in ("en", "zh_CN"):
            assert table.title_key in catalog(language)
            for column in table.columns:
                assert column.label_key in catalog(language), column.label_key
    stops = spec.run_exceptions(db, Scope(), None)
    assert stops and all(isinstance(s, Attention) and s.module == spec.id for s in stops)


def test_the_cli_has_a_group_per_module_and_nothing_unregistered() -> None:
    app = build_app()
    click_app: Any = typer.main.get_command(app)
    names = set(click_app.commands)
    core_commands = {"info", "demo", "backup", "restore", "export"}
    registered = set()
    for spec in MODULES:
        probe = typer.Typer()
        spec.load(spec.cli)(probe)
        group: Any = typer.main.get_command(probe)
        registered |= set(getattr(group, "commands", {})) or {group.name}
    assert names == core_commands | registered


def test_the_tui_registry_refers_to_the_core_registry() -> None:
    assert [m.spec for m in TUI_MODULES] == list(MODULES)
    keys = [m.key for m in TUI_MODULES]
    assert len(keys) == len(set(keys))
    from importlib import import_module

    from leantui.core.i18n import catalog
    from leantui.tui.kit.screens import ModuleScreen

    for module in TUI_MODULES:
        found, _, name = module.screen_path.partition(":")
        screen_class = getattr(import_module(found), name)
        assert issubclass(screen_class, ModuleScreen)  # made with a kit Context
        module.import_all()
        # Its palette verbs: each with a translated title and help line.
        verbs = [v for v in screen_class.VERBS if v.command]
        assert verbs and all(v.command in catalog("en") and v.help in catalog("en") for v in verbs)


def test_schema_parts_are_the_shared_tables_then_the_modules() -> None:
    parts = schema_parts()
    assert parts[0].id == "core" and list(parts[1:]) == list(MODULES)
    assert len({part.id for part in parts}) == len(parts)
