"""``/api/jobs`` (viewer reads, planner cancels) and ``/api/plans`` (viewer)."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from entente._exceptions import InputError
from entente.planfile import read_plan
from entente.report import PlanView, map_svg, render_report, view_plan
from entente.report.html import CSP
from entente.service.audit import record
from entente.service.auth import Caller, get_session, require
from entente.service.jobs import ACTIVE
from entente.service.models import Job, PlanRow, iso, utcnow
from entente.service.paging import (
    DEFAULT_LIMIT,
    NEXT_PAGE_HEADERS,
    Cursor,
    Limit,
    next_page,
    page,
)
from entente.service.routes import found, visible_plans, visible_to
from entente.service.schemas import Identifier, JobInfo, PlanInfo

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["jobs and plans"])


def _job(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "scenario": job.scenario_id,
        "status": job.status,
        "stage": job.stage,
        "progress": job.progress,
        "plan": job.plan_id,
        "error": job.error,
        "options": orjson.loads(job.options),
        "created_at": iso(job.created_at),
        "created_by": job.created_by,
        "started_at": iso(job.started_at),
        "finished_at": iso(job.finished_at),
    }


@router.get(
    "/jobs",
    response_model=list[JobInfo],
    responses={200: {"headers": NEXT_PAGE_HEADERS}},
    summary="Jobs, newest first, a page at a time (viewer)",
)
def list_jobs(
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Any:
    query = select(Job).where(visible_to(Job, caller))
    jobs = session.scalars(page(query, Job.id, limit=limit, cursor=cursor, newest_first=True)).all()
    next_page(request, response, jobs[-1].id if jobs else None, full=len(jobs) == limit)
    return [_job(j) for j in jobs]


@router.get(
    "/jobs/{job_id}", response_model=JobInfo, summary="A job's status and progress (viewer)"
)
def get_job(
    job_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Any:
    return _job(found(session, Job, job_id, "job", caller=caller))


@router.delete(
    "/jobs/{job_id}",
    response_model=JobInfo,
    responses={409: {"description": "The job has already finished"}},
    summary="Cancel a queued or running job (planner)",
)
def cancel_job(
    job_id: Identifier,
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Any:
    found(session, Job, job_id, "job", caller=caller)
    changed = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status.in_(ACTIVE))
        .values(status="cancelled", stage="cancelled", finished_at=utcnow())
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise HTTPException(409, f"job {job_id} has already finished")
    record(session, caller.name, "job.cancel", f"job/{job_id}")
    session.commit()
    request.app.state.jobs.cancel(job_id)
    session.expire_all()
    return _job(found(session, Job, job_id, "job", caller=caller))


@router.get(
    "/plans",
    response_model=list[PlanInfo],
    responses={200: {"headers": NEXT_PAGE_HEADERS}},
    summary="Plans, newest first, a page at a time (viewer)",
)
def list_plans(
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Any:
    columns = (
        PlanRow.id,
        PlanRow.scenario_id,
        PlanRow.status,
        PlanRow.method,
        PlanRow.defender_utility,
        PlanRow.created_at,
    )
    query = select(*columns).where(visible_plans(caller))
    rows = session.execute(
        page(query, PlanRow.id, limit=limit, cursor=cursor, newest_first=True)
    ).all()
    next_page(request, response, rows[-1].id if rows else None, full=len(rows) == limit)
    return [
        {
            "id": r.id,
            "scenario": r.scenario_id,
            "status": r.status,
            "method": r.method,
            "defender_utility": r.defender_utility,
            "created_at": iso(r.created_at),
        }
        for r in rows
    ]


@router.get(
    "/plans/{plan_id}",
    summary="The plan file: the keys of solve --json at top level, strategy, certificate (viewer)",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def get_plan(
    plan_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Response:
    document = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True).document
    return Response(document, media_type="application/json")


def _plan_view(session: Session, plan_id: int, caller: Caller) -> PlanView:
    document = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True).document
    return view_plan(read_plan(document.encode(), source=f"plan {plan_id}"))


@router.get(
    "/plans/{plan_id}/map.svg",
    summary="The plan on a map (viewer)",
    responses={
        200: {"content": {"image/svg+xml": {}}},
        404: {"description": "No such plan, or no target with coordinates"},
        422: {"description": "The plan has no such slot (the message names its slots)"},
    },
)
def get_plan_map(
    plan_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
    slot: Annotated[
        str | None, Query(max_length=64, description="the slot to draw (default: the first)")
    ] = None,
) -> Response:
    view = _plan_view(session, plan_id, caller)
    try:
        svg = map_svg(view, slot=slot)
    except InputError as error:
        msg = f"plan {plan_id}: {error}"
        problem = {"loc": ["query", "slot"], "msg": msg, "type": "value_error"}
        return JSONResponse({"detail": [problem]}, status_code=422)
    if svg is None:
        raise HTTPException(404, f"plan {plan_id}: no target has coordinates")
    return Response(svg, media_type="image/svg+xml")


@router.get(
    "/plans/{plan_id}/report.html",
    summary="The plan's HTML report (viewer)",
    responses={200: {"content": {"text/html": {}}}},
)
def get_plan_report(
    plan_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Response:
    view = _plan_view(session, plan_id, caller)
    return Response(
        render_report(view), media_type="text/html", headers={"Content-Security-Policy": CSP}
    )
