"""Shared fixtures. Autouse ones keep a developer's own config, data and log folders,
locale and user name out of every test.

Engines: a test module marked `pytestmark = pytest.mark.both_engines` runs each test on a
fresh SQLite file and on a fresh PostgreSQL schema (`engine`, `target`, `db`); others run
on SQLite only. PostgreSQL comes from LEANTUI_TEST_PG or DATABASE_URL (.ci/run starts a
throw-away server); without one its half is skipped, saying why, except under CI, where
a missing server fails the run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leantui.core import actor, i18n
from leantui.core.config import Settings
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if "engine" in metafunc.fixturenames and marked("both_engines") and not marked("sqlite_only"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for var, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        monkeypatch.setenv(var, str(home / folder))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LEANTUI_USER", "tester")
    for var in (
        "LEANTUI_DB",
        "LEANTUI_LANG",
        "LEANTUI_THEME",
        "LEANTUI_CONFIG",
        "LEANTUI_DEBUG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANGUAGE",
    ):
        monkeypatch.delenv(var, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")
    actor.set_actor("")


def postgres_url() -> str | None:
    return os.environ.get("LEANTUI_TEST_PG") or os.environ.get("DATABASE_URL") or None


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[object]:
    """An engine on the test server, for making and dropping one schema per test."""
    url = postgres_url()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests, but DATABASE_URL is not set")
        pytest.skip(
            "PostgreSQL half skipped: no server. Set DATABASE_URL (bash .ci/postgres.sh start"
            " prints one) or run bash .ci/run"
        )
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """ "sqlite", or "postgresql" in a module marked both_engines."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "leantui.db"


@pytest.fixture
def new_target(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], str]]:
    """Makes the place of another fresh, empty database on the test's engine: a SQLite
    file named `name` in the test's folder, or a PostgreSQL URL whose search_path is a
    new schema of its own (dropped after the test)."""
    schemas: list[str] = []

    def make(name: str) -> str:
        if engine == "sqlite":
            return str(tmp_path / "data" / name)
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        admin = request.getfixturevalue("pg_admin")
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        url = make_url(postgres_url() or "")
        return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )

    yield make
    if schemas:
        from sqlalchemy import text

        admin = request.getfixturevalue("pg_admin")
        with admin.connect() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def target(new_target: Callable[[str], str]) -> str:
    """Where a fresh, empty database lives: `db_path` on SQLite, a schema of its own on
    PostgreSQL."""
    return new_target("leantui.db")


@pytest.fixture
def db(target: str) -> Iterator[Database]:
    """A fresh, empty leantui database for each test (on both engines where marked)."""
    database, _ = open_database(target, create=True)
    yield database
    database.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(language="en")
