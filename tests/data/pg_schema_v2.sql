-- leantui schema version 2 on PostgreSQL: pg_dump --schema-only of a fresh v2 database,
-- with the schema name taken out so that it loads into any search_path, plus the
-- leantui_meta row. Frozen: never edit this file; the migration test upgrades it.
CREATE TABLE areas (
    id integer NOT NULL,
    name character varying NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE areas_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE areas_id_seq OWNED BY areas.id;
CREATE TABLE board_columns (
    id integer NOT NULL,
    board_id integer NOT NULL,
    name character varying NOT NULL,
    kind character varying NOT NULL,
    "position" integer NOT NULL,
    wip_limit integer,
    policy character varying NOT NULL
);
CREATE SEQUENCE board_columns_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE board_columns_id_seq OWNED BY board_columns.id;
CREATE TABLE boards (
    id integer NOT NULL,
    name character varying NOT NULL,
    team_id integer,
    area_id integer,
    archived boolean NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE boards_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE boards_id_seq OWNED BY boards.id;
CREATE TABLE cards (
    id integer NOT NULL,
    board_id integer NOT NULL,
    column_id integer NOT NULL,
    "position" integer NOT NULL,
    title character varying NOT NULL,
    description character varying NOT NULL,
    owner character varying NOT NULL,
    tags character varying NOT NULL,
    priority integer NOT NULL,
    due date,
    blocked boolean NOT NULL,
    blocked_reason character varying NOT NULL,
    blocked_since timestamp with time zone,
    source_type character varying NOT NULL,
    source_id integer,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    moved_at timestamp with time zone NOT NULL,
    archived_at timestamp with time zone,
    version integer NOT NULL
);
CREATE SEQUENCE cards_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE cards_id_seq OWNED BY cards.id;
CREATE TABLE events (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    actor character varying NOT NULL,
    entity_type character varying NOT NULL,
    entity_id integer NOT NULL,
    action character varying NOT NULL,
    payload character varying NOT NULL
);
CREATE SEQUENCE events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE events_id_seq OWNED BY events.id;
CREATE TABLE leantui_meta (
    id integer NOT NULL,
    schema_version integer NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE TABLE people (
    id integer NOT NULL,
    name character varying NOT NULL,
    team_id integer,
    role character varying NOT NULL,
    active boolean NOT NULL
);
CREATE SEQUENCE people_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE people_id_seq OWNED BY people.id;
CREATE TABLE teams (
    id integer NOT NULL,
    name character varying NOT NULL,
    area_id integer,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE teams_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE teams_id_seq OWNED BY teams.id;
ALTER TABLE ONLY areas ALTER COLUMN id SET DEFAULT nextval('areas_id_seq'::regclass);
ALTER TABLE ONLY board_columns ALTER COLUMN id SET DEFAULT nextval('board_columns_id_seq'::regclass);
ALTER TABLE ONLY boards ALTER COLUMN id SET DEFAULT nextval('boards_id_seq'::regclass);
ALTER TABLE ONLY cards ALTER COLUMN id SET DEFAULT nextval('cards_id_seq'::regclass);
ALTER TABLE ONLY events ALTER COLUMN id SET DEFAULT nextval('events_id_seq'::regclass);
ALTER TABLE ONLY people ALTER COLUMN id SET DEFAULT nextval('people_id_seq'::regclass);
ALTER TABLE ONLY teams ALTER COLUMN id SET DEFAULT nextval('teams_id_seq'::regclass);
ALTER TABLE ONLY areas
    ADD CONSTRAINT areas_name_key UNIQUE (name);
ALTER TABLE ONLY areas
    ADD CONSTRAINT areas_pkey PRIMARY KEY (id);
ALTER TABLE ONLY board_columns
    ADD CONSTRAINT board_columns_pkey PRIMARY KEY (id);
ALTER TABLE ONLY boards
    ADD CONSTRAINT boards_name_key UNIQUE (name);
ALTER TABLE ONLY boards
    ADD CONSTRAINT boards_pkey PRIMARY KEY (id);
ALTER TABLE ONLY cards
    ADD CONSTRAINT cards_pkey PRIMARY KEY (id);
ALTER TABLE ONLY events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);
ALTER TABLE ONLY leantui_meta
    ADD CONSTRAINT leantui_meta_pkey PRIMARY KEY (id);
ALTER TABLE ONLY people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);
ALTER TABLE ONLY teams
    ADD CONSTRAINT teams_name_key UNIQUE (name);
ALTER TABLE ONLY teams
    ADD CONSTRAINT teams_pkey PRIMARY KEY (id);
CREATE INDEX ix_board_columns_board_id ON board_columns USING btree (board_id);
CREATE INDEX ix_cards_board_id ON cards USING btree (board_id);
CREATE INDEX ix_cards_column_position ON cards USING btree (column_id, "position");
CREATE INDEX ix_events_at ON events USING btree (at);
CREATE INDEX ix_events_entity ON events USING btree (entity_type, entity_id);
CREATE INDEX ix_people_team_id ON people USING btree (team_id);
ALTER TABLE ONLY board_columns
    ADD CONSTRAINT board_columns_board_id_fkey FOREIGN KEY (board_id) REFERENCES boards(id);
ALTER TABLE ONLY boards
    ADD CONSTRAINT boards_area_id_fkey FOREIGN KEY (area_id) REFERENCES areas(id);
ALTER TABLE ONLY boards
    ADD CONSTRAINT boards_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id);
ALTER TABLE ONLY cards
    ADD CONSTRAINT cards_board_id_fkey FOREIGN KEY (board_id) REFERENCES boards(id);
ALTER TABLE ONLY cards
    ADD CONSTRAINT cards_column_id_fkey FOREIGN KEY (column_id) REFERENCES board_columns(id);
ALTER TABLE ONLY people
    ADD CONSTRAINT people_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id);
ALTER TABLE ONLY teams
    ADD CONSTRAINT teams_area_id_fkey FOREIGN KEY (area_id) REFERENCES areas(id);
INSERT INTO leantui_meta (id, schema_version, created_at) VALUES (1, 2, '2025-03-01 07:00:00+00');
