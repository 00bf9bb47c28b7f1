"""``POST /api/plans/{id}/roster``: planners draw, from the secure generator, audited."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from entente.scenario import builtin_scenarios, load_scenario
from tests.service.conftest import Service


@pytest.fixture
def plan(service: Service) -> int:
    paris = load_scenario(builtin_scenarios()["paris-2024"]).document
    created = service.client.post(
        "/api/scenarios",
        content=orjson.dumps(paris),
        headers={**service.as_("planner"), "Content-Type": "application/json"},
    )
    job = service.client.post(
        f"/api/scenarios/{created.json()['id']}/solve", headers=service.as_("planner")
    )
    done = service.wait_job(job.json()["job"])
    assert done["status"] == "done", done
    return done["plan"]


def _draw(service: Service, plan: int, role: str = "planner", **body: object):
    return service.client.post(f"/api/plans/{plan}/roster", json=body, headers=service.as_(role))


def test_planner_draws_a_roster_that_follows_the_plan(service: Service, plan: int) -> None:
    response = _draw(service, plan, days=7)
    assert response.status_code == 200, response.text
    roster = response.json()
    assert roster["generator"] == "secrets"
    assert roster["seed"] is None
    assert [d["day"] for d in roster["days"]] == list(range(1, 8))
    stored = service.client.get(f"/api/plans/{plan}", headers=service.as_("viewer")).json()
    units = sum(stored["strategy"]["resources"].values())
    for day in roster["days"]:
        assert len(day["units"]) == units
        covered = [t for u in day["units"] for t in u["targets"]]
        assert len(covered) == len(set(covered))  # guard units never stack
        assert set(covered) <= set(stored["coverage"])
        # a target the plan never covers is never on the roster
        assert all(stored["coverage"][t] > 0 for t in covered)


def test_unseeded_draws_differ(service: Service, plan: int) -> None:
    first, second = (_draw(service, plan, days=14).json()["days"] for _ in range(2))
    assert first != second


def test_viewer_may_not_draw_and_no_seed_is_accepted(service: Service, plan: int) -> None:
    assert _draw(service, plan, role="viewer", days=1).status_code == 403
    assert _draw(service, plan, days=1, seed=42).status_code == 422
    assert _draw(service, plan, days=0).status_code == 422
    assert _draw(service, plan, days=100_000).status_code == 422
    assert _draw(service, 9999, days=1).status_code == 404


def test_every_draw_is_audited(service: Service, plan: int) -> None:
    body = _draw(service, plan, days=3).content
    _draw(service, plan, role="admin", days=2)
    events = [
        e
        for e in service.client.get("/api/audit", headers=service.as_("admin")).json()
        if e["action"] == "roster.draw"
    ]
    assert [(e["actor"], e["subject"], e["detail"]["days"]) for e in events] == [
        ("admin-user", f"plan/{plan}", 2),
        ("planner-user", f"plan/{plan}", 3),
    ]
    assert events[1]["detail"]["sha256"] == hashlib.sha256(body).hexdigest()
    assert events[1]["detail"]["generator"] == "secrets"
