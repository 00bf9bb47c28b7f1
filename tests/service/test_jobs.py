"""Solves as jobs: results equal the CLI's, progress, cancellation, parallel workers, limits."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS, slow_scenario

SUMMARY_KEYS = {
    "status",
    "method",
    "defender_utility",
    "attacker_utility",
    "attacked",
    "types",
    "coverage",
    "gap",
    "verified",
    "seconds",
}


def _upload(service: Service, document: dict) -> int:
    response = service.client.post("/api/scenarios", json=document, headers=service.as_("planner"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _solve(service: Service, scenario: int, **options: object) -> int:
    response = service.client.post(
        f"/api/scenarios/{scenario}/solve", json=options or None, headers=service.as_("planner")
    )
    assert response.status_code == 202, response.text
    return response.json()["job"]


@pytest.mark.slow
def test_solve_gives_the_cli_plan(service: Service, tmp_path: Path) -> None:
    scenario = _upload(service, TWO_TARGETS)
    job = service.wait_job(_solve(service, scenario))
    assert job["status"] == "done", job
    assert job["progress"] == 1.0
    assert job["options"]["method"] == "auto"
    plan = service.client.get(f"/api/plans/{job['plan']}", headers=service.as_("viewer")).json()
    assert plan.keys() >= SUMMARY_KEYS
    assert plan["scenario"] == TWO_TARGETS
    assert plan["strategy"]["form"] == "comb"
    path = tmp_path / "game.json"
    path.write_text(json.dumps(TWO_TARGETS))
    cli = subprocess.run(
        [sys.executable, "-m", "entente", "solve", str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(cli.stdout)
    for key in SUMMARY_KEYS - {"seconds"}:
        assert plan[key] == expected[key], key
    assert abs(plan["defender_utility"] - -3.0) < 1e-9  # the hand-worked optimum (README doctest)
    listing = service.client.get("/api/plans", headers=service.as_("viewer")).json()
    assert [(p["id"], p["scenario"], p["status"]) for p in listing] == [
        (job["plan"], scenario, "optimal")
    ]


def test_plan_map_and_report(service: Service) -> None:
    job = service.wait_job(_solve(service, _upload(service, TWO_TARGETS)))
    viewer = service.as_("viewer")
    svg = service.client.get(f"/api/plans/{job['plan']}/map.svg", headers=viewer)
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.count('class="target"') == 2
    report = service.client.get(f"/api/plans/{job['plan']}/report.html", headers=viewer)
    assert report.status_code == 200
    assert "default-src 'none'" in report.headers["content-security-policy"]
    assert service.client.get("/api/plans/999/map.svg", headers=viewer).status_code == 404


def test_unknown_method_is_422_and_bad_options_too(service: Service) -> None:
    scenario = _upload(service, TWO_TARGETS)
    planner = service.as_("planner")
    unknown = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={"method": "magic"}, headers=planner
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "method"]
    negative = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={"time_limit": -1}, headers=planner
    )
    assert negative.status_code == 422
    extra = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={"seed": 1}, headers=planner
    )
    assert extra.status_code == 422


def test_method_that_does_not_apply_fails_with_its_reason(service: Service) -> None:
    two_types = {
        "attackers": [{"id": "a", "prior": 0.5}, {"id": "b", "prior": 0.5}],
        "targets": [
            {
                "id": "x",
                "defender": {"covered": 1, "uncovered": -1},
                "attacker": {
                    "a": {"covered": -1, "uncovered": 1},
                    "b": {"covered": -2, "uncovered": 2},
                },
            }
        ],
        "resources": [{"id": "t", "count": 1}],
    }
    job = service.wait_job(_solve(service, _upload(service, two_types), method="origami"))
    assert job["status"] == "failed"
    assert job["plan"] is None
    assert job["error"]


def test_cancel_a_running_job(service: Service) -> None:
    scenario = _upload(service, slow_scenario())
    job_id = _solve(service, scenario, method="multiple-lps", time_limit=120)
    running = service.wait_job(job_id, until=lambda j: j["stage"] == "solving")
    assert running["status"] == "running", running
    cancelled = service.client.delete(f"/api/jobs/{job_id}", headers=service.as_("planner"))
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    manager = service.client.app.state.jobs
    deadline = time.monotonic() + 10
    while (
        manager._running and time.monotonic() < deadline
    ):  # the process is killed, not left to finish
        time.sleep(0.05)
    assert not manager._running
    time.sleep(0.5)
    after = service.client.get(f"/api/jobs/{job_id}", headers=service.as_("viewer")).json()
    assert (after["status"], after["plan"]) == ("cancelled", None)
    again = service.client.delete(f"/api/jobs/{job_id}", headers=service.as_("planner"))
    assert again.status_code == 409
    events = service.client.get("/api/audit", headers=service.as_("admin")).json()
    assert any(e["action"] == "job.cancel" and e["subject"] == f"job/{job_id}" for e in events)


def test_cancel_a_queued_job_and_run_two_in_parallel(make_service) -> None:
    service = make_service(workers=2)
    scenario = _upload(service, slow_scenario())
    jobs = [_solve(service, scenario, method="multiple-lps", time_limit=120) for _ in range(3)]
    first, second = (
        service.wait_job(j, until=lambda b: b["status"] == "running") for j in jobs[:2]
    )
    assert first["status"] == second["status"] == "running"  # two workers, side by side
    third = service.client.get(f"/api/jobs/{jobs[2]}", headers=service.as_("viewer")).json()
    assert third["status"] == "queued"
    for job in (jobs[2], jobs[0], jobs[1]):
        assert (
            service.client.delete(f"/api/jobs/{job}", headers=service.as_("planner")).status_code
            == 200
        )
    time.sleep(0.5)
    states = [
        service.client.get(f"/api/jobs/{j}", headers=service.as_("viewer")).json()["status"]
        for j in jobs
    ]
    assert states == ["cancelled"] * 3


def test_server_time_limit_caps_the_solve(make_service) -> None:
    service = make_service(max_time_limit=1.0, default_time_limit=1.0)
    scenario = _upload(service, slow_scenario())
    job = service.wait_job(
        _solve(service, scenario, method="multiple-lps", time_limit=500), timeout=60
    )
    assert job["options"]["time_limit"] == 1.0
    assert job["status"] == "done", job
    plan = service.client.get(f"/api/plans/{job['plan']}", headers=service.as_("viewer")).json()
    assert plan["status"] == "time_limit"
    assert plan["gap"] is not None
    assert plan["gap"] >= 0


@pytest.mark.slow
def test_progress_grows_while_solving(make_service) -> None:
    service = make_service(max_time_limit=4.0)
    scenario = _upload(service, slow_scenario())
    job_id = _solve(service, scenario, method="multiple-lps", time_limit=4)
    seen = []
    while True:
        job = service.client.get(f"/api/jobs/{job_id}", headers=service.as_("viewer")).json()
        seen.append(job["progress"])
        if job["status"] not in ("queued", "running"):
            break
        time.sleep(0.2)
    assert seen == sorted(seen)
    assert any(0.05 < p < 1 for p in seen)
    assert seen[-1] == 1.0


@pytest.mark.slow
def test_jobs_left_running_by_a_dead_server_are_run_again(make_service) -> None:
    first = make_service()
    scenario = _upload(first, TWO_TARGETS)
    manager = first.client.app.state.jobs
    manager.stop()  # no manager: the job stays queued; mark it running as a crash would leave it
    job_id = _solve(first, scenario)
    from sqlalchemy import update

    from entente.service.models import Job

    with first.client.app.state.sessions() as session:
        session.execute(update(Job).where(Job.id == job_id).values(status="running"))
        session.commit()
    second = make_service()
    job = second.wait_job(job_id)
    assert job["status"] == "done"


def test_a_solve_past_its_deadline_is_killed(make_service, monkeypatch) -> None:
    import entente.service.jobs as jobs

    monkeypatch.setattr(jobs, "_GRACE", -1.5)  # deadline 2 x 1 s - 1.5 s: before the solve can end
    service = make_service(max_time_limit=1.0)
    job = service.wait_job(
        _solve(service, _upload(service, slow_scenario()), method="multiple-lps")
    )
    assert job["status"] == "failed"
    assert "overran its time limit" in job["error"]
    assert job["plan"] is None
    assert not service.client.app.state.jobs._running
