"""The API's routers, and what they share: finding a row the caller may see.

What an organisation owns is 404 to the others (not 403: another
organisation's ids are not even confirmed to exist), unless it is a plan
shared with the caller's organisation; admins see everything.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import HTTPException
from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from entente.service.auth import Caller
from entente.service.models import PlanRow, PlanShare

__all__ = ["found", "owner_only", "visible_plans", "visible_to"]

Row = TypeVar("Row")


def found(
    session: Session,
    model: type[Row],
    identifier: int,
    what: str,
    *,
    caller: Caller,
    shared: bool = False,
) -> Row:
    """The row of ``model`` with ``identifier`` if ``caller`` may see it, or 404 ``no WHAT ID``.

    ``shared``: a plan shared with the caller's organisation counts (reads).
    """
    row = session.get(model, identifier)
    if row is None or not _may_see(session, row, caller, shared=shared):
        raise HTTPException(404, f"no {what} {identifier}")
    return row


def _may_see(session: Session, row: Any, caller: Caller, *, shared: bool) -> bool:
    if caller.admin or row.org_id == caller.org_id:
        return True
    if shared and isinstance(row, PlanRow):
        share = select(PlanShare.id).where(
            PlanShare.plan_id == row.id, PlanShare.org_id == caller.org_id
        )
        return session.scalar(share) is not None
    return False


def owner_only(row: Any, caller: Caller, what: str) -> None:
    """403 when ``caller`` sees ``row`` through a share only: shares are read-only."""
    if not caller.admin and row.org_id != caller.org_id:
        raise HTTPException(
            403, f"{what} {row.id} is shared with {caller.org} read-only: its owner does this"
        )


def visible_to(model: Any, caller: Caller) -> ColumnElement[bool]:
    """A WHERE clause for the rows of ``model`` that ``caller``'s organisation owns."""
    return true() if caller.admin else model.org_id == caller.org_id


def visible_plans(caller: Caller) -> ColumnElement[bool]:
    """A WHERE clause for the plans ``caller`` owns or that are shared with its organisation."""
    if caller.admin:
        return true()
    shared = select(PlanShare.plan_id).where(PlanShare.org_id == caller.org_id)
    return or_(PlanRow.org_id == caller.org_id, PlanRow.id.in_(shared))
