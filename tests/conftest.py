"""Shared fixtures: saved real pages from ../shared, databases, loopback servers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# ../shared sits beside the checkout (CI clones main and links shared beside it).
SHARED = Path(os.environ.get("RENEWAL_WATCH_SHARED", REPO.parent / "shared"))
REALWEB = SHARED / "realweb"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def realweb_file(rel: str) -> Path:
    """Path of a saved real page; skips the test cleanly when ../shared is absent."""
    path = REALWEB / rel
    if not path.exists():
        pytest.skip(f"saved page not available: {path} (../shared absent?)")
    return path


def realweb_files(pattern: str) -> list[str]:
    """Relative names under realweb matching a glob, for parametrising (empty when absent)."""
    if not REALWEB.exists():
        return []
    return sorted(str(p.relative_to(REALWEB)) for p in REALWEB.glob(pattern))


@pytest.fixture
def realweb():
    return realweb_file


# ---------------------------------------------------------------------------------------------
# Databases: the same tests run on SQLite and PostgreSQL.
# ---------------------------------------------------------------------------------------------

PG_URL = os.environ.get("RENEWAL_WATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, connect_timeout=3):
            return True
    except Exception:
        return False


_PG_OK: bool | None = None


def pg_available() -> bool:
    global _PG_OK
    if _PG_OK is None:
        _PG_OK = _pg_available()
    return _PG_OK


def _fresh_pg_schema_url() -> tuple[str, str]:
    """A new empty schema in the test database; the URL pins search_path to it."""
    import uuid

    import psycopg

    schema = f"rw_test_{uuid.uuid4().hex[:12]}"
    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


def _drop_pg_schema(schema: str) -> None:
    import psycopg

    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A URL to an empty database, on SQLite and on PostgreSQL (fresh schema per test).

    On CI PostgreSQL must be there (RENEWAL_WATCH_REQUIRE_PG=1 turns a skip into a failure).
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    if not pg_available():
        if os.environ.get("RENEWAL_WATCH_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL required but not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    url, schema = _fresh_pg_schema_url()
    try:
        yield url
    finally:
        _drop_pg_schema(schema)


@pytest.fixture
def db(db_url):
    """An opened, migrated Database on each backend."""
    from renewal_watch.db import open_database

    database = open_database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(tmp_path):
    """A migrated SQLite database only (for tests that need no backend comparison)."""
    from renewal_watch.db import open_database

    database = open_database(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    try:
        yield database
    finally:
        database.dispose()
