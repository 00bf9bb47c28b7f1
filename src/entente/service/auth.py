"""Who is calling: ``Authorization: Bearer TOKEN`` checked against the stored hashes.

Missing, unknown, revoked or expired token: 401 (with ``WWW-Authenticate: Bearer``).
A role below the one a route needs: 403. Roles are ordered viewer <
planner < admin (:data:`entente.service.tokens.ROLES`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from entente.service.tokens import ROLES, Role, find_token

__all__ = ["Caller", "get_session", "require"]

_bearer = HTTPBearer(auto_error=False, description="An API token: `entente token create`.")


@dataclass(frozen=True)
class Caller:
    """A token's holder: its name, role and organisation (``org_id``, ``org`` its name)."""

    name: str
    role: str
    org_id: int
    org: str

    def may(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def admin(self) -> bool:
        """Admins see every organisation's work."""
        return self.role == "admin"


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for the request, closed on the event loop when the route is done.

    Async on purpose: FastAPI runs a sync generator's clean-up in the thread
    pool, so under a burst the connections of finished requests waited for a
    free thread while every thread waited for a connection (the pool timed
    out after 30 s). The session connects lazily, at its first query, inside
    the route's thread.
    """
    with request.app.state.sessions() as session:
        yield session


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def require(role: Role) -> Callable[..., Caller]:
    """A dependency that admits callers whose role is at least ``role``."""

    def dependency(
        session: Annotated[Session, Depends(get_session)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Caller:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise _unauthorised("missing bearer token: send Authorization: Bearer TOKEN")
        found = find_token(session, credentials.credentials)
        caller = (
            None
            if found is None
            else Caller(found[0].name, found[0].role, found[0].org_id, found[1])
        )
        # Give the connection back now: a route that opens a session of its own
        # (an upload, a job) must not wait for a second connection while holding
        # this one (50 such requests at once exhausted the pool for 30 s).
        session.close()
        if caller is None:
            raise _unauthorised("unknown, revoked or expired token")
        if not caller.may(role):
            raise HTTPException(
                403, f"this needs the {role} role; {caller.name} is a {caller.role}"
            )
        return caller

    return dependency
