"""The service's solve body takes a forecast, as `entente solve --forecast`; map.svg takes ?slot=."""

from __future__ import annotations

from tests.scenario.test_forecast import _two_nights
from tests.service.conftest import Service
from tests.service.test_jobs import _upload

SECOND_NIGHT_RED = "date,wave_height_m,wind_kn\n2026-12-07,1.5,18\n2026-12-08,0.3,5\n"


def test_solve_with_a_forecast(service: Service) -> None:
    """Hand-worked in tests/scenario/test_forecast.py: a red second night, defender -5."""
    scenario = _upload(service, _two_nights())
    planner = service.as_("planner")
    response = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={"forecast": SECOND_NIGHT_RED}, headers=planner
    )
    assert response.status_code == 202, response.text
    job = service.wait_job(response.json()["job"])
    assert job["status"] == "done", job
    viewer = service.as_("viewer")
    plan = service.client.get(f"/api/plans/{job['plan']}", headers=viewer).json()
    assert abs(plan["defender_utility"] - -5.0) < 1e-6
    slots = {s["id"]: s for s in plan["scenario"]["slots"]}
    assert slots["s2"]["start"] == "2026-12-08T22:00"
    assert slots["s2"]["meta"]["crossing_conditions"] == "red"
    svg = service.client.get(f"/api/plans/{job['plan']}/map.svg?slot=s2", headers=viewer)
    assert svg.status_code == 404  # no coordinates in this scenario
    events = service.client.get("/api/audit", headers=service.as_("admin")).json()
    created = [e for e in events if e["action"] == "job.create"]
    assert len(created[-1]["detail"]["forecast_sha256"]) == 64  # the hash, not the whole file


def test_bad_forecast_is_422_before_any_job(service: Service) -> None:
    scenario = _upload(service, _two_nights())
    planner = service.as_("planner")
    bad = "date,wave_height_m,wind_kn\n2026-12-07,rough,18\n"
    response = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={"forecast": bad}, headers=planner
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "forecast"]
    assert "forecast, line 2, column 2 (wave_height_m): 'rough' is not a number" in problem["msg"]
    missing = "date,wave_height_m,wind_kn\n2026-12-07,1.0,18\n"
    response = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={"forecast": missing}, headers=planner
    )
    assert response.status_code == 422
    assert "no forecast for 2026-12-08 (tuesday)" in response.json()["detail"][0]["msg"]


def test_map_of_one_slot(service: Service) -> None:
    located = _two_nights()
    for target, (lat, lon) in zip(located["targets"], [(50.95, 1.85), (50.89, 1.66)], strict=True):
        target.update(lat=lat, lon=lon)
    scenario = _upload(service, located)
    response = service.client.post(
        f"/api/scenarios/{scenario}/solve", json={}, headers=service.as_("planner")
    )
    job = service.wait_job(response.json()["job"])
    viewer = service.as_("viewer")
    first = service.client.get(f"/api/plans/{job['plan']}/map.svg", headers=viewer)
    assert first.status_code == 200
    assert 'data-target="a@s1"' in first.text
    assert "@s2" not in first.text
    second = service.client.get(f"/api/plans/{job['plan']}/map.svg?slot=s2", headers=viewer)
    assert 'data-target="a@s2"' in second.text
    assert "@s1" not in second.text
    unknown = service.client.get(f"/api/plans/{job['plan']}/map.svg?slot=s9", headers=viewer)
    assert unknown.status_code == 422
    [problem] = unknown.json()["detail"]
    assert problem["loc"] == ["query", "slot"]
    assert "unknown slot 's9' (the plan's slots: s1, s2)" in problem["msg"]
