"""``POST /api/plans/{id}/orders``: planners draw one date's orders, secure, audited."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import orjson
import pytest
import yaml

from tests.service.conftest import Service

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "olympic-evenings.yaml"


@pytest.fixture
def plan(service: Service) -> int:
    document = yaml.safe_load(EXAMPLE.read_text())
    created = service.client.post(
        "/api/scenarios",
        content=orjson.dumps(document),
        headers={**service.as_("planner"), "Content-Type": "application/json"},
    )
    assert created.status_code == 201, created.text
    job = service.client.post(
        f"/api/scenarios/{created.json()['id']}/solve", headers=service.as_("planner")
    )
    done = service.wait_job(job.json()["job"])
    assert done["status"] == "done", done
    return int(done["plan"])


def _orders(service: Service, plan: int, role: str = "planner", query: str = "", **body: object):
    return service.client.post(
        f"/api/plans/{plan}/orders{query}", json=body, headers=service.as_(role)
    )


def test_planner_draws_the_orders_of_one_evening(service: Service, plan: int) -> None:
    response = _orders(service, plan, date="2024-07-27")
    assert response.status_code == 200, response.text
    orders = response.json()
    assert orders["generator"] == "secrets"
    assert orders["seed"] is None
    assert orders["date"] == "2024-07-27"
    records = orders["records"]
    assert [r["resource"] for r in records] == ["teams", "teams", "drone", "barrier"]
    assert {(r["slot"], r["start"], r["end"]) for r in records} == {
        ("d2", "2024-07-27T19:00:00+02:00", "2024-07-27T23:00:00+02:00")
    }
    sites = {"trocadero", "eiffel-tower-stadium", "la-concorde", "grand-palais", "invalides"}
    sites |= {"hotel-de-ville"}
    assert all(set(r["targets"]) <= sites for r in records)
    assert records[-1]["targets"] == ["hotel-de-ville"]  # the barrier, in place


def test_html_page_is_self_contained(service: Service, plan: int) -> None:
    response = _orders(service, plan, query="?format=html", date="2024-07-26", slot="d1")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = response.text

    found: list[str] = []

    class Sources(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(v or "" for k, v in attrs if k in ("src", "href"))

    Sources().feed(page)
    assert found == []
    assert page.count('class="target"') == 6
    assert 'data-slot="d1"' in page


BAD = [
    ({"date": "2024-08-01"}, 404, "no slot of the plan starts that day"),
    ({"date": "2024-07-26", "slot": "d2"}, 404, "slot 'd2' does not start that day"),
    ({"date": "2024-07-26", "slot": "d9"}, 404, "not a slot of the plan"),
    ({"date": "2024-02-30"}, 422, "date"),
    ({"date": "26/07/2024"}, 422, ""),
    ({"date": "2024-07-26", "seed": 1}, 422, ""),
]


def test_bad_requests(service: Service, plan: int) -> None:
    for body, status, message in BAD:
        response = _orders(service, plan, **body)
        assert response.status_code == status, (body, response.text)
        assert message in response.text


@pytest.mark.slow
def test_viewers_may_not_and_every_draw_is_audited(service: Service, plan: int) -> None:
    assert _orders(service, plan, role="viewer", date="2024-07-26").status_code == 403
    assert _orders(service, 9999, date="2024-07-26").status_code == 404
    body = _orders(service, plan, date="2024-07-28").content
    events = [
        e
        for e in service.client.get("/api/audit", headers=service.as_("admin")).json()
        if e["action"] == "orders.draw"
    ]
    assert len(events) == 1
    detail = events[0]["detail"]
    assert (events[0]["actor"], events[0]["subject"]) == ("planner-user", f"plan/{plan}")
    assert (detail["date"], detail["occurrences"], detail["generator"]) == (
        "2024-07-28",
        ["d3"],
        "secrets",
    )
    assert detail["sha256"] == hashlib.sha256(body).hexdigest()


def test_roster_of_a_timed_plan_is_one_record_per_unit_per_occurrence(
    service: Service, plan: int
) -> None:
    response = service.client.post(
        f"/api/plans/{plan}/roster",
        json={"days": 2, "start": "2024-07-27"},
        headers=service.as_("planner"),
    )
    assert response.status_code == 200, response.text
    drawn = response.json()
    assert drawn["generator"] == "secrets"
    records = drawn["records"]
    # 27 and 28 July hold sessions d2 and d3; four units each (two teams, a drone, a barrier)
    assert sorted({(r["date"], r["slot"]) for r in records}) == [
        ("2024-07-27", "d2"),
        ("2024-07-28", "d3"),
    ]
    assert len(records) == 2 * 4
    assert {r["start"] for r in records} == {
        "2024-07-27T19:00:00+02:00",
        "2024-07-28T19:00:00+02:00",
    }
    assert all("@" not in r["targets"] for r in records)
    bad = service.client.post(
        f"/api/plans/{plan}/roster",
        json={"days": 2, "start": "2024-02-30"},
        headers=service.as_("planner"),
    )
    assert bad.status_code == 422
