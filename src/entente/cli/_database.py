"""``--db`` URLs checked before SQLAlchemy sees them.

Two mistakes used to pass silently or cryptically: a token command run in
the wrong folder created an empty ``entente.db`` there (and listed no
tokens), and ``--db mysql://...`` failed with ``No module named 'MySQLdb'``.
Commands that manage an existing database call :func:`check_database` with
``create=False``: a SQLite file that does not exist is an error naming it,
unless ``--create`` asks for a new one.
"""

from __future__ import annotations

from pathlib import Path

from entente._exceptions import InputError

__all__ = ["SUPPORTED", "check_database", "sqlite_path"]

SUPPORTED = "SQLite (sqlite:///FILE) or PostgreSQL (postgresql://USER@HOST/DB)"
_BACKENDS = frozenset({"sqlite", "postgresql", "postgres"})


def _backend(url: str) -> str:
    scheme, separator, _ = url.partition("://")
    if not separator or not scheme:
        raise InputError(f"--db {url!r}: not a database URL; use {SUPPORTED}")
    return scheme.split("+", 1)[0].lower()


def sqlite_path(url: str) -> Path | None:
    """The file a ``sqlite:///FILE`` URL names (None for an in-memory database)."""
    rest = url.partition("://")[2]
    if not rest.startswith("/"):
        return None  # "sqlite://": in memory
    name = rest[1:].split("?", 1)[0]
    return None if name in ("", ":memory:") else Path(name)


def check_database(url: str, *, create: bool) -> None:
    """InputError for a database entente cannot use, or a SQLite file that is missing
    when ``create`` is false (its path named, with how to fix it)."""
    backend = _backend(url)
    if backend not in _BACKENDS:
        raise InputError(f"--db {url}: unsupported database {backend!r}; entente uses {SUPPORTED}")
    if backend != "sqlite" or create:
        return
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise InputError(
            f"--db {url}: no database at {path.resolve()}; run from the folder that holds "
            "it, give its URL with --db, or add --create to make a new one"
        )
