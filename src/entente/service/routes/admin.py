"""``/api/health`` (no auth), ``/api/me`` (any token), tokens and audit (admin)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from entente._exceptions import InputError
from entente.service.audit import audit_events
from entente.service.auth import Caller, get_session, require
from entente.service.models import Job, utcnow
from entente.service.orgs import find_org, list_orgs
from entente.service.paging import (
    DEFAULT_LIMIT,
    NEXT_PAGE_HEADERS,
    Cursor,
    Limit,
    next_page,
)
from entente.service.schemas import (
    MAX_ID,
    AuditEntry,
    Health,
    Me,
    OrgInfo,
    TokenCreated,
    TokenInfo,
    TokenRequest,
)
from entente.service.tokens import (
    NameTaken,
    create_token,
    list_tokens,
    parse_expiry,
    revoke_token,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["service"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "Runner down or database unreachable"}},
    summary="Runner state, queue and database check (no auth); 503 when unavailable",
)
def health(request: Request) -> Any:
    """One query on a connection held only for it, so a crowd of checks cannot drain the pool."""
    runner = request.app.state.jobs.state()
    queue: dict[str, Any] | None = None
    try:
        with request.app.state.sessions() as session:
            length, oldest = session.execute(
                select(func.count(Job.id), func.min(Job.created_at)).where(Job.status == "queued")
            ).one()
        age = None if oldest is None else (utcnow() - _aware(oldest)).total_seconds()
        queue = {"length": length, "oldest_age": age}
    except SQLAlchemyError:
        pass
    up = queue is not None and runner.state == "running"
    body = {
        "status": "ok" if up else "unavailable",
        "version": metadata.version("entente"),
        "database": "ok" if queue is not None else "unreachable",
        "runner": asdict(runner),
        "queue": queue,
    }
    return body if up else JSONResponse(body, status_code=503)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@router.get("/me", response_model=Me, summary="Who this token is (viewer)")
def me(caller: Annotated[Caller, Depends(require("viewer"))]) -> Any:
    return {"name": caller.name, "role": caller.role, "org": caller.org}


@router.get(
    "/orgs",
    response_model=list[OrgInfo],
    responses={200: {"headers": NEXT_PAGE_HEADERS}},
    summary="Organisations, a page at a time (admin)",
)
def get_orgs(
    session: Annotated[Session, Depends(get_session)],
    _: Annotated[Caller, Depends(require("admin"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Any:
    rows = list_orgs(session, limit=limit, cursor=cursor)
    next_page(request, response, rows[-1]["id"] if rows else None, full=len(rows) == limit)
    return rows


@router.get(
    "/tokens",
    response_model=list[TokenInfo],
    responses={200: {"headers": NEXT_PAGE_HEADERS}},
    summary="Tokens, never the secret, a page at a time (admin)",
)
def get_tokens(
    session: Annotated[Session, Depends(get_session)],
    _: Annotated[Caller, Depends(require("admin"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Any:
    rows = list_tokens(session, limit=limit, cursor=cursor)
    next_page(request, response, rows[-1]["id"] if rows else None, full=len(rows) == limit)
    return rows


@router.post(
    "/tokens",
    status_code=201,
    response_model=TokenCreated,
    responses={
        404: {"description": "No such organisation"},
        409: {"description": "A live token of that name exists"},
    },
    summary="Create a token (admin), in the caller's organisation unless `org` names another",
)
def post_token(
    request: TokenRequest,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("admin"))],
) -> Any:
    org = request.org or caller.org
    if find_org(session, org) is None:
        raise HTTPException(404, f"no organisation {org}")
    try:
        expires = None if request.expires is None else parse_expiry(request.expires)
        token = create_token(
            session,
            name=request.name,
            role=request.role,
            actor=caller.name,
            org=org,
            expires=expires,
        )
    except NameTaken as error:
        raise HTTPException(409, str(error)) from None
    except InputError as error:
        raise HTTPException(422, str(error)) from None
    return {"name": request.name, "role": request.role, "org": org, "token": token}


@router.delete(
    "/tokens/{name}",
    status_code=204,
    responses={404: {"description": "No live token of that name"}},
    summary="Revoke a token (admin)",
)
def delete_token(
    name: str,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("admin"))],
) -> Response:
    try:
        revoke_token(session, name=name, actor=caller.name)
    except InputError as error:
        raise HTTPException(404, str(error)) from None
    return Response(status_code=204)


@router.get(
    "/audit",
    response_model=list[AuditEntry],
    responses={200: {"headers": NEXT_PAGE_HEADERS}},
    summary="The audit log, newest first, a page at a time (admin)",
)
def get_audit(
    session: Annotated[Session, Depends(get_session)],
    _: Annotated[Caller, Depends(require("admin"))],
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Any:
    rows = audit_events(session, limit=limit, offset=offset, cursor=cursor)
    next_page(request, response, rows[-1]["id"] if rows else None, full=len(rows) == limit)
    return rows
