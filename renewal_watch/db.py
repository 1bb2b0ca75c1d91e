"""Opening the database: engines, sessions, SQLite pragmas and migrations on first use.

The same code serves SQLite (the default, a file in the user data directory; WAL so the daemon,
crawl children and the CLI can read and write side by side) and PostgreSQL.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from renewal_watch.exceptions import DatabaseError

logger = logging.getLogger(__name__)

# How long a writer waits for another process's lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000
# The `meta` key of the database's random install id (see install_id).
INSTALL_ID_KEY = "install_id"


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; survives a killed process
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def normalise_url(url: str) -> str:
    """Accept a bare path as SQLite, and plain postgresql:// as psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`, with SQLite's parent directory created and its pragmas set."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(f"{url}: not a database URL ({exc})") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"{parsed.database}: cannot create directory: {exc}") from exc
        kwargs.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    else:
        kwargs.setdefault("pool_pre_ping", True)
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        hint = " (pip install 'renewal-watch[postgres]')" if "postgres" in url else ""
        raise DatabaseError(f"{parsed.render_as_string(hide_password=True)}: {exc}{hint}") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine | None = None):
    """An Alembic Config pointing at the migrations shipped in this package."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("renewal_watch") / "migrations"))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url",
                            engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# Any constant: the key of the PostgreSQL advisory lock that serialises migrations.
_MIGRATION_LOCK_KEY = 0x72776D67  # "rwmg"


@contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (daemon, crawl child, CLI).

    An exclusive lock on a sibling file; SQLite's own locks do not cover Alembic's
    read-version-then-create sequence.
    """
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process lock, the retry below still applies
        yield
        return
    lock_path = Path(database).expanduser().with_name(Path(database).name + ".migrate-lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` (idempotent, safe when several processes start at once)."""
    from alembic import command

    cfg = alembic_config(engine)
    lock = _sqlite_migration_lock(engine) if engine.dialect.name == "sqlite" else nullcontext()
    try:
        with lock, engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Held until this transaction ends; a second process waits, then finds the
                # version table already at head and does nothing.
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except OperationalError as exc:
        raise DatabaseError(f"cannot migrate {_safe(engine)}: {exc.orig}") from exc


def _safe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


@dataclass
class Database:
    """An engine plus a session factory. Use `with db.session() as s, s.begin():` per unit."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        return _safe(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as s:
            yield s

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessions() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True, **engine_kwargs: Any) -> Database:
    """Open (and by default migrate to head) the database at `url`.

    Migrating on first use means a new user never has to run `db upgrade` by hand.
    """
    engine = make_engine(url, **engine_kwargs)
    try:
        if migrate:
            current = current_revision(engine)
            if current != head_revision():
                logger.info("migrating %s from %s to head", _safe(engine), current or "empty")
                upgrade(engine)
        else:
            inspect(engine).get_table_names()  # fail early on a bad URL / unreachable server
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open {_safe(engine)}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open {_safe(engine)}: {exc}") from exc
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def install_id(db: Database) -> str:
    """This database's install id: random, written on first use, never changed.

    It names the database to the outside (Atom entry ids), so it must not be derived from rows
    that can be deleted. Safe when several processes ask at once: the first insert wins and
    the others read it back.
    """
    from renewal_watch.models import Meta

    def stored() -> str | None:
        with db.session() as s:
            return s.scalar(select(Meta.value).where(Meta.key == INSTALL_ID_KEY))

    value = stored()
    if value is None:
        try:
            with db.transaction() as s:
                s.add(Meta(key=INSTALL_ID_KEY, value=uuid.uuid4().hex))
        except IntegrityError:  # another process created it first: theirs stands
            logger.debug("install id created concurrently; reading it back")
        value = stored()
    if value is None:  # (only if the row was deleted in between)
        raise DatabaseError(f"{db.url}: no install id could be stored")
    return value
