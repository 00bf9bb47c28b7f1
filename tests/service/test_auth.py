"""Every route, every role: 401 without a valid token, 403 below the route's role."""

from __future__ import annotations

import pytest

from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS

ROLES = ["viewer", "planner", "admin"]

# (method, path, json body, the least role that may call it)
ROUTES = [
    ("GET", "/api/me", None, "viewer"),
    ("GET", "/api/scenarios", None, "viewer"),
    ("GET", "/api/scenarios/1", None, "viewer"),
    ("POST", "/api/scenarios", TWO_TARGETS, "planner"),
    ("POST", "/api/scenarios/1/solve", {}, "planner"),
    ("GET", "/api/jobs", None, "viewer"),
    ("GET", "/api/jobs/1", None, "viewer"),
    ("DELETE", "/api/jobs/999", None, "planner"),
    ("GET", "/api/plans", None, "viewer"),
    ("GET", "/api/plans/1", None, "viewer"),
    ("GET", "/api/plans/1/map.svg", None, "viewer"),
    ("GET", "/api/plans/1/report.html", None, "viewer"),
    ("GET", "/api/plans/1/targets", None, "viewer"),
    ("GET", "/api/plans/1/draws", None, "planner"),
    ("GET", "/api/methods", None, "viewer"),
    ("POST", "/api/plans/1/roster", {"days": 1}, "planner"),
    ("GET", "/api/tokens", None, "admin"),
    ("POST", "/api/tokens", {"name": "new-one", "role": "viewer"}, "admin"),
    ("DELETE", "/api/tokens/nobody", None, "admin"),
    ("GET", "/api/audit", None, "admin"),
]


def _call(service: Service, method: str, path: str, body: object, headers: dict[str, str]):
    return service.client.request(method, path, json=body, headers=headers)


def test_health_needs_no_token(service: Service) -> None:
    response = service.client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize(("method", "path", "body", "_role"), ROUTES)
def test_missing_or_wrong_token_is_401(
    service: Service, method: str, path: str, body: object, _role: str
) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer ent_not-a-real-token"},
        {"Authorization": "Basic abc"},
    ):
        response = _call(service, method, path, body, headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


def test_role_matrix(service: Service) -> None:
    service.client.post("/api/scenarios", json=TWO_TARGETS, headers=service.as_("planner"))
    for method, path, body, least in ROUTES:
        for role in ROLES:
            response = _call(service, method, path, body, service.as_(role))
            allowed = ROLES.index(role) >= ROLES.index(least)
            if allowed:
                assert response.status_code not in (401, 403), (method, path, role, response.text)
            else:
                assert response.status_code == 403, (method, path, role, response.text)
                assert least in response.json()["detail"]


def test_revoked_token_is_401(service: Service) -> None:
    admin = service.as_("admin")
    created = service.client.post(
        "/api/tokens", json={"name": "temp", "role": "planner"}, headers=admin
    )
    assert created.status_code == 201
    token = created.json()["token"]
    mine = {"Authorization": f"Bearer {token}"}
    assert service.client.get("/api/me", headers=mine).json() == {
        "name": "temp",
        "role": "planner",
        "org": "default",
    }
    assert service.client.delete("/api/tokens/temp", headers=admin).status_code == 204
    assert service.client.get("/api/me", headers=mine).status_code == 401
    assert service.client.delete("/api/tokens/temp", headers=admin).status_code == 404


def test_token_list_never_shows_secrets_and_changes_are_audited(service: Service) -> None:
    admin = service.as_("admin")
    token = service.client.post(
        "/api/tokens", json={"name": "ops", "role": "viewer"}, headers=admin
    ).json()["token"]
    duplicate = service.client.post(
        "/api/tokens", json={"name": "ops", "role": "admin"}, headers=admin
    )
    assert duplicate.status_code == 409
    listing = service.client.get("/api/tokens", headers=admin)
    assert token not in listing.text
    assert {t["name"]: t["role"] for t in listing.json()}["ops"] == "viewer"
    service.client.delete("/api/tokens/ops", headers=admin)
    events = service.client.get("/api/audit", headers=admin).json()
    changes = [
        (e["actor"], e["action"], e["subject"]) for e in events if e["action"].startswith("token.")
    ]
    assert changes[0] == ("admin-user", "token.revoke", "ops")  # newest first
    assert ("admin-user", "token.create", "ops") in changes
    assert all(token not in str(e) for e in events)


def test_bad_token_request_is_422(service: Service) -> None:
    response = service.client.post(
        "/api/tokens", json={"name": "x", "role": "root"}, headers=service.as_("admin")
    )
    assert response.status_code == 422


def test_openapi_is_served_and_pages_carry_security_headers(service: Service) -> None:
    schema = service.client.get("/openapi.json")
    assert schema.status_code == 200
    assert "/api/plans/{plan_id}/roster" in schema.json()["paths"]
    assert service.client.get("/docs").status_code == 404  # would load scripts from a CDN
    page = service.client.get("/")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    api = service.client.get("/api/me", headers=service.as_("viewer"))
    assert api.headers["cache-control"] == "no-store"
