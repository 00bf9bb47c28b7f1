"""PASAQ's bound holds for every mixture of rational, quantal and SUQR types (issue 16, case 6).

The regression games made PASAQ on main claim a bound that a feasible
coverage beats: a sharp quantal or SUQR type near full coverage has check
terms near ``exp(-60)``, HiGHS dropped those coefficients of the level row
and called a reachable level infeasible. Each game here failed so on main.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente import solve
from entente.evaluate import outcome
from entente.model import Behaviour, Game, Quantal, Rational, Suqr, make_game
from entente.solvers.behaviour._pwl import SLACK, level_row
from tests.behaviour_games import behavioural_game, multistart_best, project


def _value(game: Game, coverage: list[float]) -> float:
    return outcome(game, np.asarray(coverage, dtype=np.float64), "scenario").defender_utility


def _sharp_quantals() -> Game:
    """Two rational and two quantal types (lambda 4 on payoffs spanning 15), 5 units, 5 sites."""
    return make_game(
        defender_covered=[[3, 6, 3, 2, 10], [9, 9, 2, 3, 0], [7, 0, 4, 4, 5], [1, 6, 9, 8, 9]],
        defender_uncovered=[
            [-5, -4, -8, -6, -1],
            [-3, -10, -9, -1, -4],
            [-8, -2, -6, -10, 0],
            [-10, -5, -5, -5, -1],
        ],
        attacker_covered=[
            [-10, -2, -4, -8, -2],
            [-1, -4, -4, -3, -6],
            [-4, 0, -9, -5, 0],
            [-2, 0, -2, -7, -9],
        ],
        attacker_uncovered=[[10, 2, 1, 7, 7], [2, 0, 9, 5, 4], [4, 6, 6, 2, 3], [2, 2, 3, 9, 6]],
        resources=5,
        priors=[0.1, 0.075, 0.135, 0.69],
        behaviours=[Rational(), Quantal(0.8), Quantal(4.0), Rational()],
    )


def test_a_sharp_quantal_mixture_keeps_its_bound() -> None:
    # main: "optimal", bound 6.0594208, while (1, 1, 1, 1, 0.94) is worth 6.0632423
    game = _sharp_quantals()
    better = _value(game, [1, 1, 1, 1, 0.94])
    assert abs(better - 6.0632423245) < 1e-9
    plan = solve(game, "pasaq", gap=0.02, time_limit=2)
    assert plan.verified
    assert plan.bound >= better
    assert plan.defender_utility >= better - 1e-6  # the coordinate search finds it


def test_a_rational_and_sharp_suqr_mixture_keeps_its_bound() -> None:
    # the shape: rational 0.85, SUQR 0.15, 4 targets, 4 units;
    # main: "optimal", bound 6.3990138, while this coverage is worth 6.3998340
    game = make_game(
        defender_covered=[[9, 10, 2, 3], [9, 4, 3, 9]],
        defender_uncovered=[[-2, -4, -7, -6], [0, 0, -9, -8]],
        attacker_covered=[[-9, -5, -8, -3], [-4, -8, -1, -3]],
        attacker_uncovered=[[1, 4, 10, 1], [4, 4, 9, 2]],
        resources=4,
        priors=[0.85, 0.15],
        behaviours=[Rational(), Suqr(-14.763567505994866, 1.425695544488903, 0.2162394190794506)],
    )
    better = _value(game, [0.4709, 7 / 9, 1, 1])
    assert abs(better - 6.3998340) < 1e-6
    plan = solve(game, "pasaq", gap=1e-3, time_limit=3)
    assert plan.verified
    assert plan.bound >= better
    assert plan.defender_utility >= better - 1e-3


def test_level_row_drops_only_what_it_relaxes() -> None:
    slopes = np.array([1.0, -0.5, 3e-9, -4e-9, 2e-30])
    lengths = np.array([0.1, 0.2, 1.0, 1.0, 1.0])
    coefficients, lower, scale = level_row(slopes, lengths, -0.05)
    assert scale == 1.0
    np.testing.assert_array_equal(coefficients, [1.0, -0.5, 0.0, 0.0, 0.0])
    assert lower == 0.05 - 3e-9 - 2e-30 - SLACK


@settings(max_examples=200, deadline=None)
@given(
    exponents=st.lists(st.floats(-40, 2), min_size=1, max_size=30),
    signs=st.lists(st.booleans(), min_size=30, max_size=30),
    constant=st.floats(-5, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_level_row_is_a_relaxation(
    exponents: list[float], signs: list[bool], constant: float, seed: int
) -> None:
    """Every ``x`` that satisfies the exact row satisfies the row HiGHS is given."""
    n = len(exponents)
    slopes = np.where(signs[:n], 1.0, -1.0) * 10.0 ** np.array(exponents)
    rng = np.random.default_rng(seed)
    lengths = rng.uniform(0, 0.2, n)
    coefficients, lower, scale = level_row(slopes, lengths, constant)
    for _ in range(50):
        x = lengths * rng.uniform(0, 1, n)
        if slopes @ x + constant >= 0:
            assert coefficients @ x >= lower
        assert np.all((coefficients == 0) | (np.abs(coefficients) >= 1e-8))
    assert scale > 0


behaviour_lists = st.lists(
    st.one_of(
        st.floats(0.1, 3.0).map(Quantal),
        st.tuples(st.floats(-15, 3), st.floats(0, 1.5), st.floats(0, 1.5)).map(lambda w: Suqr(*w)),
    ),
    min_size=1,
    max_size=2,
)


def _dense_best(game: Game, rng: np.random.Generator, count: int) -> float:
    budget = float(sum(r.count for r in game.resources))
    lower = np.zeros(game.n_targets)
    best = -np.inf
    for _ in range(count):
        c = project(rng.uniform(0, 1, game.n_targets) * rng.uniform(0.5, 1.5), lower, budget)
        best = max(best, _value(game, list(c)))
    return best


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 4),
    data=st.data(),
    behaviours=behaviour_lists,
)
def test_pasaq_bounds_every_mixture(
    seed: int, n: int, data: st.DataObject, behaviours: list[Behaviour]
) -> None:
    rng = np.random.default_rng(seed)
    units = data.draw(st.integers(1, n))
    game = behavioural_game(rng, n, [Rational(), *behaviours], units=units)
    plan = solve(game, "pasaq", gap=0.02, time_limit=1.5)  # never a CertificateError
    assert plan.verified
    assert plan.bound is not None
    assert plan.defender_utility is not None
    assert plan.gap is not None
    best = max(_dense_best(game, rng, 400), multistart_best(game, 3, rng))
    assert best <= plan.bound + 1e-9 * game.payoff_scale()
    assert plan.defender_utility >= plan.bound - plan.gap - 1e-12
    if plan.status == "optimal":
        assert plan.gap <= 0.02 + 1e-9
