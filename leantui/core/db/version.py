"""The schema version this leantui writes and the stamp that marks a SQLite file as
leantui's. Kept apart from schema.py so that checking a file imports no SQLAlchemy."""

SCHEMA_VERSION = 2
APPLICATION_ID = 0x4C45414E  # "LEAN", in SQLite's header: marks the file as ours
