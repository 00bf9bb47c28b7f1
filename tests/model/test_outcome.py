"""Exact outcomes: hand-worked values and the modes' ordering."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente.evaluate import evaluate_models, outcome
from entente.evaluate.sensitivity import sensitivity
from entente.model import Quantal, Suqr, make_game
from tests.games import random_game


def _two(behaviour):  # type: ignore[no-untyped-def]
    return make_game(
        defender_covered=[2.0, 1.0],
        defender_uncovered=[-10.0, -8.0],
        attacker_covered=[-5.0, -4.0],
        attacker_uncovered=[8.0, 10.0],
        resources=1,
        behaviours=[behaviour],
    )


def test_quantal_by_hand() -> None:
    game = _two(Quantal(0.5))
    c = np.array([0.5, 0.5])
    # Ua = (1.5, 3.0); q ∝ exp(0.5 Ua); Ud = (-4, -3.5)
    w = np.exp(0.5 * np.array([1.5, 3.0]))
    q = w / w.sum()
    o = outcome(game, c)
    assert o.types[0].distribution == pytest.approx(q)
    assert o.defender_utility == pytest.approx(q @ np.array([-4.0, -3.5]))


def test_suqr_by_hand() -> None:
    game = _two(Suqr(coverage=-2.0, reward=0.5, penalty=0.1))
    c = np.array([0.25, 0.75])
    score = -2.0 * c + 0.5 * np.array([8.0, 10.0]) + 0.1 * np.array([-5.0, -4.0])
    q = np.exp(score) / np.exp(score).sum()
    assert outcome(game, c).types[0].distribution == pytest.approx(q)


def test_pessimistic_breaks_ties_against_the_defender() -> None:
    game = make_game(
        defender_covered=[2.0, 1.0],
        defender_uncovered=[-10.0, -2.0],
        attacker_covered=[-5.0, -5.0],
        attacker_uncovered=[8.0, 8.0],
        resources=1,
    )
    c = np.array([0.5, 0.5])  # the attacker is indifferent; Ud = (-4, -0.5)
    models = evaluate_models(game, c)
    assert models["rational"].defender_utility == pytest.approx(-0.5)
    assert models["pessimistic"].defender_utility == pytest.approx(-4.0)
    # with a margin, a target 1 below the best also counts as hit
    near = np.array([0.55, 0.5])
    assert outcome(game, near, "pessimistic").defender_utility == pytest.approx(-0.5)
    assert outcome(game, near, "pessimistic", margin=1.0).defender_utility == pytest.approx(-3.4)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_pessimistic_never_beats_rational(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = random_game(rng, 5, 2, 2, integer=True)
    c = np.minimum(rng.dirichlet(np.ones(5)) * 2, 1)
    models = evaluate_models(game, c, margin=float(rng.uniform(0, 2)))
    assert models["pessimistic"].defender_utility <= models["rational"].defender_utility + 1e-12


def test_lambda_derivative_matches_finite_differences() -> None:
    game = _two(Quantal(0.3))
    c = np.array([0.6, 0.4])
    s = sensitivity(game, c)
    h = 1e-6
    up = outcome(_two(Quantal(0.3 + h)), c).defender_utility
    down = outcome(_two(Quantal(0.3 - h)), c).defender_utility
    assert s.lambdas[0].derivative == pytest.approx((up - down) / (2 * h), rel=1e-5)


def test_prior_derivative_matches_finite_differences() -> None:
    rng = np.random.default_rng(3)
    game = random_game(rng, 4, 3, 1)
    c = np.array([0.4, 0.3, 0.2, 0.1])
    s = sensitivity(game, c)
    values = np.array([p.type_value for p in s.priors])
    p = game.priors
    e = 1e-6
    moved = p * (1 - p[0] - e) / (1 - p[0])
    moved[0] = p[0] + e
    assert s.priors[0].derivative == pytest.approx((moved @ values - p @ values) / e, rel=1e-4)


def test_simulation_uses_the_behavioural_distribution() -> None:
    from entente.evaluate.simulate import rational_response
    from entente.solvers import solve

    game = _two(Quantal(0.5))
    plan = solve(game)
    response = rational_response(game, plan)
    assert response[0] == pytest.approx(plan.responses[0].distribution)
    assert response[0] @ game.defender_utility(plan.coverage)[0] == pytest.approx(
        plan.defender_utility
    )


def test_an_unknown_mode_is_refused() -> None:
    game = make_game(
        defender_covered=[[1.0]],
        defender_uncovered=[[0.0]],
        attacker_covered=[[0.0]],
        attacker_uncovered=[[1.0]],
        resources=1,
    )
    with pytest.raises(ValueError, match="unknown mode 'bogus'; choose one of scenario"):
        outcome(game, np.array([0.5]), "bogus")  # type: ignore[arg-type]
