-- leantui schema version 2: the DDL of a fresh v2 database, as SQLite stored it
-- (sqlite_master), plus the stamp and the leantui_meta row. Frozen: never edit this
-- file; the migration test builds an old database from it and upgrades it.
PRAGMA application_id = 1279607118;
BEGIN;
CREATE TABLE leantui_meta (
	id INTEGER NOT NULL, 
	schema_version INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE areas (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE events (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR NOT NULL, 
	entity_type VARCHAR NOT NULL, 
	entity_id INTEGER NOT NULL, 
	action VARCHAR NOT NULL, 
	payload VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_events_entity ON events (entity_type, entity_id);
CREATE INDEX ix_events_at ON events (at);
CREATE TABLE teams (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	area_id INTEGER, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(area_id) REFERENCES areas (id)
);
CREATE TABLE people (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	team_id INTEGER, 
	role VARCHAR NOT NULL, 
	active BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES teams (id)
);
CREATE INDEX ix_people_team_id ON people (team_id);
CREATE TABLE boards (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	team_id INTEGER, 
	area_id INTEGER, 
	archived BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(team_id) REFERENCES teams (id), 
	FOREIGN KEY(area_id) REFERENCES areas (id)
);
CREATE TABLE board_columns (
	id INTEGER NOT NULL, 
	board_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	wip_limit INTEGER, 
	policy VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(board_id) REFERENCES boards (id)
);
CREATE INDEX ix_board_columns_board_id ON board_columns (board_id);
CREATE TABLE cards (
	id INTEGER NOT NULL, 
	board_id INTEGER NOT NULL, 
	column_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	owner VARCHAR NOT NULL, 
	tags VARCHAR NOT NULL, 
	priority INTEGER NOT NULL, 
	due DATE, 
	blocked BOOLEAN NOT NULL, 
	blocked_reason VARCHAR NOT NULL, 
	blocked_since DATETIME, 
	source_type VARCHAR NOT NULL, 
	source_id INTEGER, 
	created_at DATETIME NOT NULL, 
	started_at DATETIME, 
	completed_at DATETIME, 
	moved_at DATETIME NOT NULL, 
	archived_at DATETIME, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(board_id) REFERENCES boards (id), 
	FOREIGN KEY(column_id) REFERENCES board_columns (id)
);
CREATE INDEX ix_cards_column_position ON cards (column_id, position);
CREATE INDEX ix_cards_board_id ON cards (board_id);
INSERT INTO leantui_meta (id, schema_version, created_at) VALUES (1, 2, '2025-03-01 07:00:00.000000');
COMMIT;
