"""Uploading, listing and reading scenarios; invalid ones get the CLI's field messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from entente.cli import app
from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS

INVALID = [
    # a bad id, an unknown key, a payoff in the wrong order
    {**TWO_TARGETS, "targets": [{**TWO_TARGETS["targets"][0], "id": "Louvre"}]},
    {**TWO_TARGETS, "colour": "red"},
    {
        **TWO_TARGETS,
        "targets": [{**TWO_TARGETS["targets"][0], "defender": {"covered": -20, "uncovered": -10}}],
    },
    {"name": "x", "targets": [], "resources": []},
    {
        "targets": [
            {"id": "a", "defender": {"covered": 1}, "attacker": {"covered": "high", "uncovered": 1}}
        ],
        "resources": [{"id": "t", "count": -1}],
    },
]


def test_upload_then_read_back_equal(service: Service) -> None:
    planner = service.as_("planner")
    created = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner)
    assert created.status_code == 201
    identifier = created.json()["id"]
    back = service.client.get(f"/api/scenarios/{identifier}", headers=service.as_("viewer"))
    assert back.status_code == 200
    assert back.json() == TWO_TARGETS
    listing = service.client.get("/api/scenarios", headers=service.as_("viewer")).json()
    assert [(s["id"], s["name"], s["targets"], s["created_by"]) for s in listing] == [
        (identifier, "example", 2, "planner-user")
    ]


def test_yaml_upload(service: Service) -> None:
    response = service.client.post(
        "/api/scenarios",
        content=yaml.safe_dump(TWO_TARGETS),
        headers={**service.as_("planner"), "Content-Type": "application/yaml"},
    )
    assert response.status_code == 201
    back = service.client.get(
        f"/api/scenarios/{response.json()['id']}", headers=service.as_("viewer")
    )
    assert back.json() == TWO_TARGETS


def test_missing_scenario_is_404(service: Service) -> None:
    assert (
        service.client.get("/api/scenarios/12345", headers=service.as_("viewer")).status_code == 404
    )
    assert (
        service.client.post(
            "/api/scenarios/12345/solve", headers=service.as_("planner")
        ).status_code
        == 404
    )


@pytest.mark.parametrize("document", INVALID)
def test_invalid_scenario_messages_match_the_cli(
    service: Service, tmp_path: Path, document: dict
) -> None:
    response = service.client.post("/api/scenarios", json=document, headers=service.as_("planner"))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail, response.text
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    cli = CliRunner().invoke(app, ["validate", str(path)])
    assert cli.exit_code == 2
    for problem in detail:
        assert problem["loc"][0] == "body"
        field = _path(problem["loc"][1:])
        shown = f"{field}: {problem['msg']}" if field else problem["msg"]
        assert shown in cli.stderr, (shown, cli.stderr)
    assert service.client.get("/api/scenarios", headers=service.as_("viewer")).json() == []


def _path(loc: list) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def test_not_json_is_422(service: Service) -> None:
    response = service.client.post(
        "/api/scenarios",
        content=b"{not json",
        headers={**service.as_("planner"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"][0]["msg"]


def test_body_limit(make_service) -> None:
    service = make_service(max_body_bytes=2000)
    small = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=service.as_("planner"))
    assert small.status_code == 201
    big = {**TWO_TARGETS, "description": "x" * 3000}
    response = service.client.post("/api/scenarios", json=big, headers=service.as_("planner"))
    assert response.status_code == 413
    assert "2000" in response.json()["detail"]

    def chunks():
        yield json.dumps(big).encode()

    streamed = service.client.post(
        "/api/scenarios",
        content=chunks(),
        headers={**service.as_("planner"), "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    assert len(service.client.get("/api/scenarios", headers=service.as_("viewer")).json()) == 1


def test_a_request_holds_one_connection_at_a_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With a pool of one connection, uploading and solving still work: the token check
    gives its connection back before a route opens its own session (else, under load,
    every worker thread holds one connection and waits for a second: the pool runs dry)."""
    from entente.service import db
    from tests.service.conftest import start_service

    monkeypatch.setattr(
        db, "pool_options", lambda threads: {"pool_size": 1, "max_overflow": 0, "pool_timeout": 3}
    )
    client, tokens = start_service(f"sqlite:///{tmp_path / 'entente.db'}", workers=1)
    planner = {"Authorization": f"Bearer {tokens['planner']}"}
    with client:
        created = client.post("/api/scenarios", json=TWO_TARGETS, headers=planner)
        assert created.status_code == 201, created.text
        job = client.post(f"/api/scenarios/{created.json()['id']}/solve", headers=planner)
        assert job.status_code == 202, job.text
        service = Service(client, tokens, "")
        done = service.wait_job(job.json()["job"])
        assert done["status"] == "done", done
        plan = client.get(f"/api/plans/{done['plan']}", headers=planner).json()
        assert plan["defender_utility"] == pytest.approx(-3.0)  # the README's game
