"""Settings of the service, with their defaults (``entente serve --help`` shows them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DEFAULT_DATABASE_URL", "DEFAULT_ORG", "DEFAULT_THREADS", "Settings"]

DEFAULT_ORG = "default"
"""The organisation migration 0002 gives existing data to, and tokens made without --org."""

DEFAULT_DATABASE_URL = "sqlite:///entente.db"
"""``serve`` and ``token`` share this default: ``entente.db`` in the working directory."""


DEFAULT_THREADS = 40
"""Request threads (Starlette's default); the connection pool is sized from it."""


def _cpus() -> int:
    return max(len(os.sched_getaffinity(0)), 1)


@dataclass(frozen=True)
class Settings:
    """How one service instance runs.

    ``max_body_bytes`` caps every request body (413 beyond it);
    ``default_time_limit`` applies to a solve that names none and
    ``max_time_limit`` caps any that does (seconds), also when this server runs
    a job another server queued with a higher cap; ``workers`` solves run
    side by side, each in its own process.

    ``max_solves`` caps the solves of one sweep or budget job (422 beyond; the CLI's
    ``--max-solves`` and ``--max-mixes``).

    ``max_jobs_per_user`` caps one token's jobs queued or running (429
    beyond, with ``Retry-After``).

    An upload compiles in a process of its own, killed after
    ``compile_seconds`` and limited to ``compile_memory_bytes`` of address
    space beyond what it starts with (422 "too large to compile" either way).

    A running job belongs to its server until ``lease_seconds`` after the
    server's last heartbeat (four a lease); then another server sharing the
    database may run it again.

    ``threads`` is the one setting the sizes derive from: at most that many
    requests run database work at once (the thread pool's size), and the
    connection pool holds ``threads + 2`` connections (one per request
    thread, one for the job runner, one spare) and ``threads`` more in
    overflow, for requests that have finished but not yet given theirs back.
    A request holds at most one connection at a time, and at most
    ``2 * threads`` requests are let in at once (the rest wait on the event
    loop; :class:`entente.service.middleware.Admission`), so no request ever
    waits for a connection, whatever it waits for while holding one.
    PostgreSQL's ``max_connections`` must allow ``2 * threads + 2`` per server.
    """

    database_url: str = DEFAULT_DATABASE_URL
    max_body_bytes: int = 64 * 2**20
    default_time_limit: float = 60.0
    max_time_limit: float = 600.0
    workers: int = field(default_factory=_cpus)
    max_jobs_per_user: int = 10
    max_solves: int = 1000
    compile_seconds: float = 30.0
    compile_memory_bytes: int = 2 * 2**30
    threads: int = DEFAULT_THREADS
    lease_seconds: float = 20.0
