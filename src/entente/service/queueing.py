"""Queueing a job: one way for solves, sweeps and budgets alike.

The caller's quota is checked first (429 with ``Retry-After``), then the job
row and its audit record are written in one transaction and the runner is
woken. ``options`` are what the worker reads; ``audited`` what the audit log
keeps of them (the options themselves unless a route says otherwise: a
forecast is logged by its hash, not its text).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from sqlalchemy.orm import Session

from entente.service.audit import record
from entente.service.auth import Caller
from entente.service.models import Job, ScenarioRow
from entente.service.quotas import check_quota

__all__ = ["enqueue", "job_time_limit"]


def job_time_limit(request: Request, asked: float | None) -> float:
    """The job's time limit: the one asked for, else the server's default; never above its cap."""
    settings = request.app.state.settings
    return float(min(asked or settings.default_time_limit, settings.max_time_limit))


def enqueue(
    request: Request,
    session: Session,
    caller: Caller,
    scenario: ScenarioRow,
    kind: str,
    options: dict[str, Any],
    *,
    action: str,
    audited: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Queue a ``kind`` job on ``scenario``; the API's ``{"job": id}``."""
    settings = request.app.state.settings
    check_quota(
        session,
        caller.name,
        most=settings.max_jobs_per_user,
        default_wait=settings.default_time_limit,
    )
    job = Job(
        kind=kind,
        scenario_id=scenario.id,
        org_id=scenario.org_id,
        status="queued",
        stage="queued",
        progress=0.0,
        options=orjson.dumps(options).decode(),
        created_by=caller.name,
    )
    session.add(job)
    session.flush()
    logged = options if audited is None else audited
    record(session, caller.name, action, f"job/{job.id}", scenario=scenario.id, **logged)
    session.commit()
    request.app.state.jobs.notify()
    return {"job": job.id}
