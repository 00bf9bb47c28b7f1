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
from entente.service.models import Token, iso, utcnow

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


def create_token(session: Session, *, name: str, role: str, actor: str) -> str:
    """Store a new token's hash and return the token (the only time it is seen)."""
    if role not in ROLES:
        raise InputError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    if not name.strip() or len(name) > _NAME_LIMIT:
        raise InputError(f"name {name!r}: give 1 to {_NAME_LIMIT} characters")
    if session.scalar(select(Token.id).where(Token.name == name)) is not None:
        raise InputError(f"name {name!r}: a token of that name exists; revoke it or pick another")
    token = "ent_" + secrets.token_urlsafe(32)
    session.add(Token(name=name, role=role, token_hash=hash_token(token), created_by=actor))
    record(session, actor, "token.create", name, role=role)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise InputError(f"name {name!r}: a token of that name exists") from None
    return token


def list_tokens(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(Token).order_by(Token.id))
    return [
        {
            "name": t.name,
            "role": t.role,
            "created_at": iso(t.created_at),
            "created_by": t.created_by,
            "revoked_at": iso(t.revoked_at),
        }
        for t in rows
    ]


def revoke_token(session: Session, *, name: str, actor: str) -> None:
    """Revoke the token called ``name``; InputError if there is no live one."""
    token = session.scalar(select(Token).where(Token.name == name))
    if token is None or token.revoked_at is not None:
        raise InputError(f"name {name!r}: no live token of that name")
    token.revoked_at = utcnow()
    record(session, actor, "token.revoke", name, role=token.role)
    session.commit()


def find_token(session: Session, token: str) -> Token | None:
    """The live token row for a presented token, or None."""
    row = session.scalar(select(Token).where(Token.token_hash == hash_token(token)))
    return None if row is None or row.revoked_at is not None else row
