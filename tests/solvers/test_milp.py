"""The Bayesian MILP: formulations agree, time limits answer honestly."""

from __future__ import annotations

import numpy as np
import pytest

from entente import MethodError, solve
from entente.solvers import milp, multiple_lps
from tests.games import random_game


@pytest.mark.parametrize("seed", range(8))
def test_tight_and_naive_agree_with_multiple_lps(seed: int) -> None:
    game = random_game(np.random.default_rng(seed), 12, 3, 3)
    tight = solve(game, "milp")
    naive = milp(game, formulation="naive")
    lps = solve(game, "multiple-lps")
    assert tight.defender_utility == pytest.approx(lps.defender_utility, abs=1e-6)
    assert naive.defender_utility == pytest.approx(lps.defender_utility, abs=1e-6)


def test_time_limit_returns_the_best_plan_with_its_gap() -> None:
    game = random_game(np.random.default_rng(0), 60, 12, 10)
    plan = solve(game, "milp", time_limit=0.05)
    assert plan.status == "time_limit"
    assert plan.verified  # the plan found so far is still certified
    assert plan.gap is not None
    assert plan.gap > 0
    assert plan.bound is not None
    assert plan.bound >= plan.defender_utility


def test_gap_option_is_absolute() -> None:
    game = random_game(np.random.default_rng(4), 15, 3, 3)
    loose = solve(game, "milp", gap=5.0)
    exact = solve(game, "milp")
    assert loose.gap is not None
    assert loose.gap <= 5.0 + 1e-9
    assert loose.defender_utility <= exact.defender_utility + 1e-6
    assert loose.defender_utility >= exact.defender_utility - 5.0 - 1e-6


def test_multiple_lps_refuses_too_many_profiles() -> None:
    game = random_game(np.random.default_rng(1), 30, 6, 3)
    with pytest.raises(MethodError, match="use method 'milp'"):
        multiple_lps(game, max_profiles=100)


def test_multiple_lps_time_limit() -> None:
    game = random_game(np.random.default_rng(2), 300, 1, 5)
    plan = solve(game, "multiple-lps", time_limit=0.0)
    assert plan.status == "time_limit"
    assert plan.verified
