"""Paging on every list: ``limit`` and ``cursor``, the next cursor in ``X-Next-Cursor``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS


def _all_pages(service: Service, path: str, role: str, limit: int) -> list[list[Any]]:
    pages, cursor = [], None
    while True:
        query = {"limit": limit} if cursor is None else {"limit": limit, "cursor": cursor}
        response = service.client.get(path, params=query, headers=service.as_(role))
        assert response.status_code == 200, response.text
        pages.append(response.json())
        cursor = response.headers.get("X-Next-Cursor")
        if cursor is None:
            return pages
        assert response.headers["Link"].endswith('rel="next"')


@pytest.mark.slow
def test_scenarios_page_oldest_first(service: Service) -> None:
    planner = service.as_("planner")
    for index in range(5):
        document = {**TWO_TARGETS, "name": f"s{index}"}
        assert (
            service.client.post("/api/scenarios", json=document, headers=planner).status_code == 201
        )
    pages = _all_pages(service, "/api/scenarios", "viewer", 2)
    assert [[s["name"] for s in page] for page in pages] == [["s0", "s1"], ["s2", "s3"], ["s4"]]


@pytest.mark.slow
def test_jobs_plans_audit_tokens_and_orgs_page(service: Service) -> None:
    planner = service.as_("planner")
    scenario = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()
    jobs = [
        service.client.post(f"/api/scenarios/{scenario['id']}/solve", headers=planner).json()["job"]
        for _ in range(3)
    ]
    for job in jobs:
        service.wait_job(job)
    job_pages = _all_pages(service, "/api/jobs", "viewer", 2)
    assert [[j["id"] for j in page] for page in job_pages] == [jobs[:0:-1], jobs[:1]]
    plan_pages = _all_pages(service, "/api/plans", "viewer", 2)
    assert [len(page) for page in plan_pages] == [2, 1]
    audit = [e["id"] for page in _all_pages(service, "/api/audit", "admin", 3) for e in page]
    assert audit == sorted(audit, reverse=True)
    assert len(audit) == len(set(audit)) == 7  # three tokens, one upload, three solves
    tokens = [t["name"] for page in _all_pages(service, "/api/tokens", "admin", 1) for t in page]
    assert tokens == ["viewer-user", "planner-user", "admin-user"]
    orgs = _all_pages(service, "/api/orgs", "admin", 1)
    assert [o["name"] for page in orgs for o in page] == ["default"]


def test_a_limit_beyond_1000_is_422(service: Service) -> None:
    response = service.client.get(
        "/api/scenarios", params={"limit": 1001}, headers=service.as_("viewer")
    )
    assert response.status_code == 422
