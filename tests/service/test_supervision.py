"""The job runner stays up: bursts of requests, failures inside it, and health that tells.

Before: 100 concurrent health checks exhausted the connection pool (every
request thread waited for a connection while the connections were held by
requests whose clean-up waited for a thread), the runner thread died of the
pool timeout, and from then on every solve stayed ``queued`` while
``/api/health`` still said ``ok``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import Service, start_service
from tests.service.load import BURST, run_load
from tests.service.scenarios import TWO_TARGETS
from tests.service.server import Server, make_token, request


def _wait_done(port: int, job: int, token: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = request(port, "GET", f"/api/jobs/{job}", token=token)[1]
        if body["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


@pytest.mark.slow
def test_burst_of_200_clients_leaves_the_runner_alive(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'entente.db'}"
    token = make_token(db, "planner", "burst", tmp_path)
    server = Server(db, tmp_path)
    try:
        assert request(server.port, "POST", "/api/scenarios", TWO_TARGETS, token)[0] == 201
        result = run_load(server.port, token, clients=200, seconds=4.0, mix=BURST)
        assert result.errors == []
        assert result.requests >= 200
        status, health = request(server.port, "GET", "/api/health")
        assert (status, health["status"], health["runner"]["state"]) == (200, "ok", "running")
        status, created = request(server.port, "POST", "/api/scenarios/1/solve", None, token)
        assert status == 202
        job = _wait_done(server.port, created["job"], token)
        assert job["status"] == "done", job
    finally:
        server.stop()


@pytest.mark.slow
def test_a_burst_against_two_request_threads_never_stalls(tmp_path: Path) -> None:
    """Before: requests that had their connection waited for a thread to serialise their
    answer while both threads waited for a connection; all 50 clients timed out (30 s)."""
    db = f"sqlite:///{tmp_path / 'entente.db'}"
    token = make_token(db, "planner", "burst", tmp_path)
    server = Server(db, tmp_path, "--threads", "2")
    try:
        assert request(server.port, "POST", "/api/scenarios", TWO_TARGETS, token)[0] == 201
        result = run_load(server.port, token, clients=50, seconds=2.0, mix=BURST)
        assert result.errors == []
        assert result.requests >= 50  # as many answers as clients, at the least
    finally:
        server.stop()


def test_runner_survives_a_failure_and_fails_the_job_with_a_message(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = service.client.app.state.jobs  # type: ignore[attr-defined]
    real_spawn = manager._spawn
    calls = []

    def spawn_once_broken(*args: Any) -> None:
        calls.append(args)
        if len(calls) == 1:
            raise OSError("no more processes")
        real_spawn(*args)

    monkeypatch.setattr(manager, "_spawn", spawn_once_broken)
    planner = service.as_("planner")
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()
    first = service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner)
    failed = service.wait_job(first.json()["job"])
    assert failed["status"] == "failed"
    assert failed["error"] == "could not start the solver: no more processes"
    second = service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner)
    assert service.wait_job(second.json()["job"])["status"] == "done"


def test_runner_goes_on_after_a_pass_fails(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = service.client.app.state.jobs  # type: ignore[attr-defined]
    real = manager._start_queued
    failures = iter([RuntimeError("database went away")])

    def broken_once() -> None:
        error = next(failures, None)
        if error is not None:
            raise error
        real()

    monkeypatch.setattr(manager, "_start_queued", broken_once)
    planner = service.as_("planner")
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()
    job = service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner)
    assert service.wait_job(job.json()["job"])["status"] == "done"
    health = service.client.get("/api/health").json()
    assert health["runner"]["failures"] >= 1
    assert health["runner"]["last_error"] == "RuntimeError: database went away"
    assert health["status"] == "ok"


def test_health_is_503_when_the_runner_is_down(service: Service) -> None:
    healthy = service.client.get("/api/health")
    assert healthy.status_code == 200
    assert healthy.json()["queue"] == {"length": 0, "oldest_age": None}
    service.client.app.state.jobs.stop()  # type: ignore[attr-defined]
    down = service.client.get("/api/health")
    assert down.status_code == 503
    assert (down.json()["status"], down.json()["runner"]["state"]) == ("unavailable", "stopped")


def test_health_reports_the_queue(service: Service) -> None:
    service.client.app.state.jobs.stop()  # type: ignore[attr-defined]
    planner = service.as_("planner")
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()
    for _ in range(3):
        service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner)
    time.sleep(0.2)
    queue = service.client.get("/api/health").json()["queue"]
    assert queue["length"] == 3
    assert 0.2 <= queue["oldest_age"] < 30


def test_health_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    db = tmp_path / "entente.db"
    client, _ = start_service(f"sqlite:///{db}")
    with client:
        assert client.get("/api/health").status_code == 200
        client.app.state.engine.dispose()  # type: ignore[attr-defined]
        db.unlink()
        (tmp_path / "entente.db-wal").unlink(missing_ok=True)
        db.mkdir()  # a folder where the file was: SQLite cannot open it
        down = client.get("/api/health")
        assert down.status_code == 503
        assert (down.json()["database"], down.json()["queue"]) == ("unreachable", None)
