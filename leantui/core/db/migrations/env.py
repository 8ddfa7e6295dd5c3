"""Alembic's entry point. leantui always hands it an open connection inside its own
transaction (schema.alembic_config), so a failed upgrade leaves nothing half-done."""

from alembic import context

from leantui.core.db.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata(),
    render_as_batch=True,  # SQLite rebuilds a table to change a column
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
