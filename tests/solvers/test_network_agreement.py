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
from entente.solvers.network import network_brute_force, zero_sum_equivalent
from tests.solvers.network_games import random_game

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
