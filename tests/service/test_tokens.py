"""Tokens: optional expiry, URL-safe names, names reusable after revocation, 422 for blank."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from entente.service.models import Token, utcnow
from tests.service.conftest import Service
from tests.service.server import entente_cli


def _create(service: Service, **body: str):
    return service.client.post("/api/tokens", json=body, headers=service.as_("admin"))


@pytest.mark.parametrize(
    ("name", "status"), [("   ", 422), ("a/b", 422), ("x" * 101, 422), ("ops.team@uk-1", 201)]
)
def test_token_names_are_url_safe(service: Service, name: str, status: int) -> None:
    assert _create(service, name=name, role="viewer").status_code == status


def test_a_revoked_name_can_be_reused(service: Service) -> None:
    first = _create(service, name="ops", role="viewer")
    assert first.status_code == 201
    taken = _create(service, name="ops", role="viewer")
    assert taken.status_code == 409
    assert "a live token of that name exists" in taken.json()["detail"]
    admin = service.as_("admin")
    assert service.client.delete("/api/tokens/ops", headers=admin).status_code == 204
    second = _create(service, name="ops", role="planner")
    assert second.status_code == 201, second.text
    old = {"Authorization": f"Bearer {first.json()['token']}"}
    new = {"Authorization": f"Bearer {second.json()['token']}"}
    assert service.client.get("/api/me", headers=old).status_code == 401
    assert service.client.get("/api/me", headers=new).json()["role"] == "planner"
    listed = [
        t for t in service.client.get("/api/tokens", headers=admin).json() if t["name"] == "ops"
    ]
    assert [t["revoked_at"] is None for t in listed] == [False, True]


def test_an_expired_token_is_401(service: Service) -> None:
    created = _create(service, name="temp", role="viewer", expires="1h")
    assert created.status_code == 201
    mine = {"Authorization": f"Bearer {created.json()['token']}"}
    assert service.client.get("/api/me", headers=mine).status_code == 200
    listed = [t for t in service.client.get("/api/tokens", headers=service.as_("admin")).json()]
    expires = next(t["expires_at"] for t in listed if t["name"] == "temp")
    assert expires is not None
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        session.execute(
            update(Token)
            .where(Token.name == "temp")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    refused = service.client.get("/api/me", headers=mine)
    assert (refused.status_code, refused.json()["detail"]) == (
        401,
        "unknown, revoked or expired token",
    )
    assert _create(service, name="bad", role="viewer", expires="soon").status_code == 422


def test_token_create_expires_on_the_cli(tmp_path: Path) -> None:
    created = entente_cli(
        "token", "create", "--role", "viewer", "--name", "short", "--expires", "90d", "--create",
        cwd=tmp_path,
    )
    assert created.exit_code == 0, created.stderr
    listing = entente_cli("token", "list", cwd=tmp_path).stdout
    assert "short" in listing
    bad = entente_cli(
        "token", "create", "--role", "viewer", "--name", "x", "--expires", "3 months", cwd=tmp_path
    )
    assert bad.exit_code == 2
    assert "give a number of days or hours, such as 90d or 12h" in bad.stderr
