"""``/api/plans/{id}/shares``: a plan shared read-only with other organisations (audited).

The owning organisation's planners (and admins) share and unshare; the
other organisation's tokens may then read the plan, its map and its report,
but not draw rosters from it. Its scenario and job stay private.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from entente.service.audit import record
from entente.service.auth import Caller, get_session, require
from entente.service.models import Organisation, PlanRow, PlanShare, iso
from entente.service.orgs import find_org
from entente.service.routes import found, owner_only
from entente.service.schemas import Identifier, OrgName, ShareInfo, ShareRequest

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["jobs and plans"])


def _owned_plan(session: Session, plan_id: int, caller: Caller) -> PlanRow:
    plan = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True)
    owner_only(plan, caller, "plan")
    return plan


@router.get(
    "/plans/{plan_id}/shares",
    response_model=list[ShareInfo],
    summary="The organisations a plan is shared with (viewer of the owner)",
)
def list_shares(
    plan_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Any:
    _owned_plan(session, plan_id, caller)
    rows = session.execute(
        select(PlanShare, Organisation.name)
        .join(Organisation)
        .where(PlanShare.plan_id == plan_id)
        .order_by(PlanShare.id)
    ).all()
    return [
        {"org": org, "created_at": iso(share.created_at), "created_by": share.created_by}
        for share, org in rows
    ]


@router.post(
    "/plans/{plan_id}/shares",
    status_code=201,
    response_model=ShareInfo,
    responses={409: {"description": "Already shared with that organisation"}},
    summary="Share a plan read-only with another organisation (planner of the owner)",
)
def share_plan(
    plan_id: Identifier,
    request: ShareRequest,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Any:
    plan = _owned_plan(session, plan_id, caller)
    org = find_org(session, request.org)
    if org is None:
        raise HTTPException(404, f"no organisation {request.org}")
    if org.id == plan.org_id:
        raise HTTPException(409, f"plan {plan_id} belongs to {request.org} already")
    exists = select(PlanShare.id).where(PlanShare.plan_id == plan_id, PlanShare.org_id == org.id)
    if session.scalar(exists) is not None:
        raise HTTPException(409, f"plan {plan_id} is shared with {request.org} already")
    share = PlanShare(plan_id=plan_id, org_id=org.id, created_by=caller.name)
    session.add(share)
    record(session, caller.name, "plan.share", f"plan/{plan_id}", org=request.org)
    session.commit()
    return {"org": request.org, "created_at": iso(share.created_at), "created_by": caller.name}


@router.delete(
    "/plans/{plan_id}/shares/{org}",
    status_code=204,
    summary="Stop sharing a plan with an organisation (planner of the owner)",
)
def unshare_plan(
    plan_id: Identifier,
    org: OrgName,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Response:
    _owned_plan(session, plan_id, caller)
    organisation = find_org(session, org)
    removed = None
    if organisation is not None:
        removed = session.execute(
            delete(PlanShare).where(
                PlanShare.plan_id == plan_id, PlanShare.org_id == organisation.id
            )
        )
    if removed is None or removed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise HTTPException(404, f"plan {plan_id} is not shared with {org}")
    record(session, caller.name, "plan.unshare", f"plan/{plan_id}", org=org)
    session.commit()
    return Response(status_code=204)
