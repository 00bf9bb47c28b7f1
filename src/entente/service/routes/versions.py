"""Editing scenarios: validate a draft, save it as a new version, list a scenario's versions.

``POST /api/scenarios/validate`` answers what ``entente validate`` would, as
the 422 field list every upload gives (each entry's ``path`` in the CLI's
form, ``resources[0].count``), so the page can show each message at its
field while the planner types. ``GET /api/basemaps`` hands the page the
report's shipped maps, on which a target is placed by a click.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from entente._exceptions import ScenarioError
from entente.report.basemap import basemaps
from entente.scenario.schema import scenario_adapter
from entente.service.auth import Caller, get_session, require
from entente.service.disconnects import Abandoned, while_connected
from entente.service.models import ScenarioRow
from entente.service.routes import found
from entente.service.routes.scenarios import PROBLEMS, problem_response
from entente.service.scenario_store import checked_upload, scenario_info, store_scenario
from entente.service.schemas import BasemapInfo, BasemapLayer, Identifier, ScenarioInfo, Validated

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["scenario versions"])

_SCENARIO_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": scenario_adapter.json_schema()}},
    }
}


def _is_yaml(request: Request) -> bool:
    return "yaml" in request.headers.get("content-type", "")


@router.post(
    "/scenarios/validate",
    response_model=Validated,
    responses=PROBLEMS,
    summary="Check a scenario without storing it, as `entente validate` (planner)",
    openapi_extra=_SCENARIO_BODY,
)
async def validate_scenario(
    request: Request, caller: Annotated[Caller, Depends(require("planner"))]
) -> Any:
    """200 with its size if valid; 422 with one entry per field problem (the CLI's messages)."""
    body = await request.body()
    try:
        scenario, _, n_targets = await while_connected(
            request, lambda stop: checked_upload(request.app, body, _is_yaml(request), stop)
        )
    except ScenarioError as error:
        return problem_response(error.problems)
    except Abandoned:  # nobody is left to read an answer (499: client closed request)
        return Response(status_code=499)
    return {"valid": True, "name": scenario.name, "targets": n_targets}


@router.post(
    "/scenarios/{scenario_id}/versions",
    status_code=201,
    response_model=ScenarioInfo,
    responses=PROBLEMS,
    summary="Save an edited scenario as the next version of this one's family (planner)",
    openapi_extra=_SCENARIO_BODY,
)
async def save_version(
    scenario_id: Identifier,
    request: Request,
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Any:
    """The old version stays as it was; plans keep pointing at the version they solved."""
    await run_in_threadpool(_visible, request, scenario_id, caller)
    body = await request.body()
    try:
        return await while_connected(
            request,
            lambda stop: store_scenario(
                request.app, body, _is_yaml(request), caller, scenario_id, stop
            ),
        )
    except ScenarioError as error:
        return problem_response(error.problems)
    except Abandoned:
        return Response(status_code=499)


def _visible(request: Request, scenario_id: int, caller: Caller) -> None:
    with request.app.state.sessions() as session:
        found(session, ScenarioRow, scenario_id, "scenario", caller=caller)


@router.get(
    "/scenarios/{scenario_id}/versions",
    response_model=list[ScenarioInfo],
    summary="Every version of this scenario's family, oldest first (viewer)",
)
def list_versions(
    scenario_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Any:
    row = found(session, ScenarioRow, scenario_id, "scenario", caller=caller)
    family = row.family_id if row.family_id is not None else row.id
    rows = session.scalars(
        select(ScenarioRow)
        .where(ScenarioRow.family_id == family, ScenarioRow.org_id == row.org_id)
        .order_by(ScenarioRow.version)
    ).all()
    return [scenario_info(r) for r in rows]


@router.get(
    "/basemaps",
    response_model=list[BasemapInfo],
    summary="The report's shipped maps: WGS84 [lon, lat] rings by layer (viewer)",
)
def list_basemaps(caller: Annotated[Caller, Depends(require("viewer"))]) -> Response:
    return Response(_basemaps_json(), media_type="application/json")


@functools.cache
def _basemaps_json() -> bytes:
    """The shipped maps as JSON, built once: 7,500 points took 60 ms to validate per request."""
    return TypeAdapter(list[BasemapInfo]).dump_json(
        [
            BasemapInfo(
                name=m.name,
                attribution=m.attribution,
                bbox=list(m.bbox),
                layers=[
                    BasemapLayer(
                        kind=layer.kind,
                        name=layer.name,
                        rings=[list(map(list, ring)) for ring in layer.rings],
                    )
                    for layer in m.layers
                ],
            )
            for m in basemaps()
        ]
    )
