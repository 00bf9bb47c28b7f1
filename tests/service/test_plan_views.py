"""The workspace's routes: a plan's targets, its draws, the solve methods, the map's slot, favicon.

Values are checked against hand-worked numbers (the README's two-target game:
coverage 4/9 and 5/9, the defender -3) and the scenario file (a slot's
``scale`` of 1.5 on the uncovered payoffs), not against the code's own output.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
import yaml
from PIL import Image

from entente.service.routes.methods import SUMMARIES
from entente.solvers import METHODS, method_options
from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS
from tests.service.test_jobs import _solve, _upload

EVENINGS = Path(__file__).resolve().parents[2] / "examples" / "olympic-evenings.yaml"


def _plan(service: Service, document: dict, **options: object) -> int:
    job = service.wait_job(_solve(service, _upload(service, document), **options))
    assert job["status"] == "done", job
    return int(job["plan"])


@pytest.fixture
def evenings(service: Service) -> int:
    return _plan(service, yaml.safe_load(EVENINGS.read_text()))


def test_targets_of_the_readme_game(service: Service) -> None:
    plan = _plan(service, TWO_TARGETS)
    body = service.client.get(f"/api/plans/{plan}/targets", headers=service.as_("viewer"))
    assert body.status_code == 200, body.text
    data = body.json()
    assert (data["plan"], data["scenario"], data["types"], data["slots"]) == (
        plan,
        "example",
        ["attacker"],
        [],
    )
    louvre, eiffel = data["targets"]
    assert (louvre["id"], louvre["site"], louvre["slot"]) == ("louvre", "louvre", None)
    assert louvre["coverage"] == pytest.approx(4 / 9, abs=1e-9)
    assert eiffel["coverage"] == pytest.approx(5 / 9, abs=1e-9)
    assert (louvre["value"], eiffel["value"]) == (12.0, 9.0)  # covered - uncovered
    assert louvre["defender_utility"] == pytest.approx((4 * 2 + 5 * -10) / 9, abs=1e-9)
    assert eiffel["defender_utility"] == pytest.approx(-3.0, abs=1e-9)
    assert eiffel["attacker_utility"]["attacker"] == pytest.approx((5 * -4 + 4 * 10) / 9, abs=1e-9)
    assert (louvre["attacked_by"], eiffel["attacked_by"]) == ([], ["attacker"])
    assert louvre["defender"] == {"attacker": {"covered": 2.0, "uncovered": -10.0}}
    assert eiffel["attacker"] == {"attacker": {"covered": -4.0, "uncovered": 10.0}}
    assert (louvre["lat"], louvre["lon"]) == (48.8606, 2.3376)


def test_targets_of_a_slotted_plan_carry_each_slots_payoffs(
    service: Service, evenings: int
) -> None:
    data = service.client.get(
        f"/api/plans/{evenings}/targets", headers=service.as_("viewer")
    ).json()
    assert [(s["id"], s["start"], s["weekday"]) for s in data["slots"]] == [
        ("d1", "2024-07-26T19:30", None),
        ("d2", "2024-07-27T19:00", None),
        ("d3", "2024-07-28T19:00", None),
    ]
    assert data["slots"][1]["name"] == "Sat 27 July, evening sessions"
    by_id = {t["id"]: t for t in data["targets"]}
    assert len(by_id) == 18
    first, second = by_id["hotel-de-ville@d1"], by_id["hotel-de-ville@d2"]
    assert (first["site"], first["slot"], first["name"]) == (
        "hotel-de-ville",
        "d1",
        "Hôtel de Ville",
    )
    # d1 scales the uncovered payoffs by 1.5 (the file); d2 does not
    assert first["defender"]["attacker"] == {"covered": -1.9, "uncovered": pytest.approx(-28.5)}
    assert second["defender"]["attacker"] == {"covered": -1.9, "uncovered": -19.0}
    assert second["attacker"]["attacker"] == {"covered": -9.5, "uncovered": 19.0}
    plan = service.client.get(f"/api/plans/{evenings}", headers=service.as_("viewer")).json()
    assert {t: v["coverage"] for t, v in by_id.items()} == plan["coverage"]
    attacked = plan["types"]["attacker"]["attacked"]
    assert by_id[attacked]["attacked_by"] == ["attacker"]


def test_a_bad_slot_is_422_naming_the_plans_slots(service: Service, evenings: int) -> None:
    viewer = service.as_("viewer")
    bad = service.client.get(f"/api/plans/{evenings}/map.svg?slot=d9", headers=viewer)
    assert bad.status_code == 422
    assert bad.json()["detail"] == [
        {
            "loc": ["query", "slot"],
            "msg": f"plan {evenings}: unknown slot 'd9' (the plan's slots: d1, d2, d3)",
            "type": "value_error",
        }
    ]
    good = service.client.get(f"/api/plans/{evenings}/map.svg?slot=d2", headers=viewer)
    assert good.status_code == 200
    assert good.text.count('class="target"') == 6
    unslotted = _plan(service, TWO_TARGETS)
    none = service.client.get(f"/api/plans/{unslotted}/map.svg?slot=d1", headers=viewer)
    assert none.status_code == 422
    assert "unknown slot 'd1' (the plan's slots: none)" in none.json()["detail"][0]["msg"]


def test_draws_list_who_drew_what_newest_first(service: Service, evenings: int) -> None:
    planner = service.as_("planner")
    roster = service.client.post(
        f"/api/plans/{evenings}/roster", json={"days": 2, "start": "2024-07-26"}, headers=planner
    )
    assert roster.status_code == 200, roster.text
    orders = service.client.post(
        f"/api/plans/{evenings}/orders?format=html", json={"date": "2024-07-27"}, headers=planner
    )
    assert orders.status_code == 200, orders.text
    other = _plan(service, TWO_TARGETS)  # another plan's draw is not listed
    assert (
        service.client.post(
            f"/api/plans/{other}/roster", json={"days": 1}, headers=planner
        ).status_code
        == 200
    )
    response = service.client.get(f"/api/plans/{evenings}/draws", headers=planner)
    assert response.status_code == 200, response.text
    newest, oldest = response.json()
    assert (newest["action"], newest["actor"]) == ("orders.draw", "planner-user")
    assert newest["detail"]["date"] == "2024-07-27"
    assert newest["detail"]["occurrences"] == ["d2"]
    assert newest["detail"]["sha256"] == hashlib.sha256(orders.content).hexdigest()
    assert (oldest["action"], oldest["detail"]["days"]) == ("roster.draw", 2)
    assert oldest["detail"]["sha256"] == hashlib.sha256(roster.content).hexdigest()
    assert newest["id"] > oldest["id"]
    assert newest["at"] >= oldest["at"]
    first = service.client.get(f"/api/plans/{evenings}/draws?limit=1", headers=planner)
    assert [d["id"] for d in first.json()] == [newest["id"]]
    cursor = first.headers["X-Next-Cursor"]
    rest = service.client.get(f"/api/plans/{evenings}/draws?cursor={cursor}", headers=planner)
    assert [d["id"] for d in rest.json()] == [oldest["id"]]
    viewer = service.client.get(f"/api/plans/{evenings}/draws", headers=service.as_("viewer"))
    assert viewer.status_code == 403


def test_methods_are_every_method_with_its_options(service: Service) -> None:
    listed = service.client.get("/api/methods", headers=service.as_("viewer")).json()
    assert [m["name"] for m in listed] == ["auto", *METHODS]
    assert set(SUMMARIES) == {"auto", *METHODS}
    options = {m["name"]: m["options"] for m in listed}
    assert options["origami"] == options["brute-force"] == []
    assert options["milp"] == ["time_limit", "gap"]
    assert options["robust"] == ["time_limit", "gap", "margin"]
    assert options["auto"] == ["time_limit", "gap"]
    assert all(set(o) == method_options(name) for name, o in options.items())


@pytest.mark.parametrize("method", ["origami", "brute-force"])
def test_a_method_without_a_time_limit_solves(service: Service, method: str) -> None:
    """The job's time limit bounds the job; a method that takes none is not handed it."""
    plan = _plan(service, TWO_TARGETS, method=method, time_limit=30)
    document = service.client.get(f"/api/plans/{plan}", headers=service.as_("viewer")).json()
    assert document["method"] == method
    assert document["defender_utility"] == pytest.approx(-3.0, abs=1e-6)


def test_robust_takes_a_margin_and_others_refuse_it(service: Service) -> None:
    scenario = _upload(service, TWO_TARGETS)
    planner = service.as_("planner")
    url = f"/api/scenarios/{scenario}/solve"
    for body, field in (
        ({"method": "origami", "gap": 0.1}, "gap"),
        ({"method": "milp", "margin": 1}, "margin"),
    ):
        refused = service.client.post(url, json=body, headers=planner)
        assert refused.status_code == 422, refused.text
        [problem] = refused.json()["detail"]
        assert problem["loc"] == ["body", field]
        assert f"method {body['method']!r} does not take a {field}" in problem["msg"]
    job = service.wait_job(_solve(service, scenario, method="robust", margin=0.5))
    assert job["status"] == "done", job
    assert job["options"]["margin"] == 0.5
    plan = service.client.get(f"/api/plans/{job['plan']}", headers=planner).json()
    assert plan["method"] == "robust"


def test_favicon(service: Service) -> None:
    icon = service.client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/x-icon"
    assert Image.open(io.BytesIO(icon.content)).format == "ICO"  # Pillow reads it back
    svg = service.client.get("/static/favicon.svg")
    assert svg.status_code == 200
    assert svg.text.startswith("<svg")


def test_an_infeasible_plan_has_no_targets_to_show(service: Service) -> None:
    floors = {
        "name": "floors",
        "targets": [
            {
                "id": t,
                "min_coverage": 1,
                "defender": {"covered": 1, "uncovered": -1},
                "attacker": {"covered": -1, "uncovered": 1},
            }
            for t in ("a", "b")
        ],
        "resources": [{"id": "t", "count": 1}],
    }
    plan = _plan(service, floors)
    response = service.client.get(f"/api/plans/{plan}/targets", headers=service.as_("viewer"))
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"plan {plan}: coverage: no coverage (status 'infeasible')"
    )
