"""API tokens: created once, stored only as a hash, revocable; every change audited.

A token is 32 random bytes from :mod:`secrets` (256 bits), URL-safe base64,
prefixed ``ent_``. With that much entropy a plain SHA-256 is the right hash
(as for GitHub's tokens): nothing can be guessed, so a slow password hash
would only slow every request down. Lookups are by the hash, so comparing
secrets in constant time is not needed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from entente._exceptions import InputError
from entente.service.audit import record
from entente.service.models import DEFAULT_ORG, Organisation, Token, iso, utcnow
from entente.service.orgs import find_org

__all__ = [
    "ROLES",
    "NameTaken",
    "Role",
    "check_token_name",
    "create_token",
    "find_token",
    "hash_token",
    "list_tokens",
    "parse_expiry",
    "revoke_token",
]

Role = Literal["viewer", "planner", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
"""Each role may do everything the roles before it may."""

_NAME_LIMIT = 100
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")
_DURATION = re.compile(r"([1-9][0-9]{0,4})([hd])")


def parse_expiry(text: str) -> timedelta:
    """``90d`` or ``12h`` as a duration; InputError otherwise."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise InputError(f"expires {text!r}: give a number of days or hours, such as 90d or 12h")
    count, unit = int(match.group(1)), match.group(2)
    return timedelta(days=count) if unit == "d" else timedelta(hours=count)


def check_token_name(name: str) -> None:
    """InputError unless ``name`` is 1 to 100 URL-safe characters (it appears in URLs)."""
    if not name.strip():
        raise InputError("name: must not be blank")
    if len(name) > _NAME_LIMIT or not _NAME.fullmatch(name):
        raise InputError(
            f"name {name[:_NAME_LIMIT]!r}: use 1 to {_NAME_LIMIT} letters, digits, '.', '_', "
            "'@' or '-', starting with a letter or digit"
        )


def _live(name: str) -> Any:
    return (Token.name == name) & Token.revoked_at.is_(None)


class NameTaken(InputError):
    """A live token already has that name (409 in the API)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    *,
    name: str,
    role: str,
    actor: str,
    org: str = DEFAULT_ORG,
    expires: timedelta | None = None,
) -> str:
    """Store a new token of organisation ``org``; return the token (the only time it is seen).

    ``expires``: the token stops working that long from now (401 after).
    A name is unique among live tokens; a revoked token's name may be reused.
    """
    if role not in ROLES:
        raise InputError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    check_token_name(name)
    if session.scalar(select(Token.id).where(_live(name))) is not None:
        raise NameTaken(
            f"name {name!r}: a live token of that name exists; revoke it or pick another"
        )
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
            expires_at=None if expires is None else utcnow() + expires,
        )
    )
    detail: dict[str, Any] = {"role": role, "org": org}
    if expires is not None:
        detail["expires_in_hours"] = expires.total_seconds() / 3600
    record(session, actor, "token.create", name, **detail)
    session.commit()
    return token


def list_tokens(
    session: Session, *, limit: int | None = None, cursor: int | None = None
) -> list[dict[str, Any]]:
    """Oldest first; ``limit`` rows with ids above ``cursor`` (every row by default)."""
    query = select(Token, Organisation.name).join(Organisation)
    if cursor is not None:
        query = query.where(Token.id > cursor)
    rows = session.execute(query.order_by(Token.id).limit(limit)).all()
    return [
        {
            "id": t.id,
            "name": t.name,
            "role": t.role,
            "org": org,
            "created_at": iso(t.created_at),
            "created_by": t.created_by,
            "revoked_at": iso(t.revoked_at),
            "expires_at": iso(t.expires_at),
        }
        for t, org in rows
    ]


def revoke_token(session: Session, *, name: str, actor: str) -> None:
    """Revoke the token called ``name``; InputError if there is no live one."""
    token = session.scalar(select(Token).where(_live(name)))
    if token is None:
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
    expires = row[0].expires_at
    if (
        expires is not None
        and (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= utcnow()
    ):
        return None
    return row[0], row[1]
