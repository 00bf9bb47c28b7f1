"""Priced routes end to end: solve, roster, orders and report on a plan whose tours were priced."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from entente.scenario import builtin_scenarios, load_game

DRONES = ("drones-coquelles", "drone-marck", "drone-boulogne")


def _entente(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entente", *args], capture_output=True, text=True, check=False
    )


def _long_endurance(tmp_path: Path) -> Path:
    """channel-coast with 150-minute drones: 14 sites within reach of each base, so priced."""
    document = yaml.safe_load(builtin_scenarios()["channel-coast"].read_text())
    for resource in document["resources"]:
        if "routes" in resource:
            resource["routes"]["endurance_min"] = 150
    path = tmp_path / "coast-150.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    return path


@pytest.mark.slow
def test_a_priced_plan_flies_tours_within_reach_and_feeds_rosters_orders_and_reports(
    tmp_path: Path,
) -> None:
    scenario = _long_endurance(tmp_path)
    _, game = load_game(scenario)
    spaces = {r.id: r.routes for r in game.resources if r.id in DRONES}
    assert all(r.routes is not None and not r.schedules for r in game.resources if r.id in DRONES)
    plan_path = tmp_path / "plan.json"
    solved = _entente("solve", str(scenario), "--json", "-o", str(plan_path))
    assert solved.returncode == 0, solved.stderr
    summary = json.loads(solved.stdout)
    assert summary["status"] == "optimal"
    assert summary["verified"] is True
    assert "tours priced by MILP, not listed, for drones-coquelles" in summary["message"]
    index = {t: i for i, t in enumerate(game.target_ids)}
    slots = game.slot_of()
    flown: set[tuple[str, tuple[str, ...]]] = set()
    for deployment in json.loads(plan_path.read_text())["strategy"]["deployments"]:
        for drone in DRONES:
            space = spaces[drone]
            assert space is not None
            for unit in deployment["resources"][drone]:
                by_slot: dict[int, list[int]] = {}
                for target in unit:
                    by_slot.setdefault(int(slots[index[target]]), []).append(index[target])
                for slot, targets in by_slot.items():
                    position = space.positions(slot)
                    sites = [position[t] for t in targets]
                    assert space.length(sites) <= space.budget * (1 + 1e-9)  # in flying order
                    flown.add((drone, tuple(game.target_ids[t].split("@")[0] for t in targets)))
    assert any(len(route) > 5 for _, route in flown)  # tours longer than any listed at 35 min

    roster = _entente(
        "roster", str(plan_path), "--days", "7", "--start", "2026-12-07", "--seed", "1"
    )
    assert roster.returncode == 0, roster.stderr
    rows = list(csv.DictReader(io.StringIO(roster.stdout[roster.stdout.index("date,") :])))
    drawn = {
        (r["resource"], tuple(r["targets"].split(";")))
        for r in rows
        if r["resource"] in DRONES and r["targets"]
    }
    assert drawn
    assert drawn <= flown

    orders = tmp_path / "orders.html"
    done = _entente(
        "orders", str(plan_path), "--date", "2026-12-07", "-o", str(orders), "--seed", "1"
    )
    assert done.returncode == 0, done.stderr
    assert "drones-coquelles" in orders.read_text() or "Coquelles" in orders.read_text()
    report = tmp_path / "report.html"
    done = _entente("report", str(plan_path), "-o", str(report))
    assert done.returncode == 0, done.stderr
    assert report.stat().st_size > 10_000
