"""The built-in channel-coast scenario, end to end through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from entente.scenario import builtin_scenarios

NIGHTS = ["n1", "n2", "n3", "n4", "n5", "n6", "n7"]


def test_the_file_cites_its_sources_and_locates_every_place() -> None:
    document = yaml.safe_load(builtin_scenarios()["channel-coast"].read_text())
    for entry in document["targets"] + document["places"]:
        assert 50.0 <= entry["lat"] <= 51.5, entry["id"]  # the Channel coast, Dunkirk-Authie
        assert 1.0 <= entry["lon"] <= 2.5, entry["id"]
    assert len(document["sources"]) >= 20
    assert all("http" in source for source in document["sources"])
    text = " ".join(document["assumptions"])
    assert "never assumes interception at sea" in text
    assert "people" in text


@pytest.mark.slow
def test_solve_json_prints_only_json_and_the_plan_is_a_certified_mixture(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    completed = subprocess.run(
        [sys.executable, "-m", "entente", "solve", "channel-coast", "--json", "-o", str(plan_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    summary = json.loads(completed.stdout)  # nothing but one JSON object on stdout
    assert summary["status"] == "optimal"
    assert summary["verified"] is True
    assert summary["method"] == "column-generation"
    assert set(summary["types"]) == {"network-north", "network-south"}
    assert len(summary["coverage"]) == 15 * 7
    assert all(t.split("@")[1] in NIGHTS for t in summary["coverage"])

    plan = json.loads(plan_path.read_text())
    deployments = plan["strategy"]["deployments"]
    assert plan["strategy"]["form"] == "mixture"
    assert abs(sum(d["probability"] for d in deployments) - 1.0) < 1e-9
    barriers = {json.dumps(sorted(d["resources"]["barriers"])) for d in deployments}
    assert len(barriers) == 1  # the same placement in every deployment
    drones = ["drones-coquelles", "drone-marck", "drone-boulogne"]
    for deployment in deployments:
        for drone in drones:
            flown = [t for unit in deployment["resources"][drone] for t in unit]
            assert not any(t.endswith(("@n4", "@n5")) for t in flown)  # grounded in rough weather
    check_names = {c["name"] for c in plan["certificate"]["checks"] if c["passed"]}
    assert {"strategy", "value", "bound"} <= check_names
