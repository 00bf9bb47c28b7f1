"""The API's routers, and what they share."""

from __future__ import annotations

from typing import TypeVar

from fastapi import HTTPException
from sqlalchemy.orm import Session

__all__ = ["found"]

Row = TypeVar("Row")


def found(session: Session, model: type[Row], identifier: int, what: str) -> Row:
    """The row of ``model`` with ``identifier``, or 404 ``no WHAT ID``."""
    row = session.get(model, identifier)
    if row is None:
        raise HTTPException(404, f"no {what} {identifier}")
    return row
