"""Simulation agrees with the exact expected outcome, within a tolerance set by the run count."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import yaml

from entente import InputError
from entente.evaluate.simulate import simulate
from tests.operations.plans import scenario_doc, solved_plan
from tests.operations.test_checkpoint_orders import TWO


@pytest.fixture(scope="module")
def stacked_plan() -> dict[str, Any]:
    """Brute force over two resources of effectiveness 0.6 and 0.7 that may stack."""
    doc = scenario_doc(4, {"drone": 1, "team": 1}, np.random.default_rng(42))
    doc["resources"][0]["effectiveness"] = 0.6
    doc["resources"][1]["effectiveness"] = 0.7
    return solved_plan(doc, "brute-force")


@pytest.fixture(scope="module")
def checkpoint_plan() -> dict[str, Any]:
    """Two checkpoints on a diamond of roads: units hold roads, not targets."""
    return solved_plan(yaml.safe_load(TWO))


def _bound(plan: dict[str, Any], side: str) -> float:
    """Popoviciu: a payoff in [low, high] has standard deviation at most (high - low) / 2."""
    values = [
        v
        for t in plan["scenario"]["targets"]
        for pair in ([t[side]] if "covered" in t[side] else t[side].values())
        for v in (pair["covered"], pair["uncovered"])
    ]
    return (max(values) - min(values)) / 2


@pytest.mark.parametrize("plan_name", ["paris", "stacked", "checkpoints"])
def test_means_converge_to_the_exact_expectations(
    plan_name: str,
    paris_plan: dict[str, Any],
    stacked_plan: dict[str, Any],
    checkpoint_plan: dict[str, Any],
) -> None:
    plan = {"paris": paris_plan, "stacked": stacked_plan, "checkpoints": checkpoint_plan}[plan_name]
    result = simulate(plan, days=100, runs=100, seed=12)
    attacks = result.runs * result.days  # one attack per period by default
    z = 5.0  # a false alarm once in ~1.7 million runs of this test
    assert result.defender_per_attack.exact == pytest.approx(plan["defender_utility"])
    assert abs(result.defender_per_attack.mean - plan["defender_utility"]) <= z * _bound(
        plan, "defender"
    ) / math.sqrt(attacks)
    assert abs(result.attacker_per_attack.mean - plan["attacker_utility"]) <= z * _bound(
        plan, "attacker"
    ) / math.sqrt(attacks)
    caught = result.interdiction_rate
    assert abs(caught.mean - caught.exact) <= z * 0.5 / math.sqrt(attacks)


def test_intervals_cover_the_exact_value_at_their_level(stacked_plan: dict[str, Any]) -> None:
    covered = [
        simulate(stacked_plan, days=20, runs=30, seed=seed).defender_per_attack.covers_exact()
        for seed in range(40)
    ]
    # 95% intervals: 38 of 40 expected; fewer than 32 has probability < 1e-4
    assert sum(bool(c) for c in covered) >= 32


def test_attacks_per_period_from_the_scenario_and_fractional_rates(
    stacked_plan: dict[str, Any],
) -> None:
    plan = dict(stacked_plan)
    assert simulate(plan, days=10, runs=5, seed=1).attacks.mean == 10
    fractional = simulate(plan, days=50, runs=400, seed=2, attacks_per_period=2.5)
    assert fractional.attacks.exact == 125
    # per period: 2 attacks, plus 1 with probability 1/2 -> sd 0.5 per period
    assert abs(fractional.attacks.mean - 125) <= 5 * 0.5 * math.sqrt(50) / math.sqrt(400)
    assert simulate(plan, days=10, runs=5, seed=1, attacks_per_period=0).attacks.mean == 0


def test_scenario_rate_is_read(stacked_plan: dict[str, Any]) -> None:
    doc = dict(stacked_plan["scenario"])
    doc["attacks_per_period"] = 3
    plan = solved_plan(doc, "brute-force")
    result = simulate(plan, days=7, runs=3, seed=0)
    assert result.attacks.mean == 21


def test_seed_reproduces_and_is_recorded(stacked_plan: dict[str, Any]) -> None:
    a = simulate(stacked_plan, days=30, runs=10, seed=99)
    b = simulate(stacked_plan, days=30, runs=10, seed=99)
    assert a.as_dict() == b.as_dict()
    fresh = simulate(stacked_plan, days=30, runs=10)
    assert isinstance(fresh.seed, int)
    assert simulate(stacked_plan, days=30, runs=10, seed=fresh.seed).as_dict() == fresh.as_dict()


def test_explicit_response_distribution(stacked_plan: dict[str, Any]) -> None:
    uniform = np.full((1, 4), 0.25)
    result = simulate(stacked_plan, days=200, runs=50, seed=3, response=uniform)
    coverage = np.array(list(stacked_plan["coverage"].values()))
    assert result.interdiction_rate.exact == pytest.approx(coverage.mean())
    assert result.target_attacks.sum() == 200 * 50
    assert np.all(result.target_attacks > 2000)  # every target attacked, about 2500 times


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"runs": 1}, "runs >= 2"),
        ({"confidence": 1.5}, "confidence"),
        ({"response": np.ones((1, 4))}, "sum to 1"),
        ({"response": np.ones((2, 4)) / 4}, "types, targets"),
    ],
)
def test_bad_arguments(stacked_plan: dict[str, Any], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        simulate(stacked_plan, **{"days": 5, "runs": 5, **kwargs})


def test_a_checkpoint_plan_is_simulated_on_its_attackers_path(
    checkpoint_plan: dict[str, Any],
) -> None:
    # one type, one target: every attack is on the plan's path, stopped as its coverage says
    result = simulate(checkpoint_plan, days=50, runs=200, seed=3)
    assert result.interdiction_rate.exact == pytest.approx(checkpoint_plan["coverage"]["t"])
    assert result.interdiction_rate.exact > 0.3
    assert abs(result.interdiction_rate.mean - result.interdiction_rate.exact) <= 5 * 0.5 / 100


def test_a_checkpoint_response_off_the_known_paths_is_refused() -> None:
    document = yaml.safe_load(TWO)
    document["targets"].append(
        {
            "id": "u",
            "node": "b",
            "defender": {"covered": 0, "uncovered": -1},
            "attacker": {"covered": 0, "uncovered": 1},
        }
    )
    plan = solved_plan(document)
    with pytest.raises(InputError, match="known for its best-response target only"):
        simulate(plan, days=5, runs=2, response=np.array([[0.5, 0.5]]))
