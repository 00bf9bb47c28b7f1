"""Database connection and migrations: SQLite (WAL, synchronous=FULL) or PostgreSQL by URL.

SQLite is opened in write-ahead-log mode with ``synchronous=FULL``: a
transaction that has committed is in the log on disk before the commit
returns, so a scenario acknowledged with 201 survives ``kill -9`` of the
server (and a power cut). ``busy_timeout`` lets concurrent writers wait for
the lock instead of failing. PostgreSQL URLs (``postgresql://...``) use the
psycopg 3 driver. The schema is created and upgraded by Alembic
(:func:`migrate`), never by ``create_all``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from entente._exceptions import InputError

__all__ = ["connect", "migrate", "normalise_url", "sessions"]


# As many connections as the worker threads that may hold one (Starlette's
# threadpool has 40), so a burst of requests queues on threads, not on the pool.
_POOL: dict[str, Any] = {"pool_size": 10, "max_overflow": 30}


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL to use: PostgreSQL via psycopg 3; other URLs as given."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def connect(url: str) -> Engine:
    """An engine for ``url``; InputError for a URL SQLAlchemy cannot use."""
    try:
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"check_same_thread": False}, **_POOL)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(parsed, pool_pre_ping=True, **_POOL)
    except Exception as error:
        raise InputError(f"--db {url!r}: not a usable database URL ({error})") from None


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration; InputError if it cannot open."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("entente.service") / "migrations")
    )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as error:  # no server, no such folder, no permission
        where = engine.url.render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise InputError(f"--db {where}: cannot open the database ({reason})") from None
