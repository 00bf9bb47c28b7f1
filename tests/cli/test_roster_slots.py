"""Rosters and calendars drawn from a plan with time slots, patrols and a barrier."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "coast-plan.json"
    result = CliRunner().invoke(app, ["solve", "tests/data/coast.yaml", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_csv_rows_name_site_at_slot_targets_and_the_barrier_every_day(plan_file: Path) -> None:
    result = CliRunner().invoke(app, ["roster", str(plan_file), "--days", "5", "--seed", "4"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5 * 3
    barrier = [r["targets"] for r in rows if r["resource"] == "barrier"]
    assert barrier == ["canche-mouth@fri;canche-mouth@sat"] * 5
    drone = [r["targets"] for r in rows if r["resource"] == "drone"]
    assert all("@sat" not in d for d in drone)  # grounded on Saturday (slot_counts: 0)
    team = {t for r in rows if r["resource"] == "team" for t in r["targets"].split(";") if t}
    assert team <= {f"{s}@{n}" for s in ("calais", "sangatte", "wissant") for n in ("fri", "sat")}


def test_calendar_events_place_each_slot_target_at_its_site(plan_file: Path) -> None:
    result = CliRunner().invoke(
        app, ["roster", str(plan_file), "--days", "2", "--seed", "4", "--format", "ics"]
    )
    assert result.exit_code == 0, result.stderr
    assert "GEO:50.5439;1.5903" in result.stdout  # the barrier at the Canche mouth
    assert "canche-mouth@sat" in result.stdout.replace("\r\n ", "")
