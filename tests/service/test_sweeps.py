"""Sweeps and budgets as jobs: the CLI's numbers, bounded, organisation-scoped."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from entente.evaluate.budget import best_mix
from entente.evaluate.sweep import (
    parse_payoff_path,
    payoff_variants,
    resource_variants,
    run_sweep,
)
from entente.scenario import parse_scenario
from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS

_TIMING = ("seconds",)


def _without_timing(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if k not in _TIMING} for p in points]


def _run(service: Service, scenario: int, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    planner = service.as_("planner")
    queued = service.client.post(f"/api/scenarios/{scenario}/{kind}", json=body, headers=planner)
    assert queued.status_code == 202, queued.text
    job = service.wait_job(queued.json()["job"], "planner")
    assert (job["status"], job["kind"], job["progress"], job["plan"]) == ("done", kind, 1.0, None)
    result = service.client.get(f"/api/jobs/{job['id']}/result", headers=service.as_("viewer"))
    assert result.status_code == 200
    return dict(result.json())


def _upload(service: Service, document: dict[str, Any]) -> int:
    answer = service.client.post("/api/scenarios", json=document, headers=service.as_("planner"))
    return int(answer.json()["id"])


def test_a_resource_sweep_job_equals_entente_evaluate(service: Service) -> None:
    scenario = _upload(service, TWO_TARGETS)
    result = _run(service, scenario, "sweep", {"resource": "team", "counts": "0..2"})
    local = parse_scenario(copy.deepcopy(TWO_TARGETS), source="example")
    expected = run_sweep(
        local,
        {"kind": "resource", "resource": "team"},
        list(resource_variants(local, "team", [0, 1, 2])),
    ).as_dict()
    assert result["parameter"] == expected["parameter"] == {"kind": "resource", "resource": "team"}
    assert _without_timing(result["points"]) == _without_timing(expected["points"])
    assert [p["value"] for p in result["points"]] == [0, 1, 2]
    assert result["points"][1]["defender_utility"] == -3.0  # the README's game
    assert result["points"][2]["defender_utility"] >= result["points"][1]["defender_utility"]


def test_a_payoff_sweep_job_equals_entente_evaluate(service: Service) -> None:
    scenario = _upload(service, TWO_TARGETS)
    body = {"payoff": "louvre.attacker.uncovered", "values": "6..10:2"}
    result = _run(service, scenario, "sweep", body)
    local = parse_scenario(copy.deepcopy(TWO_TARGETS), source="example")
    path = parse_payoff_path(body["payoff"])
    expected = run_sweep(
        local,
        {"kind": "payoff", "path": str(path)},
        list(payoff_variants(local, path, [6.0, 8.0, 10.0])),
    ).as_dict()
    assert _without_timing(result["points"]) == _without_timing(expected["points"])


def test_a_budget_job_equals_entente_evaluate(service: Service) -> None:
    document = copy.deepcopy(TWO_TARGETS)
    document["resources"] = [
        {"id": "team", "count": 0, "cost": 3},
        {"id": "drone", "count": 0, "cost": 2, "effectiveness": 0.5},
    ]
    scenario = _upload(service, document)
    result = _run(service, scenario, "budget", {"budget": 5})
    expected = best_mix(parse_scenario(document, source="example"), 5).as_dict()
    assert result["best"]["mix"] == expected["best"]["mix"]
    assert _without_timing([result["best"], *result["runner_ups"]]) == _without_timing(
        [expected["best"], *expected["runner_ups"]]
    )


@pytest.mark.parametrize(
    ("kind", "body", "path", "words"),
    [
        ("sweep", {"resource": "drones", "counts": "0..2"}, "resource", "resources: team"),
        ("sweep", {"resource": "team", "counts": "0..5000"}, "counts", "5,001 solves"),
        ("sweep", {"resource": "team", "counts": "0..x"}, "counts", "'x' is not an integer"),
        ("sweep", {"resource": "team"}, "counts", "is needed"),
        ("sweep", {"payoff": "louvre.attacker"}, "payoff", "expected TARGET"),
        ("sweep", {"payoff": "nowhere.defender.covered", "values": "1"}, "payoff", "no target"),
        ("sweep", {}, "resource", "give either"),
        ("sweep", {"resource": "team", "counts": "1", "method": "x"}, "method", "unknown method"),
        ("budget", {"budget": 5}, "budget", "no resource of this scenario has a cost"),
    ],
)
def test_bad_sweeps_are_422_before_any_job(
    service: Service, kind: str, body: dict[str, Any], path: str, words: str
) -> None:
    scenario = _upload(service, TWO_TARGETS)
    answer = service.client.post(
        f"/api/scenarios/{scenario}/{kind}", json=body, headers=service.as_("planner")
    )
    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["detail"]
    assert problem["path"] == path
    assert words in problem["msg"]
    assert service.client.get("/api/jobs", headers=service.as_("planner")).json() == []


def test_an_impossible_variant_fails_the_job_with_the_clis_message(service: Service) -> None:
    scenario = _upload(service, TWO_TARGETS)
    body = {"payoff": "louvre.defender.covered", "values": "-20"}  # below uncovered (-10)
    job = service.client.post(
        f"/api/scenarios/{scenario}/sweep", json=body, headers=service.as_("planner")
    ).json()["job"]
    failed = service.wait_job(job, "planner")
    assert failed["status"] == "failed"
    assert "louvre.defender.covered = -20" in failed["error"]
    assert "targets[0].defender" in failed["error"]
    answer = service.client.get(f"/api/jobs/{job}/result", headers=service.as_("planner"))
    assert answer.status_code == 409


def test_a_solve_has_no_result(service: Service) -> None:
    scenario = _upload(service, TWO_TARGETS)
    job = service.client.post(
        f"/api/scenarios/{scenario}/solve", headers=service.as_("planner")
    ).json()["job"]
    assert service.wait_job(job, "planner")["kind"] == "solve"
    answer = service.client.get(f"/api/jobs/{job}/result", headers=service.as_("planner"))
    assert answer.status_code == 409
    assert "a solve" in answer.json()["detail"]


def test_sweeps_count_against_the_users_quota(make_service: Any) -> None:
    service = make_service(max_jobs_per_user=1, workers=1)
    scenario = _upload(service, TWO_TARGETS)
    planner = service.as_("planner")
    slow = {"resource": "team", "counts": "0..2"}
    first = service.client.post(f"/api/scenarios/{scenario}/sweep", json=slow, headers=planner)
    second = service.client.post(f"/api/scenarios/{scenario}/sweep", json=slow, headers=planner)
    assert first.status_code == 202
    assert second.status_code == 429
    assert "Retry-After" in second.headers
    service.wait_job(first.json()["job"], "planner")


def test_a_sweep_past_its_time_limit_stops_saying_how_far_it_got(make_service: Any) -> None:
    service = make_service(max_time_limit=0.001)
    scenario = _upload(service, TWO_TARGETS)
    job = service.client.post(
        f"/api/scenarios/{scenario}/sweep",
        json={"resource": "team", "counts": "0..3"},
        headers=service.as_("planner"),
    ).json()["job"]
    failed = service.wait_job(job, "planner")
    assert failed["status"] == "failed"
    assert failed["options"]["time_limit"] == 0.001
    assert "passed its time limit of 0.001 s after 1 of 4 solves" in failed["error"]
