"""The double oracle against brute force on random small checkpoint games.

Every allocation x every simple path (networkx) gives the exact value:
zero-sum games (one or two types) must agree to 1e-6, general-sum games
must fall within the plan's value and its bound. Integer payoffs make ties
common; effectiveness below 1, several resources, restricted edges and
one-way roads all occur.
"""

from __future__ import annotations

import pytest

from entente import solve
from entente.solvers import certify
from entente.solvers.network import double_oracle, network_brute_force, zero_sum_equivalent
from tests.solvers.network.network_games import random_game

SEEDS = range(200)


def _config(seed: int) -> tuple[bool, int]:
    return [(True, 1), (True, 1), (True, 2), (False, 1)][seed % 4]


@pytest.mark.parametrize("seed", SEEDS)
def test_double_oracle_agrees_with_brute_force(seed: int) -> None:
    zero_sum, n_types = _config(seed)
    game = random_game(seed, zero_sum=zero_sum, n_types=n_types)
    exact = network_brute_force(game, zero_sum=zero_sum_equivalent(game))
    plan = solve(game)
    assert plan.verified
    assert plan.defender_utility is not None
    assert plan.bound is not None
    if zero_sum:
        assert plan.status == "optimal"
        assert plan.defender_utility == pytest.approx(exact.value, abs=1e-6)
    else:
        assert plan.defender_utility <= exact.value + 1e-6
        assert exact.value <= plan.bound + 1e-6


@pytest.mark.parametrize("seed", range(0, 60, 2))
def test_plain_double_oracle_agrees_too(seed: int) -> None:
    """Without warm starts (the baseline of bench/network.py) the answer is the same."""
    game = random_game(seed)
    exact = network_brute_force(game, zero_sum=True)
    plan = double_oracle(game, warm_start=False)
    assert plan.status == "optimal"
    assert plan.defender_utility == pytest.approx(exact.value, abs=1e-6)
    assert certify(game, plan).passed


def test_no_time_gives_no_plan_and_says_so() -> None:
    game = random_game(5)
    plan = solve(game, time_limit=0.0)
    assert plan.status == "time_limit"
    assert plan.coverage is None
    assert plan.verified


@pytest.mark.parametrize(
    ("defender", "attacker", "expected"),
    [
        ((([1, 1], [-1, -5])), (([-1, -1], [1, 1])), False),  # same attacker stakes, not same harm
        ((([2, 4], [-6, -8])), (([-1, -2], [3, 4])), True),  # U_d = -2 U_a
        ((([2, 1], [-1, -2])), (([-1, 0], [2, 3])), True),  # U_d = 1 - U_a
    ],
)
def test_zero_sum_equivalence(defender: tuple, attacker: tuple, expected: bool) -> None:
    import dataclasses

    from entente.model import make_game

    base = random_game(0).network
    assert base is not None
    game = make_game(
        defender_covered=defender[0],
        defender_uncovered=defender[1],
        attacker_covered=attacker[0],
        attacker_uncovered=attacker[1],
        resources=(),
    )
    nodes = base.target_nodes[[0, 0]]
    game = dataclasses.replace(game, network=dataclasses.replace(base, target_nodes=nodes))
    assert zero_sum_equivalent(game) is expected
