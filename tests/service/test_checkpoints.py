"""The service takes checkpoint scenarios as the CLI does: same loader, same plan keys."""

from __future__ import annotations

import yaml

from tests.scenario.test_network import DIAMOND
from tests.service.conftest import Service


def test_checkpoint_scenario_solves_and_draws_rosters(service: Service) -> None:
    document = yaml.safe_load(DIAMOND)
    response = service.client.post("/api/scenarios", json=document, headers=service.as_("planner"))
    assert response.status_code == 201, response.text
    scenario = response.json()["id"]
    response = service.client.post(
        f"/api/scenarios/{scenario}/solve", json=None, headers=service.as_("planner")
    )
    assert response.status_code == 202, response.text
    job = service.wait_job(response.json()["job"])
    assert job["status"] == "done", job
    plan = service.client.get(f"/api/plans/{job['plan']}", headers=service.as_("viewer")).json()
    assert plan["method"] == "double-oracle"
    assert plan["verified"] is True
    assert abs(plan["defender_utility"] + 5.0) < 1e-9
    assert set(plan["checkpoints"]) == {"ab", "ac", "bd", "cd"}
    assert abs(sum(plan["checkpoints"].values()) - 1.0) < 1e-9  # one unit, always placed
    assert plan["types"]["attacker"]["path"]["nodes"][0] == "a"
    assert plan["strategy"]["form"] == "checkpoints"
    response = service.client.post(
        f"/api/plans/{job['plan']}/roster", json={"days": 5}, headers=service.as_("planner")
    )
    assert response.status_code == 200, response.text
    held = {f"{a} - {b} ({a}{b})" for a, b in ("ab", "ac", "bd", "cd")}
    for day in response.json()["days"]:
        (unit,) = day["units"]  # one checkpoint unit, named by its road's ends
        assert set(unit["targets"]) <= held


def test_graphml_is_refused_for_uploads(service: Service) -> None:
    document = yaml.safe_load(DIAMOND)
    document["network"] = {"graphml": "/etc/roads.graphml", "sources": ["a"]}
    response = service.client.post("/api/scenarios", json=document, headers=service.as_("planner"))
    assert response.status_code == 422, response.text
    assert "only a scenario read from a file" in response.text
