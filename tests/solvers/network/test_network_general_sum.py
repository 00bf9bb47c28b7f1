"""General-sum checkpoint games: the second stage's Stackelberg plan against the maximin plan
and against brute force (every allocation x every simple path, multiple LPs)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente import solve
from entente.model import Game
from entente.solvers.network import double_oracle, network_brute_force
from entente.solvers.network._attacker import Escape, best_escapes
from entente.solvers.network._graph import allocation_factors
from entente.solvers.plan import Plan
from tests.solvers.network.network_games import random_game


def _maximin_only(game: Game, **options: float) -> Plan:
    return double_oracle(game, second_stage=False, **options)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_the_second_stage_never_loses_and_never_beats_brute_force(seed: int) -> None:
    game = random_game(seed, zero_sum=False)
    before = solve(game, _maximin_only)
    after = solve(game, "double-oracle")
    exact = network_brute_force(game, zero_sum=False).value
    assert before.defender_utility is not None
    assert after.defender_utility is not None
    assert after.verified
    assert before.defender_utility - 1e-7 <= after.defender_utility <= exact + 1e-6
    assert after.bound is not None
    assert exact <= after.bound + 1e-6


@pytest.mark.parametrize(
    ("seed", "maximin", "stackelberg"),
    [
        (7, -2.0, 0.0),
        (39, -0.125, 0.5),
        (103, 0.0, 3.0),
        (15, 0.04680344332858244, 1.0738001363961613),
    ],
)
def test_the_second_stage_reaches_the_brute_force_optimum(
    seed: int, maximin: float, stackelberg: float
) -> None:
    """Games of the agreement test's draw, measured: the maximin plan falls short (seed 15
    reaches the optimum only with allocations priced in: 1.0604 over the loop's alone)."""
    game = random_game(seed, zero_sum=False)
    assert solve(game, _maximin_only).defender_utility == pytest.approx(maximin, abs=1e-9)
    plan = solve(game, "double-oracle")
    assert plan.defender_utility == pytest.approx(stackelberg, abs=1e-9)
    assert network_brute_force(game, zero_sum=False).value == pytest.approx(stackelberg, abs=1e-9)
    assert "Stackelberg mixture" in plan.message


def test_two_attacker_types_get_the_restricted_stackelberg_plan() -> None:
    """Measured: the maximin plan 1.508; the MILP's plan 3.0 meets the bound."""
    game = random_game(0, zero_sum=False, n_types=2)
    before = solve(game, _maximin_only)
    after = solve(game, "double-oracle")
    assert before.defender_utility == pytest.approx(1.5083244800891027, abs=1e-9)
    assert (after.status, after.defender_utility, after.gap) == ("optimal", 3.0, 0.0)


def test_the_oracle_finds_a_path_past_every_checkpoint_despite_a_held_incumbent() -> None:
    """A best path that crosses no held edge is found though the incumbent crosses one (the
    label search's empty edge list once read as 'nothing beats the incumbent')."""
    network = random_game(7, zero_sum=False).network
    assert network is not None
    factors = allocation_factors(network, [((), ()), ((), (2, 8))])
    x = np.array([0.5, 0.5])
    held = Escape((1, (2,), 2), 0.5 + 0.5 * (1 - network.checkpoints[1].effectiveness), 1.0)
    found = best_escapes(network, factors, x, deadline=None, incumbents=[None, held, None])[1]
    assert (found.path, found.value, found.bound) == ((1, (10, 4), 2), 1.0, 1.0)
