"""``POST /api/plans/{id}/roster`` and ``/orders`` (planner): draws from a stored plan.

``roster``: daily rosters; ``orders``: the draw for the slot occurrences
starting on one date (:mod:`entente.operations.orders`), as JSON records or,
with ``?format=html``, the printable page of ``entente orders -o``.
Always from the operating system's secure generator (a predictable rota is a
beaten rota): the request has no seed, and unknown fields are refused. Every
draw goes to the audit log with who drew it, for which plan, what was drawn,
and the SHA-256 of the answer returned, so a printed rota can be traced.
A roster is streamed: its bytes are made once to hash them (the audit entry
is written before anything is sent), then again from the same draw as they
are sent, so memory is the draw's, not the answer's.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from entente.operations import RosterPlan, draw_rosters, iter_roster_json, roster_plan
from entente.operations.occurrence_export import iter_occurrence_json
from entente.operations.occurrence_roster import draw_occurrence_rosters
from entente.operations.orders import NoOccurrence, Orders, draw_orders
from entente.planfile import PlanRecord, read_plan
from entente.report import view_plan
from entente.report.html import CSP
from entente.report.orders_html import render_orders
from entente.scenario.occurrences import occurrences, scenario_zone, slots_timing
from entente.service.audit import record
from entente.service.auth import Caller, get_session, require
from entente.service.models import PlanRow
from entente.service.roster_limits import check_roster_size
from entente.service.routes import found, owner_only
from entente.service.schemas import Identifier, OrdersRequest, RosterRequest

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["rosters"])

_DETAIL = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    }
}


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
    prepared = roster_plan(read_plan(document, source=f"plan {plan_id}"))
    chunks, seeded = _roster_chunks(prepared, request)
    digest, size = _hashed(chunks)  # to the audit log before anything is sent
    record(
        session,
        caller.name,
        "roster.draw",
        f"plan/{plan_id}",
        days=request.days,
        generator="seeded" if seeded else "secrets",
        sha256=digest,
    )
    session.commit()
    session.close()  # the connection goes back to the pool before the answer streams
    return StreamingResponse(
        iter(chunks()), media_type="application/json", headers={"Content-Length": str(size)}
    )


def _roster_chunks(
    plan: RosterPlan, request: RosterRequest
) -> tuple[Callable[[], Iterator[bytes]], bool]:
    """The answer's bytes, as often as asked (from one draw), and whether the draw was seeded.

    Timed slots: one record per unit per occurrence from ``start``; otherwise
    day by day. Memory: the draw (one integer per unit-day) and one batch of
    records, never the whole answer.
    """
    doc = plan.scenario.document
    if slots_timing(doc) not in ("dated", "weekly"):
        rosters = draw_rosters(plan, request.days)
        return functools.partial(iter_roster_json, rosters), rosters.seeded
    zone = scenario_zone(doc)
    first = request.start or dt.datetime.now(zone).date()
    drawn = draw_occurrence_rosters(plan, occurrences(doc, first, request.days, zone=zone))
    return functools.partial(iter_occurrence_json, drawn, zone.key), drawn.seeded


@router.post(
    "/plans/{plan_id}/orders",
    summary="Draw the orders for one date with the secure generator (planner)",
    description=(
        "The deployment for every slot occurrence that starts on `date` (one `slot` if "
        "given): JSON records `date, slot, start, end, resource, unit, targets` as the "
        "slotted roster CSV, or with `?format=html` the printable page of `entente orders -o`. "
        "A plan without slots gives one draw for the day. 404 when no occurrence starts that "
        "day or the slot is unknown; 400 when the plan's slots do not say when they happen."
    ),
    responses={
        200: {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
            }
        },
        400: {"description": "The plan's slots do not say when they happen", **_DETAIL},
        404: {"description": "No such plan, no occurrence that day, unknown slot", **_DETAIL},
    },
)
def draw_plan_orders(
    plan_id: Identifier,
    request: OrdersRequest,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
    fmt: Annotated[Literal["json", "html"], Query(alias="format")] = "json",
) -> Response:
    day = request.date
    plan = found(session, PlanRow, plan_id, "plan", caller=caller, shared=True)
    owner_only(plan, caller, "plan")
    document = orjson.loads(plan.document)
    check_roster_size(document, 1)
    verified = read_plan(document, source=f"plan {plan_id}")
    try:
        orders = draw_orders(roster_plan(verified), day, slot=request.slot)
    except NoOccurrence as missing:
        raise HTTPException(404, str(missing)) from None
    chunks, media = _orders_chunks(orders, fmt, verified)
    digest, size = _hashed(chunks)
    record(
        session,
        caller.name,
        "orders.draw",
        f"plan/{plan_id}",
        date=day.isoformat(),
        slot=request.slot,
        occurrences=[o.slot for o in orders.occurrences],
        format=fmt,
        generator="seeded" if orders.seed is not None else "secrets",
        sha256=digest,
    )
    session.commit()
    session.close()
    headers = {"Content-Length": str(size)}
    if fmt == "html":
        headers["Content-Security-Policy"] = CSP
    return StreamingResponse(iter(chunks()), media_type=media, headers=headers)


def _orders_chunks(
    orders: Orders, fmt: str, verified: PlanRecord
) -> tuple[Callable[[], Iterable[bytes]], str]:
    """The orders' bytes, as often as asked, and their media type."""
    if fmt == "html":
        page = render_orders(view_plan(verified), orders).encode()
        return functools.partial(iter, (page,)), "text/html"
    zone = scenario_zone(orders.rosters.plan.scenario.document).key
    before = {"date": orders.date.isoformat()}
    return functools.partial(iter_occurrence_json, orders.rosters, zone, before=before), (
        "application/json"
    )


def _hashed(chunks: Callable[[], Iterable[bytes]]) -> tuple[str, int]:
    """The SHA-256 (hex) and size of the answer ``chunks()`` makes."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks():
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
