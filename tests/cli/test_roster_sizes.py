"""Rosters at the extremes of unit counts: a trillion guards, and none at all."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from typer.testing import CliRunner

from entente.operations import MAX_ROSTER_UNITS, roster_plan
from entente.planfile import read_plan

runner = CliRunner()

TARGETS = """targets:
  - {id: a, defender: {covered: 0, uncovered: -10}, attacker: {covered: -1, uncovered: 5}}
  - {id: b, defender: {covered: 0, uncovered: -5}, attacker: {covered: -1, uncovered: 3}}
"""


def _run(*args: str) -> tuple[int, str, str]:
    from entente.cli import app

    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_a_trillion_guards_plan_and_their_roster_is_refused_naming_the_count(
    tmp_path: Path,
) -> None:
    scenario = tmp_path / "big.yaml"
    scenario.write_text(
        "name: big\n" + TARGETS + "resources:\n"
        "  - {id: guard, count: 1000000000000}\n"
        "  - {id: heli, kind: patrol, count: 1, schedules: [[a, b]]}\n"
    )
    plan = tmp_path / "plan.json"
    started = time.monotonic()
    code, _, stderr = _run("solve", str(scenario), "-o", str(plan))
    assert code == 0, stderr
    tracemalloc.start()
    record = read_plan(plan)
    assert record.plan.coverage is not None
    assert record.plan.coverage.tolist() == [1.0, 1.0]
    code, _, stderr = _run("roster", str(plan), "--days", "1")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == 2
    assert (
        "resources[0].count: 1,000,000,000,000 units of 'guard': a roster lists one row per "
        f"unit per day, at most {MAX_ROSTER_UNITS:,} units in all"
    ) in stderr
    assert time.monotonic() - started < 30
    assert peak < 50e6  # bytes: nothing is allocated per unit


def test_a_plan_without_units_gives_a_roster_that_evaluate_reads(tmp_path: Path) -> None:
    scenario = tmp_path / "zero.yaml"
    scenario.write_text("name: zero\n" + TARGETS + "resources: [{id: guard, count: 0}]\n")
    plan, rota = tmp_path / "plan.json", tmp_path / "rota.csv"
    assert _run("solve", str(scenario), "-o", str(plan))[0] == 0
    code, _, stderr = _run("roster", str(plan), "--days", "3", "-o", str(rota))
    assert code == 0, stderr
    assert rota.read_text() == "day,resource,unit,targets\n"
    assert roster_plan(read_plan(plan)).units == 0
    code, stdout, stderr = _run("evaluate", str(scenario), "--plan", str(rota), "--json")
    assert code == 0, stderr
    assert '"defender_utility":-10.0' in stdout.replace(" ", "")
