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

import os
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from entente._exceptions import InputError
from entente.service.config import DEFAULT_THREADS

__all__ = ["connect", "migrate", "normalise_url", "pool_options", "request_slots", "sessions"]


def pool_options(threads: int) -> dict[str, Any]:
    """``threads + 2`` connections (one per request thread, one for the job runner, one
    spare), and as many again in overflow for requests that have finished but not yet
    given theirs back (that happens on the event loop, which a loaded machine may starve).

    A burst of requests then queues on threads, never on the pool (see
    :class:`entente.service.config.Settings`).
    """
    return {"pool_size": threads + 2, "max_overflow": threads, "pool_timeout": 30}


def request_slots(threads: int) -> int:
    """Requests let into the app at once: the pool's connections but the job runner's and
    the spare, so that no request waits for a connection (it holds at most one)."""
    options = pool_options(threads)
    return max(int(options["pool_size"] + options["max_overflow"] - 2), 1)


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


def _private_file(path: str) -> None:
    """Create a new SQLite file readable by its owner only (SQLite gives its WAL the same mode)."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        return  # it exists, or no such folder or permission: migrate() reports the latter


def connect(url: str, *, threads: int = DEFAULT_THREADS) -> Engine:
    """An engine for ``url`` with a pool for ``threads``; InputError for an unusable URL.

    A new SQLite file is created 0600 (tokens' hashes and plans are inside).
    """
    pool = pool_options(threads)
    try:
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() == "sqlite":
            _private_file(parsed.database or "")
            engine = create_engine(parsed, connect_args={"check_same_thread": False}, **pool)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(
            parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **pool
        )
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
