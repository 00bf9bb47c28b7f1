"""Checkpoint games on any payoff scale: double-oracle solves the unit game like every method.

It used to solve in the user's units, where the maximin LP's choice among
its optimal mixtures followed the units: a general-sum game gave value 1
and ``time_limit`` while the same game in other units gave 3 and ``optimal``
(4 of 150 random rescaled games differed; 2 of 150 once it solved the unit
game, both general-sum: a maximin mixture is one of several). General-sum
plans now come from the second stage's Stackelberg MILP, made canonical
(bench/network_general_sum.py: 1 of 150 differs, its restricted game holding
other allocations), so the property covers zero-sum games.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente import solve
from entente.model import Game
from entente.solvers.plan import Plan
from tests.solvers.network.network_games import random_game
from tests.solvers.test_scales import _rescaled


def _scaled(game: Game, fd: float, cd: float, fa: float, ca: float) -> Game:
    return dataclasses.replace(_rescaled(game, fd, cd, [fa], [ca]), network=game.network)


def _same_plan(game: Game, fd: float, cd: float, fa: float, ca: float) -> tuple[Plan, Plan]:
    """Same status, coverage and value (the attacked target may differ only where it ties);
    returns both plans."""
    base = solve(game, "double-oracle")
    scaled = solve(_scaled(game, fd, cd, fa, ca), "double-oracle")
    assert scaled.status == base.status
    assert scaled.verified
    assert base.coverage is not None
    assert scaled.coverage is not None
    np.testing.assert_allclose(scaled.coverage, base.coverage, atol=1e-9)
    assert base.defender_utility is not None
    assert scaled.defender_utility == pytest.approx(fd * base.defender_utility + cd, abs=1e-6 * fd)
    return base, scaled


@pytest.mark.parametrize(
    ("seed", "status", "value", "gap"),
    [(1355763821, "optimal", 3.0, 0.0), (574284886, "time_limit", -2 / 3, 4 / 3)],
)
def test_general_sum_games_found_by_fuzzing_keep_their_plans_in_other_units(
    seed: int, status: str, value: float, gap: float
) -> None:
    """Their maximin plans were 1.0 (gap 2) and -4/3 (gap 2), and 3.0 and another plan in
    other units; the second stage's Stackelberg plans are the brute-force optima."""
    plan, scaled = _same_plan(random_game(seed, zero_sum=False), 3189.8, -53121.0, 1.08, -7.99)
    assert plan.status == status
    assert plan.defender_utility == pytest.approx(value, abs=1e-9)
    assert plan.gap == pytest.approx(gap, abs=1e-9)
    assert [r.attacked for r in plan.responses] == [r.attacked for r in scaled.responses]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    fd=st.floats(1e-4, 1e4),
    cd=st.floats(-1e3, 1e3),
    fa=st.floats(1e-4, 1e4),
    ca=st.floats(-1e3, 1e3),
)
def test_zero_sum_checkpoint_plans_do_not_depend_on_payoff_units(
    seed: int, fd: float, cd: float, fa: float, ca: float
) -> None:
    """Same status and value, and each plan's coverage is as good in the other's units.

    Coverage itself may differ where the maximin LP has several optima: a target no type
    attacks can hold 0.362 or 0.376 in one game (found by hypothesis), both optimal.
    """
    game = random_game(seed)
    base = solve(game, "double-oracle")
    scaled = solve(_scaled(game, fd, cd * fd, fa, ca * fa), "double-oracle")
    assert (scaled.status, scaled.verified) == (base.status, True)
    assert base.defender_utility is not None
    assert scaled.defender_utility == pytest.approx(
        fd * base.defender_utility + cd * fd, abs=1e-6 * fd
    )
    assert scaled.coverage is not None
    assert _value(game, scaled.coverage) == pytest.approx(base.defender_utility, abs=1e-6)


def _value(game: Game, coverage: np.ndarray) -> float:
    """The zero-sum value of ``coverage``: the attacker's best target, for the defender."""
    return float(game.defender_utility(coverage)[0].min())
