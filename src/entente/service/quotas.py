"""Per-user quotas on jobs, and a fair order between users.

Each token name (a user) may have at most ``Settings.max_jobs_per_user``
jobs queued or running; one more answers 429 with ``Retry-After`` (the
seconds until the user's first running job reaches its time limit, at
least 1). The count and the new job are one transaction that first locks
the user's token row (:func:`check_quota`), so concurrent submits by one
user can never pass the quota together. When a worker is free, the
runner starts the oldest queued job of the user with the fewest jobs
running, then of the one served least recently (:func:`fair_order`), so one
user's fifty long solves do not keep another's short one waiting.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
from fastapi import HTTPException
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from entente.service.models import Job, Token, utcnow

__all__ = ["check_quota", "fair_order"]

_ACTIVE = ("queued", "running")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_quota(session: Session, user: str, *, most: int, default_wait: float) -> None:
    """429 with Retry-After if ``user`` already has ``most`` jobs queued or running.

    Locks first, until the caller commits or rolls back: a no-op UPDATE of the
    user's live token row takes that row's lock on PostgreSQL and the write
    lock on SQLite (whose transaction then reads the newest data). A second
    submit by the same user waits there, then counts the first one's job.
    """
    session.execute(
        update(Token)
        .where(Token.name == user, Token.revoked_at.is_(None))
        .values(name=Token.name)
        .execution_options(synchronize_session=False)
    )
    active = session.execute(
        select(Job.status, Job.started_at, Job.options).where(
            Job.created_by == user, Job.status.in_(_ACTIVE)
        )
    ).all()
    if len(active) < most:
        return
    now = utcnow()
    ends = [
        (_aware(started) - now).total_seconds() + orjson.loads(options)["time_limit"]
        for status, started, options in active
        if status == "running" and started is not None
    ]
    wait = max(1, math.ceil(min(ends) if ends else default_wait))
    raise HTTPException(
        429,
        f"{user} has {len(active)} jobs queued or running, the most one user may have: "
        "wait for one to finish or cancel one",
        headers={"Retry-After": str(wait)},
    )


def fair_order(
    queued: Sequence[tuple[int, str]],
    running: Counter[str],
    free: int,
    served: dict[str, int] | None = None,
) -> list[int]:
    """Up to ``free`` job ids from ``queued`` ((id, user), oldest first), in a fair order.

    First the user with the fewest jobs running, then the one served least
    recently (``served``: user -> a number that grows with each start; it is
    updated), then the oldest job. Each pick counts as running for its user,
    so a round of picks alternates between users.
    """
    load = Counter(running)
    last = served if served is not None else {}
    clock = max(last.values(), default=0)
    waiting = list(queued)
    picked: list[int] = []
    while waiting and len(picked) < free:
        best = min(waiting, key=lambda job: (load[job[1]], last.get(job[1], -1), job[0]))
        waiting.remove(best)
        load[best[1]] += 1
        clock += 1
        last[best[1]] = clock
        picked.append(best[0])
    return picked
