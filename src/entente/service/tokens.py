"""API tokens: created once, stored only as a hash, revocable; every change audited.

A token is 32 random bytes from :mod:`secrets` (256 bits), URL-safe base64,
prefixed ``ent_``. With that much entropy a plain SHA-256 is the right hash
(as for GitHub's tokens): nothing can be guessed, so a slow password hash
would only slow every request down. Lookups are by the hash, so comparing
secrets in constant time is not needed.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, Literal, get_args

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entente._exceptions import InputError
from entente.service.audit import record
from entente.service.models import DEFAULT_ORG, Organisation, Token, iso, utcnow
from entente.service.orgs import find_org

__all__ = [
    "ROLES",
    "Role",
    "create_token",
    "find_token",
    "hash_token",
    "list_tokens",
    "revoke_token",
]

Role = Literal["viewer", "planner", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
"""Each role may do everything the roles before it may."""

_NAME_LIMIT = 100


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, name: str, role: str, actor: str, org: str = DEFAULT_ORG
) -> str:
    """Store a new token of organisation ``org``; return the token (the only time it is seen)."""
    if role not in ROLES:
        raise InputError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    if not name.strip() or len(name) > _NAME_LIMIT:
        raise InputError(f"name {name!r}: give 1 to {_NAME_LIMIT} characters")
    if session.scalar(select(Token.id).where(Token.name == name)) is not None:
        raise InputError(f"name {name!r}: a token of that name exists; revoke it or pick another")
    organisation = find_org(session, org)
    if organisation is None:
        raise InputError(f"organisation {org!r} does not exist: entente org create {org}")
    token = "ent_" + secrets.token_urlsafe(32)
    session.add(
        Token(
            name=name,
            role=role,
            org_id=organisation.id,
            token_hash=hash_token(token),
            created_by=actor,
        )
    )
    record(session, actor, "token.create", name, role=role, org=org)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise InputError(f"name {name!r}: a token of that name exists") from None
    return token


def list_tokens(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Token, Organisation.name).join(Organisation).order_by(Token.id)
    ).all()
    return [
        {
            "name": t.name,
            "role": t.role,
            "org": org,
            "created_at": iso(t.created_at),
            "created_by": t.created_by,
            "revoked_at": iso(t.revoked_at),
        }
        for t, org in rows
    ]


def revoke_token(session: Session, *, name: str, actor: str) -> None:
    """Revoke the token called ``name``; InputError if there is no live one."""
    token = session.scalar(select(Token).where(Token.name == name))
    if token is None or token.revoked_at is not None:
        raise InputError(f"name {name!r}: no live token of that name")
    token.revoked_at = utcnow()
    record(session, actor, "token.revoke", name, role=token.role)
    session.commit()


def find_token(session: Session, token: str) -> tuple[Token, str] | None:
    """The live token row for a presented token and its organisation's name, or None."""
    row = session.execute(
        select(Token, Organisation.name)
        .join(Organisation)
        .where(Token.token_hash == hash_token(token))
    ).first()
    if row is None or row[0].revoked_at is not None:
        return None
    return row[0], row[1]
