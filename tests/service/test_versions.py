"""Scenario versions and validation: edits are new versions, never overwrites; errors by field."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from entente._exceptions import ScenarioError
from entente.report.basemap import basemaps
from entente.scenario import compile_scenario, parse_scenario
from entente.service.db import connect, migrate
from tests.service.conftest import Service
from tests.service.scenarios import TWO_TARGETS


def _edited(count: int, name: str = "example") -> dict[str, Any]:
    document = copy.deepcopy(TWO_TARGETS)
    document["resources"][0]["count"] = count
    document["name"] = name
    return document


def test_saving_an_edit_adds_a_version_and_keeps_the_old_one(service: Service) -> None:
    planner = service.as_("planner")
    first = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()["id"]
    saved = service.client.post(
        f"/api/scenarios/{first}/versions", json=_edited(2), headers=planner
    )
    assert saved.status_code == 201, saved.text
    second = saved.json()
    assert (second["family"], second["version"], second["parent"]) == (first, 2, first)
    assert service.client.get(f"/api/scenarios/{first}", headers=planner).json() == TWO_TARGETS
    assert service.client.get(f"/api/scenarios/{second['id']}", headers=planner).json() == (
        _edited(2)
    )
    # an edit of the old version is version 3 (its parent the old one), not a fork that
    # reuses a number
    third = service.client.post(
        f"/api/scenarios/{first}/versions", json=_edited(3), headers=planner
    ).json()
    assert (third["version"], third["parent"]) == (3, first)
    versions = service.client.get(
        f"/api/scenarios/{second['id']}/versions", headers=service.as_("viewer")
    ).json()
    assert [(v["id"], v["version"], v["parent"]) for v in versions] == [
        (first, 1, None),
        (second["id"], 2, first),
        (third["id"], 3, first),
    ]
    listed = service.client.get("/api/scenarios", headers=planner).json()
    assert [(s["family"], s["version"]) for s in listed] == [(first, 1), (first, 2), (first, 3)]


def test_a_plan_keeps_pointing_at_the_version_it_solved(service: Service) -> None:
    planner = service.as_("planner")
    first = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()["id"]
    job = service.client.post(f"/api/scenarios/{first}/solve", headers=planner).json()["job"]
    plan = service.wait_job(job, "planner")["plan"]
    service.client.post(f"/api/scenarios/{first}/versions", json=_edited(2), headers=planner)
    document = service.client.get(f"/api/plans/{plan}", headers=planner).json()
    assert document["scenario"]["resources"] == TWO_TARGETS["resources"]
    assert service.client.get("/api/plans", headers=planner).json()[0]["scenario"] == first
    assert document["defender_utility"] == -3.0  # the README's game, solved on version 1


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(counts=st.lists(st.integers(0, 3), min_size=1, max_size=4))
def test_no_version_is_ever_lost(service: Service, counts: list[int]) -> None:
    """However many edits are saved, from whichever version, every one is still there as saved."""
    planner = service.as_("planner")
    root = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()["id"]
    saved = {root: TWO_TARGETS}
    for i, count in enumerate(counts):
        parent = sorted(saved)[i % len(saved)]
        body = _edited(count, f"edit {i}")
        info = service.client.post(
            f"/api/scenarios/{parent}/versions", json=body, headers=planner
        ).json()
        assert info["parent"] == parent
        saved[info["id"]] = body
    versions = service.client.get(f"/api/scenarios/{root}/versions", headers=planner).json()
    assert [v["version"] for v in versions] == list(range(1, len(counts) + 2))
    assert {v["id"] for v in versions} == set(saved)
    for identifier, body in saved.items():
        assert service.client.get(f"/api/scenarios/{identifier}", headers=planner).json() == body


def _cli_problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        compile_scenario(parse_scenario(document, source="request body"))
    except ScenarioError as error:
        return sorted((p.path, p.message) for p in error.problems)
    return []


def test_validate_gives_the_clis_errors_with_their_field_paths(service: Service) -> None:
    planner = service.as_("planner")
    broken = _edited(-1)
    broken["targets"][1]["attacker"]["covered"] = "abc"
    answer = service.client.post("/api/scenarios/validate", json=broken, headers=planner)
    assert answer.status_code == 422
    got = sorted((d["path"], d["msg"]) for d in answer.json()["detail"])
    assert [path for path, _ in got] == ["resources[0].count", "targets[1].attacker.covered"]
    assert got == _cli_problems(broken)
    assert answer.json()["detail"][0]["loc"][0] == "body"
    fixed = service.client.post("/api/scenarios/validate", json=_edited(2), headers=planner)
    assert fixed.status_code == 200
    assert fixed.json() == {"valid": True, "name": "example", "targets": 2}
    assert service.client.get("/api/scenarios", headers=planner).json() == []  # nothing stored


def test_an_invalid_edit_is_422_with_field_paths_and_stores_nothing(service: Service) -> None:
    planner = service.as_("planner")
    first = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()["id"]
    broken = _edited(1)
    broken["targets"][0]["defender"] = {"covered": -20, "uncovered": -10}
    answer = service.client.post(f"/api/scenarios/{first}/versions", json=broken, headers=planner)
    assert answer.status_code == 422
    assert [d["path"] for d in answer.json()["detail"]] == ["targets[0].defender"]
    assert answer.json()["detail"][0]["msg"] == _cli_problems(broken)[0][1]
    assert len(service.client.get(f"/api/scenarios/{first}/versions", headers=planner).json()) == 1


def test_field_limits_apply_to_edits(service: Service) -> None:
    planner = service.as_("planner")
    first = service.client.post("/api/scenarios", json=TWO_TARGETS, headers=planner).json()["id"]
    huge = _edited(2**40, "x" * 300)
    answer = service.client.post(f"/api/scenarios/{first}/versions", json=huge, headers=planner)
    assert answer.status_code == 422
    assert {d["path"] for d in answer.json()["detail"]} == {"name", "resources[0].count"}


def test_viewers_cannot_edit_or_validate(service: Service) -> None:
    viewer = service.as_("viewer")
    first = service.client.post(
        "/api/scenarios", json=TWO_TARGETS, headers=service.as_("planner")
    ).json()["id"]
    for path in ("/api/scenarios/validate", f"/api/scenarios/{first}/versions"):
        assert service.client.post(path, json=TWO_TARGETS, headers=viewer).status_code == 403


def test_basemaps_are_the_reports(service: Service) -> None:
    maps = service.client.get("/api/basemaps", headers=service.as_("viewer")).json()
    assert [m["name"] for m in maps] == ["channel-coast", "ile-de-france"]
    paris = maps[1]
    assert paris["bbox"][0] < 2.3376 < paris["bbox"][2]
    assert any(layer["name"] == "Paris" for layer in paris["layers"])
    shipped = basemaps()[1]
    assert [layer["rings"] for layer in paris["layers"]] == [
        [[list(point) for point in ring] for ring in layer.rings] for layer in shipped.layers
    ]


def test_the_migration_makes_existing_scenarios_version_1_and_jobs_solves(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("entente.service") / "migrations")
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(
            text(
                "INSERT OR IGNORE INTO organisations (id, name, created_at, created_by) "
                "VALUES (1, 'default', '2026-01-01', 'cli')"
            )
        )
        for name in ("first", "second"):
            connection.execute(
                text(
                    "INSERT INTO scenarios (name, body, sha256, n_targets, org_id, created_at, "
                    f"created_by) VALUES ('{name}', '{{}}', 'x', 2, 1, '2026-01-01', 'alice')"
                )
            )
        connection.execute(
            text(
                "INSERT INTO jobs (scenario_id, org_id, status, stage, progress, options, "
                "created_at, created_by) VALUES (2, 1, 'done', 'done', 1, '{}', '2026-01-01', 'a')"
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        scenarios = connection.execute(
            text("SELECT id, family_id, version, parent_id FROM scenarios ORDER BY id")
        ).all()
        jobs = connection.execute(text("SELECT kind, result FROM jobs")).all()
    engine.dispose()
    assert [tuple(r) for r in scenarios] == [(1, 1, 1, None), (2, 2, 1, None)]
    assert [tuple(r) for r in jobs] == [("solve", None)]
