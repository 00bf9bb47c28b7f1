"""``/api/scenarios``: upload (planner), list and read (viewer), solve (planner).

Edits, versions and validation are in :mod:`entente.service.routes.versions`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from entente._exceptions import FieldProblem, InputError, ScenarioError
from entente.scenario import parse_scenario
from entente.scenario.forecast import apply_forecast, read_forecast
from entente.scenario.schema import scenario_adapter
from entente.service.auth import Caller, get_session, require
from entente.service.disconnects import Abandoned, while_connected
from entente.service.models import ScenarioRow
from entente.service.paging import (
    DEFAULT_LIMIT,
    NEXT_PAGE_HEADERS,
    Cursor,
    Limit,
    next_page,
    page,
)
from entente.service.queueing import enqueue, job_time_limit
from entente.service.routes import found, visible_to
from entente.service.scenario_store import scenario_info, store_scenario
from entente.service.schemas import (
    Created,
    Identifier,
    JobCreated,
    ProblemDetail,
    ScenarioInfo,
    SolveOptions,
)
from entente.solvers import METHODS, method_options

__all__ = ["PROBLEMS", "problem_response", "router"]

router = APIRouter(prefix="/api", tags=["scenarios"])

_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
PROBLEMS: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "Invalid input: one entry per field",
        "model": dict[str, list[ProblemDetail]],
    }
}


def _loc(path: str) -> list[str | int]:
    if not path or path.startswith("line "):
        return ["body"]
    parts: list[str | int] = ["body"]
    for index, key in _PART.findall(path):
        parts.append(int(index) if index else key)
    return parts


def problem_response(problems: tuple[FieldProblem, ...] | list[FieldProblem]) -> JSONResponse:
    """422 with FastAPI's ``detail`` list; each ``msg`` is the CLI's field message."""
    detail = [
        {
            "loc": _loc(p.path),
            "path": p.path if not p.path.startswith("line ") else "",
            "msg": p.message if not p.path.startswith("line ") else str(p),
            "type": "scenario",
        }
        for p in problems
    ]
    return JSONResponse({"detail": detail}, status_code=422)


@router.post(
    "/scenarios",
    status_code=201,
    response_model=Created,
    responses=PROBLEMS,
    summary="Upload a scenario (planner)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": scenario_adapter.json_schema()}},
        }
    },
)
async def create_scenario(
    request: Request, caller: Annotated[Caller, Depends(require("planner"))]
) -> Any:
    """The body is a scenario in the file format (JSON; YAML with a yaml content type)."""
    body = await request.body()
    yaml = "yaml" in request.headers.get("content-type", "")
    try:
        stored = await while_connected(
            request, lambda stop: store_scenario(request.app, body, yaml, caller, stop=stop)
        )
    except ScenarioError as error:
        return problem_response(error.problems)
    except Abandoned:  # nobody is left to read an answer (499: client closed request)
        return Response(status_code=499)
    return {"id": stored["id"]}


@router.get(
    "/scenarios",
    response_model=list[ScenarioInfo],
    responses={200: {"headers": NEXT_PAGE_HEADERS}},
    summary="List scenarios, oldest first, a page at a time (viewer)",
)
def list_scenarios(
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Any:
    columns = (
        ScenarioRow.id,
        ScenarioRow.name,
        ScenarioRow.sha256,
        ScenarioRow.n_targets,
        ScenarioRow.created_at,
        ScenarioRow.created_by,
        ScenarioRow.family_id,
        ScenarioRow.version,
        ScenarioRow.parent_id,
    )
    query = select(*columns).where(visible_to(ScenarioRow, caller))
    rows = session.execute(
        page(query, ScenarioRow.id, limit=limit, cursor=cursor, newest_first=False)
    ).all()
    next_page(request, response, rows[-1].id if rows else None, full=len(rows) == limit)
    return [scenario_info(row) for row in rows]


@router.get(
    "/scenarios/{scenario_id}",
    summary="A scenario as posted (viewer)",
    responses={200: {"content": {"application/json": {"schema": scenario_adapter.json_schema()}}}},
)
def get_scenario(
    scenario_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Response:
    row = found(session, ScenarioRow, scenario_id, "scenario", caller=caller)
    return Response(row.body, media_type="application/json")


def _unused_options(chosen: SolveOptions) -> list[FieldProblem]:
    """``gap`` or ``margin`` given to a method that does not take it (``auto`` drops them)."""
    takes = method_options(chosen.method)
    wanted = ", ".join(sorted(takes - {"time_limit"})) or "neither gap nor margin"
    return [
        FieldProblem(name, f"method {chosen.method!r} does not take a {name} (it takes {wanted})")
        for name in ("gap", "margin")
        if getattr(chosen, name) is not None and name not in takes
    ]


@router.post(
    "/scenarios/{scenario_id}/solve",
    status_code=202,
    response_model=JobCreated,
    responses={
        **PROBLEMS,
        429: {
            "description": "The user has max_jobs_per_user jobs queued or running",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
    },
    summary="Solve a scenario in the background (planner)",
)
def solve_scenario(
    scenario_id: Identifier,
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
    options: Annotated[SolveOptions | None, Body()] = None,
) -> Any:
    chosen = options or SolveOptions()
    if chosen.method != "auto" and chosen.method not in METHODS:
        known = ", ".join(["auto", *METHODS])
        return problem_response(
            [FieldProblem("method", f"unknown method {chosen.method!r}; choose one of {known}")]
        )
    scenario = found(session, ScenarioRow, scenario_id, "scenario", caller=caller)
    unused = _unused_options(chosen)
    if unused:
        return problem_response(unused)
    if chosen.forecast is not None:
        try:
            parsed = parse_scenario(scenario.body, source="scenario", format="json")
            apply_forecast(parsed, read_forecast(chosen.forecast, source="forecast"))
        except InputError as error:
            return problem_response([FieldProblem("forecast", str(error))])
    limit = job_time_limit(request, chosen.time_limit)
    stored = {"method": chosen.method, "time_limit": limit, "gap": chosen.gap}
    if chosen.margin is not None:
        stored["margin"] = chosen.margin
    audited = dict(stored)
    if chosen.forecast is not None:
        stored["forecast"] = chosen.forecast
        audited["forecast_sha256"] = hashlib.sha256(chosen.forecast.encode()).hexdigest()
    return enqueue(
        request, session, caller, scenario, "solve", stored, action="job.create", audited=audited
    )
