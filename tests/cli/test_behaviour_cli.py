"""fit, evaluate and behaviour/interval scenarios from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from entente.cli import app
from entente.evaluate import attack_distribution
from entente.scenario import load_game

runner = CliRunner()

SCENARIO = """
name: three
targets:
  - {id: louvre, defender: {covered: 2, uncovered: -10}, attacker: {covered: -5, uncovered: 8}}
  - {id: eiffel, defender: {covered: 1, uncovered: -8}, attacker: {covered: -4, uncovered: 10}}
  - {id: opera, defender: {covered: 1, uncovered: -6}, attacker: {covered: -2, uncovered: 4}}
resources: [{id: team, count: 1}]
"""
QUANTAL = SCENARIO + "behaviour: {model: quantal, lambda: 0.8}\n"
TYPED = """
attackers:
  - {id: cell, prior: 0.4, behaviour: {model: quantal, lambda: 0.5}}
  - {id: lone, prior: 0.6}
targets:
  - id: louvre
    defender: {covered: 2, uncovered: -10}
    attacker: {cell: {covered: -5, uncovered: [6, 10]}, lone: {covered: -1, uncovered: 3}}
  - id: eiffel
    defender: {covered: 1, uncovered: -8}
    attacker: {cell: {covered: -4, uncovered: 10}, lone: {covered: -1, uncovered: 5}}
resources: [{id: team, count: 1}]
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SCENARIO + "behaviour: {model: quantal, lambda: -1}\n", "behaviour.lambda: must be >= 0"),
        (SCENARIO + "behaviour: {model: cognitive}\n", "behaviour: expected a mapping with model"),
        (
            SCENARIO.replace("uncovered: 8}", "uncovered: [9, 7]}"),
            "targets[0].attacker.uncovered: interval [9, 7] has low > high",
        ),
        (SCENARIO.replace("uncovered: 8}", "uncovered: [1, 2, 3]}"), "an interval is [low, high]"),
        (
            SCENARIO + "behaviour: {model: suqr, weights: {coverage: -1, reward: 1}}\n",
            "behaviour.weights.penalty: required",
        ),
        (TYPED + "behaviour: {model: rational}\n", "behaviour: with an `attackers:` list"),
    ],
)
def test_bad_behaviour_input_exits_2(tmp_path: Path, text: str, expected: str) -> None:
    result = runner.invoke(app, ["validate", _write(tmp_path, "s.yaml", text)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_solve_quantal_json_has_null_attacked(tmp_path: Path) -> None:
    result = runner.invoke(app, ["solve", _write(tmp_path, "q.yaml", QUANTAL), "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["method"] == "gosaq"
    assert doc["attacked"] is None
    assert doc["types"]["attacker"]["attacked"] is None
    assert doc["verified"] is True
    assert doc["gap"] <= 1e-6 * 12 + 1e-12


def test_solve_mixture_with_interval_midpoints(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.yaml", TYPED)
    result = runner.invoke(app, ["solve", path, "--json", "--gap", "0.05"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["method"] == "pasaq"
    assert doc["types"]["cell"]["attacked"] is None
    assert doc["types"]["lone"]["attacked"] in ("louvre", "eiffel")


def test_robust_solve_reports_the_price(tmp_path: Path) -> None:
    text = SCENARIO.replace("uncovered: 8}", "uncovered: [4, 12]}")
    result = runner.invoke(
        app, ["solve", _write(tmp_path, "r.yaml", text), "--method", "robust", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    r = doc["robustness"]
    assert r["price"] >= -1e-9
    assert r["robust_plan_worst_case"] >= r["point_plan_worst_case"] - 1e-9
    assert doc["defender_utility"] == pytest.approx(r["robust_plan_worst_case"])


def test_evaluate_plan_file_and_rota(tmp_path: Path) -> None:
    path = _write(tmp_path, "q.yaml", QUANTAL)
    plan_path = tmp_path / "plan.json"
    assert runner.invoke(app, ["solve", path, "-o", str(plan_path)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", path, "--plan", str(plan_path), "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    plan = json.loads(plan_path.read_text())
    assert doc["models"]["scenario"]["defender_utility"] == pytest.approx(plan["defender_utility"])
    assert set(doc["models"]) == {"scenario", "rational", "pessimistic"}
    # a hand-made rota: louvre on days 1-2, eiffel on day 3, idle on day 4
    rota = (
        "day,resource,unit,targets\n1,team,1,louvre\n2,team,1,louvre\n3,team,1,eiffel\n4,team,1,\n"
    )
    rota_path = _write(tmp_path, "rota.csv", rota)
    result = runner.invoke(app, ["evaluate", path, "--plan", rota_path, "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["coverage"] == pytest.approx({"louvre": 0.5, "eiffel": 0.25, "opera": 0.0})
    table = runner.invoke(app, ["evaluate", path, "--plan", rota_path])
    assert "pessimistic" in table.stdout


@pytest.mark.parametrize(
    ("rota", "expected"),
    [
        ("day,resource,unit,targets\n1,team,1,louvr\n", "line 2, targets: unknown target(s) louvr"),
        ("day,resource,unit,targets\n1,teams,1,louvre\n", "line 2, resource: unknown resource"),
        ("day,resource,unit,targets\n1,team,2,louvre\n", "line 2, unit: must be 1..1"),
        ("day,resource,unit,targets\n1,team,1,louvre;eiffel\n", "a guard unit covers one target"),
        ("day,unit\n", "header day,resource,unit,targets"),
    ],
)
def test_bad_rota_exits_2(tmp_path: Path, rota: str, expected: str) -> None:
    path = _write(tmp_path, "q.yaml", QUANTAL)
    result = runner.invoke(app, ["evaluate", path, "--plan", _write(tmp_path, "r.csv", rota)])
    assert result.exit_code == 2
    assert expected in result.stderr


def _incidents(game, weights_game, rows: int, rng: np.random.Generator) -> str:  # type: ignore[no-untyped-def]
    lines = ["attacked," + ",".join(game.target_ids)]
    for _ in range(rows):
        c = np.minimum(rng.dirichlet(np.ones(game.n_targets)) * 1.5, 1.0)
        q = attack_distribution(weights_game, 0, c)
        hit = game.target_ids[rng.choice(game.n_targets, p=q)]
        lines.append(hit + "," + ",".join(f"{x:.6f}" for x in c))
    return "\n".join(lines) + "\n"


def test_fit_writes_a_scenario_that_solves(tmp_path: Path) -> None:
    truth = (
        SCENARIO
        + "behaviour: {model: suqr, weights: {coverage: -5.0, reward: 0.4, penalty: 0.3}}\n"
    )
    _, weights_game = load_game(_write(tmp_path, "truth.yaml", truth))
    path = _write(tmp_path, "s.yaml", SCENARIO)
    _, game = load_game(path)
    csv = _write(
        tmp_path, "incidents.csv", _incidents(game, weights_game, 400, np.random.default_rng(1))
    )
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(app, ["fit", csv, "--scenario", path, "-o", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["heldout_log_likelihood"] > doc["heldout_uniform_log_likelihood"]
    assert abs(doc["weights"]["coverage"] + 5.0) <= 4 * doc["standard_errors"]["coverage"]
    solved = runner.invoke(app, ["solve", str(out), "--json"])
    assert solved.exit_code == 0, solved.stderr
    assert json.loads(solved.stdout)["method"] == "gosaq"


@pytest.mark.parametrize(
    ("csv", "expected"),
    [
        (
            "attacked,louvre,eiffel,opera\nlouvr,0.1,0.2,0.3\n",
            "line 2, attacked: unknown target 'louvr'",
        ),
        ("attacked,louvre,eiffel\nlouvre,0.1,0.2\n", "no coverage column for target(s) opera"),
        (
            "attacked,louvre,eiffel,opera,x\nlouvre,0.1,0.2,0.3,1\n",
            "line 1, column 5: unknown column 'x'",
        ),
        (
            "attacked,louvre,eiffel,opera\nlouvre,0.1,1.2,0.3\n",
            "line 2, column eiffel: coverage must be in [0, 1]",
        ),
        ("attacked,louvre,eiffel,opera\nlouvre,0.1,0.2\n", "line 2: has 3 fields"),
    ],
)
def test_bad_incidents_exit_2_and_write_nothing(tmp_path: Path, csv: str, expected: str) -> None:
    path = _write(tmp_path, "s.yaml", SCENARIO)
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(
        app, ["fit", _write(tmp_path, "i.csv", csv), "--scenario", path, "-o", str(out)]
    )
    assert result.exit_code == 2
    assert expected in result.stderr
    assert not out.exists()


def test_a_roster_with_time_slots_is_a_rota_evaluate_reads(tmp_path: Path) -> None:
    """`roster` writes one row per unit per slot occurrence (that slot's sites), which
    evaluate reads slot by slot; a daily rota with two targets of one slot for a guard
    it still refuses."""
    coast = str(Path(__file__).parents[1] / "data" / "coast.yaml")
    rota = tmp_path / "rota.csv"
    drawn = runner.invoke(
        app,
        ["roster", coast, "--days", "30", "--start", "2025-06-06", "--seed", "2", "-o", str(rota)],
    )
    assert drawn.exit_code == 0, drawn.stderr
    lines = rota.read_text().splitlines()
    assert lines[0] == "date,slot,start,end,resource,unit,targets"
    assert len(lines) == 1 + 30 * 3  # fri, sat, fri, ... one a day: 30 occurrences x 3 units
    result = runner.invoke(app, ["evaluate", coast, "--plan", str(rota), "--json"])
    assert result.exit_code == 0, result.stderr
    both = _write(
        tmp_path, "both.csv", "day,resource,unit,targets\n1,team,1,calais@fri;wissant@fri\n"
    )
    refused = runner.invoke(app, ["evaluate", coast, "--plan", both])
    assert refused.exit_code == 2
    assert "one target per day (per slot)" in refused.stderr


def test_empirical_coverage_of_a_slotted_rota_is_per_slot(tmp_path: Path) -> None:
    """A hand-made rota per occurrence: two fri nights (team at calais, then wissant), one sat."""
    coast = str(Path(__file__).parents[1] / "data" / "coast.yaml")
    head = "date,slot,start,end,resource,unit,targets\n"
    times = "2025-06-0{d}T00:00:00+02:00,2025-06-0{e}T00:00:00+02:00"
    rows = [
        f"2025-06-06,fri,{times.format(d=6, e=7)},team,1,calais",
        f"2025-06-07,sat,{times.format(d=7, e=8)},team,1,calais",
        f"2025-06-08,fri,{times.format(d=8, e=9)},team,1,wissant",
    ]
    rota = _write(tmp_path, "rota.csv", head + "\n".join(rows) + "\n")
    result = runner.invoke(app, ["evaluate", coast, "--plan", rota, "--json"])
    assert result.exit_code == 0, result.stderr
    coverage = json.loads(result.stdout)["coverage"]
    # effectiveness 0.6: calais@fri covered on one fri of two, calais@sat on the only sat
    assert coverage["calais@fri"] == pytest.approx(0.3, abs=1e-12)
    assert coverage["wissant@fri"] == pytest.approx(0.3, abs=1e-12)
    assert coverage["calais@sat"] == pytest.approx(0.6, abs=1e-12)
    assert coverage["wissant@sat"] == 0.0
    bad = _write(tmp_path, "bad.csv", head + rows[0].replace(",fri,", ",sun,") + "\n")
    refused = runner.invoke(app, ["evaluate", coast, "--plan", bad])
    assert refused.exit_code == 2
    assert "unknown slot 'sun'" in refused.stderr
