"""Settings of the service, with their defaults (``entente serve --help`` shows them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DEFAULT_DATABASE_URL", "Settings"]

DEFAULT_DATABASE_URL = "sqlite:///entente.db"
"""``serve`` and ``token`` share this default: ``entente.db`` in the working directory."""


def _cpus() -> int:
    return max(len(os.sched_getaffinity(0)), 1)


@dataclass(frozen=True)
class Settings:
    """How one service instance runs.

    ``max_body_bytes`` caps every request body (413 beyond it);
    ``default_time_limit`` applies to a solve that names none and
    ``max_time_limit`` caps any that does (seconds); ``workers`` solves run
    side by side, each in its own process.
    """

    database_url: str = DEFAULT_DATABASE_URL
    max_body_bytes: int = 64 * 2**20
    default_time_limit: float = 60.0
    max_time_limit: float = 600.0
    workers: int = field(default_factory=_cpus)
