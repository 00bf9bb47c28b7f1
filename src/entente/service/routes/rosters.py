"""``POST /api/plans/{id}/roster`` (planner): daily rosters drawn from a stored plan.

Always from the operating system's secure generator (a predictable rota is a
beaten rota): the request has no seed, and unknown fields are refused. Every
draw goes to the audit log with who drew it, for which plan, how many days,
and the SHA-256 of the roster returned, so a printed rota can be traced.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Response
from sqlalchemy.orm import Session

from entente.operations import draw_rosters, roster_document
from entente.service.audit import record
from entente.service.auth import Caller, get_session, require
from entente.service.models import PlanRow
from entente.service.roster_limits import check_roster_size
from entente.service.routes import found, owner_only
from entente.service.schemas import Identifier, RosterRequest

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["rosters"])


@router.post(
    "/plans/{plan_id}/roster",
    summary="Draw daily rosters from a plan with the secure generator (planner)",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def draw_roster(
    plan_id: Identifier,
    request: RosterRequest,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Response:
    plan = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True)
    owner_only(plan, caller, "plan")
    document = orjson.loads(plan.document)
    check_roster_size(document, request.days)
    rosters = draw_rosters(document, request.days, source=f"plan {plan_id}")
    body = orjson.dumps(roster_document(rosters))
    record(
        session,
        caller.name,
        "roster.draw",
        f"plan/{plan_id}",
        days=request.days,
        generator="seeded" if rosters.seeded else "secrets",
        sha256=hashlib.sha256(body).hexdigest(),
    )
    session.commit()
    return Response(body, media_type="application/json")
