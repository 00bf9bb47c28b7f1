"""Organisations: what one owns is 404 to the others unless shared; admins see all.

Two organisations (a UK team and a French prefecture) each with a viewer
and a planner; every route of the API is tried by the other organisation's
tokens on the first one's scenario, job and plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from entente.service.app import create_app
from entente.service.config import Settings
from entente.service.db import connect, migrate, sessions
from entente.service.orgs import create_org
from entente.service.tokens import create_token
from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS


@dataclass
class Two:
    client: TestClient
    tokens: dict[str, str]
    scenario: int
    job: int
    plan: int

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def two(database_url: str) -> Iterator[Two]:
    engine = connect(database_url)
    migrate(engine)
    tokens = {}
    with sessions(engine)() as session:
        tokens["admin"] = create_token(session, name="root", role="admin", actor="test")
        for org in ("uk-police", "prefecture-nord"):
            create_org(session, name=org, actor="test")
            for role in ("viewer", "planner"):
                tokens[f"{org}/{role}"] = create_token(
                    session, name=f"{org}-{role}", role=role, actor="test", org=org
                )
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=database_url, workers=1)))
    with client:
        uk = {"Authorization": f"Bearer {tokens['uk-police/planner']}"}
        scenario = client.post("/api/scenarios", json=TWO_TARGETS, headers=uk).json()["id"]
        job = client.post(f"/api/scenarios/{scenario}/solve", headers=uk).json()["job"]
        service = Service(client, {"p": tokens["uk-police/planner"]}, database_url)
        plan = service.wait_job(job, "p")["plan"]
        yield Two(client, tokens, scenario, job, plan)


ROUTES = [
    ("GET", "/api/scenarios/{scenario_id}", None),
    ("POST", "/api/scenarios/{scenario_id}/solve", None),
    ("GET", "/api/jobs/{job_id}", None),
    ("DELETE", "/api/jobs/{job_id}", None),
    ("GET", "/api/plans/{plan_id}", None),
    ("GET", "/api/plans/{plan_id}/map.svg", None),
    ("GET", "/api/plans/{plan_id}/report.html", None),
    ("GET", "/api/plans/{plan_id}/targets", None),
    ("GET", "/api/plans/{plan_id}/draws", None),
    ("POST", "/api/plans/{plan_id}/roster", {"days": 1}),
    ("POST", "/api/plans/{plan_id}/orders", {"date": "2025-06-02"}),
    ("GET", "/api/plans/{plan_id}/shares", None),
    ("POST", "/api/plans/{plan_id}/shares", {"org": "prefecture-nord"}),
    ("DELETE", "/api/plans/{plan_id}/shares/{org}", None),
    ("POST", "/api/scenarios/{scenario_id}/versions", TWO_TARGETS),
    ("GET", "/api/scenarios/{scenario_id}/versions", None),
    ("POST", "/api/scenarios/{scenario_id}/sweep", {"resource": "team", "counts": "0..1"}),
    ("POST", "/api/scenarios/{scenario_id}/budget", {"budget": 1}),
    ("GET", "/api/jobs/{job_id}/result", None),
]
"""Every route that takes the id of something an organisation owns."""


def _routes(two: Two) -> list[tuple[str, str, dict | None]]:
    ids = {"scenario_id": two.scenario, "job_id": two.job, "plan_id": two.plan}
    return [
        (method, path.format(org="prefecture-nord", **ids), body) for method, path, body in ROUTES
    ]


def test_every_route_with_an_id_is_tried(two: Two) -> None:
    paths = two.client.get("/openapi.json").json()["paths"]
    with_ids = {
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        if "_id}" in path
        for method in operations
    }
    assert with_ids == {f"{method} {path}" for method, path, _ in ROUTES}


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_another_organisation_gets_404_on_every_route(two: Two, role: str) -> None:
    other = two.as_(f"prefecture-nord/{role}")
    for method, path, body in _routes(two):
        response = two.client.request(method, path, json=body, headers=other)
        # a viewer can't write, nor read the draws
        reads = method == "GET" and not path.endswith("/draws")
        expected = 404 if role == "planner" or reads else 403
        assert response.status_code == expected, (method, path, response.text)
        if expected == 404:
            assert response.json()["detail"].startswith("no ")
    for listing in ("/api/scenarios", "/api/jobs", "/api/plans"):
        assert two.client.get(listing, headers=other).json() == []


def test_the_owner_and_admins_see_everything(two: Two) -> None:
    for who in ("uk-police/viewer", "admin"):
        headers = two.as_(who)
        for path in (
            f"/api/scenarios/{two.scenario}",
            f"/api/jobs/{two.job}",
            f"/api/plans/{two.plan}",
            f"/api/plans/{two.plan}/map.svg",
        ):
            assert two.client.get(path, headers=headers).status_code == 200, (who, path)
        assert len(two.client.get("/api/plans", headers=headers).json()) == 1


def test_a_shared_plan_is_readable_not_rosterable(two: Two) -> None:
    uk = two.as_("uk-police/planner")
    fr = two.as_("prefecture-nord/planner")
    shared = two.client.post(
        f"/api/plans/{two.plan}/shares", json={"org": "prefecture-nord"}, headers=uk
    )
    assert shared.status_code == 201, shared.text
    assert shared.json()["org"] == "prefecture-nord"
    again = two.client.post(
        f"/api/plans/{two.plan}/shares", json={"org": "prefecture-nord"}, headers=uk
    )
    assert again.status_code == 409
    assert [
        s["org"] for s in two.client.get(f"/api/plans/{two.plan}/shares", headers=uk).json()
    ] == ["prefecture-nord"]
    for path in (f"/api/plans/{two.plan}", f"/api/plans/{two.plan}/report.html"):
        assert two.client.get(path, headers=fr).status_code == 200
    assert [p["id"] for p in two.client.get("/api/plans", headers=fr).json()] == [two.plan]
    roster = two.client.post(f"/api/plans/{two.plan}/roster", json={"days": 1}, headers=fr)
    assert roster.status_code == 403
    assert roster.json()["detail"] == (
        f"plan {two.plan} is shared with prefecture-nord read-only: its owner does this"
    )
    assert two.client.get(f"/api/scenarios/{two.scenario}", headers=fr).status_code == 404
    assert two.client.get(f"/api/jobs/{two.job}", headers=fr).status_code == 404
    audit = two.client.get("/api/audit", headers=two.as_("admin")).json()
    assert (audit[0]["action"], audit[0]["subject"], audit[0]["detail"]) == (
        "plan.share",
        f"plan/{two.plan}",
        {"org": "prefecture-nord"},
    )
    gone = two.client.delete(f"/api/plans/{two.plan}/shares/prefecture-nord", headers=uk)
    assert gone.status_code == 204
    assert two.client.get(f"/api/plans/{two.plan}", headers=fr).status_code == 404


def test_a_shared_plans_targets_are_readable_its_draws_are_not(two: Two) -> None:
    uk, fr = two.as_("uk-police/planner"), two.as_("prefecture-nord/planner")
    draws = f"/api/plans/{two.plan}/draws"
    assert two.client.get(draws, headers=uk).json() == []
    assert two.client.get(draws, headers=fr).status_code == 404
    two.client.post(f"/api/plans/{two.plan}/shares", json={"org": "prefecture-nord"}, headers=uk)
    targets = two.client.get(f"/api/plans/{two.plan}/targets", headers=fr)
    assert targets.status_code == 200
    assert [t["id"] for t in targets.json()["targets"]] == ["louvre", "eiffel"]
    refused = two.client.get(draws, headers=fr)
    assert refused.status_code == 403
    assert "read-only" in refused.json()["detail"]


def test_sharing_with_an_unknown_organisation_is_404(two: Two) -> None:
    uk = two.as_("uk-police/planner")
    response = two.client.post(f"/api/plans/{two.plan}/shares", json={"org": "nobody"}, headers=uk)
    assert (response.status_code, response.json()["detail"]) == (404, "no organisation nobody")


def test_me_names_the_organisation(two: Two) -> None:
    me = two.client.get("/api/me", headers=two.as_("prefecture-nord/viewer")).json()
    assert me == {"name": "prefecture-nord-viewer", "role": "viewer", "org": "prefecture-nord"}


def test_the_migration_moves_existing_data_to_the_default_organisation(tmp_path: Path) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    engine = connect(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("entente.service") / "migrations")
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO scenarios (name, body, sha256, n_targets, created_at, created_by) "
                "VALUES ('old', '{}', 'x', 2, '2026-01-01', 'alice')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO tokens (name, role, token_hash, created_at, created_by) "
                "VALUES ('alice', 'planner', 'h', '2026-01-01', 'cli')"
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT o.name FROM scenarios s JOIN organisations o ON o.id = s.org_id "
                "UNION ALL SELECT o.name FROM tokens t JOIN organisations o ON o.id = t.org_id"
            )
        ).all()
    engine.dispose()
    assert [r[0] for r in rows] == ["default", "default"]
