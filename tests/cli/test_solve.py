"""``entente solve``: the stable JSON keys, exit codes and plan files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import orjson
import pytest
from typer.testing import CliRunner

from entente.cli import app
from tests.games import random_game

KEYS = {
    "status", "method", "defender_utility", "attacker_utility", "attacked",
    "types", "coverage", "gap", "verified", "seconds",
}  # fmt: skip


def _solve_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["solve", *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_one_type_json() -> None:
    code, out = _solve_json("tests/data/two-targets.yaml")
    assert code == 0
    assert set(out) >= KEYS
    assert out["status"] == "optimal"
    assert out["verified"] is True
    assert out["method"] == "origami"
    assert out["attacked"] == "eiffel"
    assert out["defender_utility"] == pytest.approx(-3.0)
    assert out["types"] == {
        "attacker": {
            "attacked": "eiffel",
            "attacker_utility": pytest.approx(60 / 27),
            "defender_utility": pytest.approx(-3.0),
        }
    }
    assert out["coverage"] == {"louvre": pytest.approx(4 / 9), "eiffel": pytest.approx(5 / 9)}
    assert out["gap"] == pytest.approx(0.0, abs=1e-12)
    assert out["seconds"] >= 0


def test_bayesian_json_names_types_and_agrees_with_brute_force() -> None:
    code, milp = _solve_json("tests/data/bayesian.yaml")
    _, brute = _solve_json("tests/data/bayesian.yaml", "--method", "brute-force")
    assert code == 0
    assert milp["method"] == "milp"
    assert brute["method"] == "brute-force"
    assert milp["attacked"] is None
    assert set(milp["types"]) == {"cell", "disorder"}
    assert milp["defender_utility"] == pytest.approx(brute["defender_utility"], abs=1e-6)
    weighted = (
        0.3 * milp["types"]["cell"]["attacker_utility"]
        + 0.7 * milp["types"]["disorder"]["attacker_utility"]
    )
    assert milp["attacker_utility"] == pytest.approx(weighted)
    assert milp["coverage"]["fan-zone"] >= 0.2 - 1e-9  # the floor holds
    assert set(milp["coverage"]) == {"stade-de-france", "louvre", "fan-zone", "metro", "2024"}


def test_infeasible_exits_3_with_json(tmp_path: Path) -> None:
    path = tmp_path / "floors.yaml"
    path.write_text(
        "targets:\n"
        "  - {id: a, min_coverage: 0.8, defender: {covered: 0, uncovered: -1},"
        " attacker: {covered: 0, uncovered: 1}}\n"
        "  - {id: b, min_coverage: 0.8, defender: {covered: 0, uncovered: -1},"
        " attacker: {covered: 0, uncovered: 1}}\n"
        "resources: [{id: team, count: 1}]\n"
    )
    code, out = _solve_json(str(path))
    assert code == 3
    assert out["status"] == "infeasible"
    assert out["coverage"] is None
    assert out["defender_utility"] is None


def _hard_game_file(tmp_path: Path) -> Path:
    game = random_game(np.random.default_rng(0), 60, 12, 10)
    types = [f"t{k}" for k in range(game.n_types)]
    document = {
        "name": "hard",
        "attackers": [
            {"id": t, "prior": float(p)} for t, p in zip(types, game.priors, strict=True)
        ],
        "targets": [
            {
                "id": f"s{j}",
                "defender": {
                    t: {
                        "covered": game.defender_covered[k, j],
                        "uncovered": game.defender_uncovered[k, j],
                    }
                    for k, t in enumerate(types)
                },
                "attacker": {
                    t: {
                        "covered": game.attacker_covered[k, j],
                        "uncovered": game.attacker_uncovered[k, j],
                    }
                    for k, t in enumerate(types)
                },
            }
            for j in range(game.n_targets)
        ],
        "resources": [{"id": "team", "count": 10}],
    }
    path = tmp_path / "hard.json"
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_SERIALIZE_NUMPY))
    return path


def test_time_limit_exits_3_with_a_plan_and_gap(tmp_path: Path) -> None:
    code, out = _solve_json(str(_hard_game_file(tmp_path)), "--time-limit", "0.05")
    assert code == 3
    assert out["status"] == "time_limit"
    assert out["gap"] > 0
    assert out["verified"] is True
    assert len(out["coverage"]) == 60


@pytest.mark.slow
def test_stdout_holds_only_the_json_even_when_highs_runs(tmp_path: Path) -> None:
    """A real process: HiGHS writes through C stdio, which CliRunner cannot see."""
    hard = str(_hard_game_file(tmp_path))
    for args in (
        [hard, "--time-limit", "0.2"],
        ["tests/data/bayesian.yaml"],
        ["tests/data/two-targets.yaml", "--method", "multiple-lps"],
    ):
        completed = subprocess.run(
            [sys.executable, "-m", "entente", "solve", *args, "--json"],
            capture_output=True,
            check=False,
        )
        assert completed.returncode in (0, 3), completed.stderr
        json.loads(completed.stdout)  # exactly one JSON document, nothing else
        assert completed.stdout.count(b"\n") == 1


def test_plan_file(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    result = CliRunner().invoke(app, ["solve", "tests/data/bayesian.yaml", "-o", str(plan_path)])
    assert result.exit_code == 0
    assert "plan written" in result.stdout
    plan = json.loads(plan_path.read_text())
    assert set(plan) >= KEYS
    assert plan["format"] == "entente-plan/1"
    assert len(plan["scenario_sha256"]) == 64
    assert plan["scenario"]["name"] == "bayesian"
    assert set(plan["versions"]) >= {"entente", "numpy", "scipy", "highspy"}
    assert plan["certificate"]["passed"] is True
    strategy = plan["strategy"]
    assert strategy["form"] == "comb"
    assert strategy["units"] == 3
    assert sum(strategy["marginals"].values()) <= 3 + 1e-9
    assert strategy["marginals"] == pytest.approx(plan["coverage"])
    assert not list(tmp_path.glob(".plan.json.*"))  # no temporary left behind


def test_table_output_and_builtin_name() -> None:
    result = CliRunner().invoke(app, ["solve", "paris-2024"])
    assert result.exit_code == 0
    assert "paris-2024: optimal, verified, method milp" in result.stdout
    assert "more targets" in result.stdout


def test_validate() -> None:
    result = CliRunner().invoke(app, ["validate", "tests/data/bayesian.yaml"])
    assert result.exit_code == 0
    assert "5 targets, 2 attacker type(s), 3 resource units" in result.stdout


def test_yaml_and_json_describe_the_same_scenario(tmp_path: Path) -> None:
    from entente.scenario import load_scenario

    yaml_scenario = load_scenario("tests/data/bayesian.yaml")
    json_path = tmp_path / "bayesian.json"
    json_path.write_bytes(orjson.dumps(yaml_scenario.document))
    assert load_scenario(json_path).sha256() == yaml_scenario.sha256()


def test_unwritable_plan_path_is_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "plan.json"
    result = CliRunner().invoke(app, ["solve", "tests/data/two-targets.yaml", "-o", str(target)])
    assert result.exit_code == 2
    assert f"--output {target}: the folder {target.parent} does not exist" in result.stderr
    assert "Traceback" not in result.stderr
