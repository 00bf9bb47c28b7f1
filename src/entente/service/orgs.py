"""Organisations: each has its own tokens and sees only what its tokens made (or was shared).

Names are URL-safe (they appear in ``/api/plans/{id}/shares/{org}``): a
letter or digit, then letters, digits, ``.``, ``_`` or ``-``, at most
:data:`ORG_NAME_LIMIT` characters. What an organisation owns is 404 to
the others unless shared (DESIGN.md, stable); admins see everything.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entente._exceptions import InputError
from entente.service.audit import record
from entente.service.models import Organisation, iso

__all__ = ["ORG_NAME_LIMIT", "check_org_name", "create_org", "find_org", "list_orgs"]

ORG_NAME_LIMIT = 100
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_org_name(name: str) -> None:
    """InputError unless ``name`` is a URL-safe organisation name."""
    if len(name) > ORG_NAME_LIMIT or not _NAME.fullmatch(name):
        raise InputError(
            f"organisation {name[:ORG_NAME_LIMIT]!r}: use 1 to {ORG_NAME_LIMIT} letters, digits, "
            "'.', '_' or '-', starting with a letter or digit"
        )


def create_org(session: Session, *, name: str, actor: str) -> None:
    """Add organisation ``name``; InputError if the name is taken or not URL-safe."""
    check_org_name(name)
    if find_org(session, name) is not None:
        raise InputError(f"organisation {name!r} exists")
    session.add(Organisation(name=name, created_by=actor))
    record(session, actor, "org.create", f"org/{name}")
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise InputError(f"organisation {name!r} exists") from None


def find_org(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name))


def list_orgs(
    session: Session, *, limit: int | None = None, cursor: int | None = None
) -> list[dict[str, Any]]:
    """Oldest first; ``limit`` rows with ids above ``cursor`` (every row by default)."""
    query = select(Organisation)
    if cursor is not None:
        query = query.where(Organisation.id > cursor)
    rows = session.scalars(query.order_by(Organisation.id).limit(limit))
    return [
        {"id": o.id, "name": o.name, "created_at": iso(o.created_at), "created_by": o.created_by}
        for o in rows
    ]
