"""Per-user quotas (429 with Retry-After), a fair order between users, and job leases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from entente.service.models import Job, utcnow
from entente.service.quotas import fair_order
from entente.service.tokens import create_token
from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS, slow_scenario

SLOW = {"method": "multiple-lps", "time_limit": 30}
"""Multiple LPs on slow_scenario() do not finish within seconds."""


def test_fair_order_serves_the_least_served_user_first() -> None:
    queued = [(1, "alice"), (2, "alice"), (3, "alice"), (4, "bob"), (5, "carol")]
    assert fair_order(queued, Counter(), 1) == [1]
    assert fair_order(queued, Counter({"alice": 1}), 1) == [4]  # alice is served already
    assert fair_order(queued, Counter({"alice": 1}), 3) == [4, 5, 1]
    assert fair_order(queued, Counter(), 5) == [1, 4, 5, 2, 3]
    assert fair_order([], Counter(), 2) == []
    served = {"alice": 1}  # alice was served last: bob and carol go first
    assert fair_order(queued, Counter(), 3, served) == [4, 5, 1]
    assert served == {"alice": 4, "bob": 2, "carol": 3}


@pytest.mark.slow
def test_a_user_over_quota_gets_429_with_retry_after(
    make_service: Callable[..., Service],
) -> None:
    service = make_service(max_jobs_per_user=2, workers=1, default_time_limit=30.0)
    planner = service.as_("planner")
    slow = service.client.post("/api/scenarios", json=slow_scenario(), headers=planner).json()
    jobs = [
        service.client.post(f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=planner)
        for _ in range(2)
    ]
    assert [j.status_code for j in jobs] == [202, 202]
    service.wait_job(jobs[0].json()["job"], until=lambda j: j["status"] == "running")
    third = service.client.post(f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=planner)
    assert third.status_code == 429
    assert third.json()["detail"] == (
        "planner-user has 2 jobs queued or running, the most one user may have: "
        "wait for one to finish or cancel one"
    )
    assert 1 <= int(third.headers["Retry-After"]) <= 30
    admin = service.as_("admin")  # another user is not held back by planner-user's quota
    assert (
        service.client.post(
            f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=admin
        ).status_code
        == 202
    )
    for job in jobs:
        service.client.delete(f"/api/jobs/{job.json()['job']}", headers=planner)
    again = service.client.post(f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=planner)
    assert again.status_code == 202


def test_fifty_concurrent_submits_never_pass_the_quota(
    make_service: Callable[..., Service],
) -> None:
    """Before: the count and the insert raced, and concurrent submits all saw room."""
    service = make_service(max_jobs_per_user=5, workers=1)
    service.client.app.state.jobs.stop()  # type: ignore[attr-defined]  # every job stays queued
    planner = service.as_("planner")
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()

    def submit(_: int) -> int:
        url = f"/api/scenarios/{scenario['id']}/solve"
        return service.client.post(url, headers=planner).status_code

    with ThreadPoolExecutor(50) as pool:
        statuses = Counter(pool.map(submit, range(50)))
    assert statuses == Counter({202: 5, 429: 45})
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        active = session.scalar(
            select(func.count(Job.id)).where(
                Job.created_by == "planner-user", Job.status.in_(("queued", "running"))
            )
        )
    assert active == 5


def test_another_users_short_job_runs_before_the_first_users_queue(
    make_service: Callable[..., Service],
) -> None:
    service = make_service(workers=1, default_time_limit=30.0)
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        bob = create_token(session, name="bob", role="planner", actor="test")
    alice = service.as_("planner")
    slow = service.client.post("/api/scenarios", json=slow_scenario(), headers=alice).json()
    quick = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=alice).json()
    first = service.client.post(
        f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=alice
    ).json()
    service.wait_job(first["job"], until=lambda j: j["status"] == "running")
    alices = [
        service.client.post(f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=alice).json()[
            "job"
        ]
        for _ in range(3)
    ]
    bobs = service.client.post(
        f"/api/scenarios/{quick['id']}/solve", headers={"Authorization": f"Bearer {bob}"}
    ).json()["job"]
    service.client.delete(f"/api/jobs/{first['job']}", headers=alice)  # frees the one worker
    done = service.wait_job(bobs)
    assert done["status"] == "done"
    waiting = [service.client.get(f"/api/jobs/{j}", headers=alice).json() for j in alices]
    assert sum(j["status"] == "queued" for j in waiting) >= 2, waiting  # bob went first
    for job in alices:
        service.client.delete(f"/api/jobs/{job}", headers=alice)


def _expire(service: Service, job: int, *, attempts: int) -> None:
    """Make job ``job`` look as if a dead server had been running it."""
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        session.execute(
            update(Job)
            .where(Job.id == job)
            .values(
                status="running",
                stage="solving",
                lease_owner="dead-server",
                lease_until=utcnow() - timedelta(seconds=1),
                attempts=attempts,
            )
        )
        session.commit()


@pytest.mark.slow
def test_a_job_whose_server_died_is_run_once_more(make_service: Callable[..., Service]) -> None:
    service = make_service(workers=1, lease_seconds=2.0)  # leases looked at every 0.5 s
    planner = service.as_("planner")
    service.client.app.state.jobs.stop()  # type: ignore[attr-defined]
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()
    job = service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner).json()
    _expire(service, job["job"], attempts=1)
    service.client.app.state.jobs.start()  # type: ignore[attr-defined]
    done = service.wait_job(job["job"])
    assert done["status"] == "done", done


@pytest.mark.slow
def test_a_job_whose_server_died_twice_fails_with_a_message(
    make_service: Callable[..., Service],
) -> None:
    service = make_service(workers=1, lease_seconds=2.0)  # leases looked at every 0.5 s
    planner = service.as_("planner")
    service.client.app.state.jobs.stop()  # type: ignore[attr-defined]
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()
    job = service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner).json()
    _expire(service, job["job"], attempts=2)
    service.client.app.state.jobs.start()  # type: ignore[attr-defined]
    failed = service.wait_job(job["job"])
    assert failed["status"] == "failed"
    assert failed["error"] == (
        "the server running this job stopped 2 times while it ran: not run again "
        "(a solve that kills its server?)"
    )


@pytest.mark.slow
def test_a_second_server_leaves_a_live_lease_alone(make_service: Callable[..., Service]) -> None:
    first = make_service(workers=1, default_time_limit=30.0)
    planner = first.as_("planner")
    slow = first.client.post("/api/scenarios", json=slow_scenario(), headers=planner).json()
    job = first.client.post(
        f"/api/scenarios/{slow['id']}/solve", json=SLOW, headers=planner
    ).json()["job"]
    running = first.wait_job(job, until=lambda j: j["stage"] == "solving")
    assert running["status"] == "running"
    second = make_service(workers=1)  # same database, its own runner
    second.client.app.state.jobs._renewed = float("-inf")  # type: ignore[attr-defined]
    with second.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(Job, job)
        assert row is not None
        assert row.lease_until is not None
        owner, attempts = row.lease_owner, row.attempts
    import time

    time.sleep(1.0)  # a few passes of the second runner
    assert not second.client.app.state.jobs._running  # type: ignore[attr-defined]
    with second.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(Job, job)
        assert row is not None
        assert (row.status, row.lease_owner, row.attempts) == ("running", owner, attempts)
    assert first.client.app.state.settings.lease_seconds > 1.0  # type: ignore[attr-defined]
    first.client.delete(f"/api/jobs/{job}", headers=planner)
