"""``/api/plans/{id}/targets`` (viewer) and ``/api/plans/{id}/draws`` (planner of the owner).

``targets``: every target with its coverage, value, payoffs and the outcome
if attacked, and the scenario's slots: what the web page's map and coverage
table show. ``draws``: the plan's roster and orders draws from the audit log,
newest first, with who drew them and when; only the owning organisation's
planners see them (another organisation: 404, as if the plan did not exist;
one it is shared with: 403, shares are read-only).
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from entente.report import view_plan
from entente.report.target_table import slot_rows, target_rows
from entente.service.auth import Caller, get_session, require
from entente.service.models import AuditEvent, PlanRow, iso
from entente.service.paging import (
    DEFAULT_LIMIT,
    NEXT_PAGE_HEADERS,
    Cursor,
    Limit,
    next_page,
    page,
)
from entente.service.routes import found, owner_only
from entente.service.schemas import ErrorDetail, Identifier
from entente.service.view_schemas import DrawEntry, PlanTargets

__all__ = ["DRAW_ACTIONS", "router"]

router = APIRouter(prefix="/api", tags=["jobs and plans"])

DRAW_ACTIONS = ("roster.draw", "orders.draw")


@router.get(
    "/plans/{plan_id}/targets",
    response_model=PlanTargets,
    responses={400: {"model": ErrorDetail, "description": "The plan has no coverage (infeasible)"}},
    summary="A plan's targets: coverage, value, payoffs, outcome if attacked; its slots (viewer)",
)
def get_plan_targets(
    plan_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Any:
    row = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True)
    view = view_plan(orjson.loads(row.document), source=f"plan {plan_id}")
    return {
        "plan": plan_id,
        "scenario": view.scenario.name,
        "types": list(view.game.type_ids),
        "slots": slot_rows(view),
        "targets": target_rows(view),
    }


@router.get(
    "/plans/{plan_id}/draws",
    response_model=list[DrawEntry],
    responses={
        200: {"headers": NEXT_PAGE_HEADERS},
        403: {"description": "The plan is shared with the caller's organisation: read-only"},
    },
    summary="The plan's roster and orders draws, newest first: who, when, what (planner)",
)
def get_plan_draws(
    plan_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Any:
    plan = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True)
    owner_only(plan, caller, "plan")
    query = select(AuditEvent).where(
        AuditEvent.subject == f"plan/{plan_id}", AuditEvent.action.in_(DRAW_ACTIONS)
    )
    rows = session.scalars(
        page(query, AuditEvent.id, limit=limit, cursor=cursor, newest_first=True)
    ).all()
    next_page(request, response, rows[-1].id if rows else None, full=len(rows) == limit)
    return [
        {
            "id": row.id,
            "at": iso(row.at),
            "actor": row.actor,
            "action": row.action,
            "detail": orjson.loads(row.detail),
        }
        for row in rows
    ]
