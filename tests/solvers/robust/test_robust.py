"""Maximin plans over interval payoffs and tie margins."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from entente import solve
from entente.evaluate import outcome
from entente.model import AttackerBounds, make_game
from tests.games import random_game


def _interval_game(rng: np.random.Generator, n: int, width: float, units: int = 1):  # type: ignore[no-untyped-def]
    base = random_game(rng, n, 1, units)
    half_c = rng.uniform(0, width, n)
    half_u = rng.uniform(0, width, n)
    ac, au = base.attacker_covered[0], base.attacker_uncovered[0]
    bounds = AttackerBounds(
        covered_low=(ac - half_c)[None, :],
        covered_high=(ac + half_c)[None, :],
        uncovered_low=(au - half_u)[None, :],
        uncovered_high=(au + half_u)[None, :],
    )
    return make_game(
        defender_covered=base.defender_covered[0],
        defender_uncovered=base.defender_uncovered[0],
        attacker_covered=ac,
        attacker_uncovered=au,
        resources=units,
        attacker_bounds=bounds,
    )


@pytest.mark.parametrize("seed", range(8))
def test_every_vertex_of_the_box_does_at_least_the_worst_case(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = _interval_game(rng, 4, 20.0, units=1)
    plan = solve(game, "robust")
    assert plan.success
    b = game.attacker_bounds
    c = plan.coverage
    ud = game.defender_utility(c)[0]
    for corner in itertools.product((0, 1), repeat=2 * game.n_targets):
        pick = np.array(corner).reshape(2, game.n_targets)
        covered = np.where(pick[0], b.covered_high[0], b.covered_low[0])
        uncovered = np.where(pick[1], b.uncovered_high[0], b.uncovered_low[0])
        ua = uncovered + c * (covered - uncovered)
        best = ua >= ua.max() - 1e-9
        # whichever best response the attacker picks, the defender gets at least the worst case
        assert ud[best].min() >= plan.defender_utility - 1e-7


@pytest.mark.parametrize("seed", range(8))
def test_zero_width_intervals_give_the_pessimistic_point_value(seed: int) -> None:
    rng = np.random.default_rng(50 + seed)
    game = random_game(rng, 5, 1, 2)
    robust = solve(game, "robust")
    point = solve(game)
    scale = game.payoff_scale()
    # the weak (pessimistic) optimum is the strong one's supremum: equal up to the tie tolerance
    assert robust.defender_utility == pytest.approx(point.defender_utility, abs=1e-4 * scale)
    assert robust.defender_utility <= point.defender_utility + 1e-9 * scale


def test_robust_is_never_worse_in_the_worst_case_than_the_point_plan() -> None:
    rng = np.random.default_rng(3)
    for _ in range(5):
        game = _interval_game(rng, 5, 30.0, units=2)
        robust = solve(game, "robust")
        point = solve(game)
        worst_point = outcome(game, point.coverage, "pessimistic").defender_utility
        assert robust.defender_utility >= worst_point - 1e-7


def test_tie_margin_keeps_a_margin() -> None:
    rng = np.random.default_rng(4)
    game = random_game(rng, 5, 2, 2)
    plan = solve(game, "robust", margin=2.0)
    assert plan.success
    ua = game.attacker_utility(plan.coverage)
    ud = game.defender_utility(plan.coverage)
    for k in range(game.n_types):
        near = ua[k] >= ua[k].max() - 2.0 + 1e-6
        assert ud[k][near].min() >= plan.responses[k].defender_utility - 1e-7
    looser = solve(game, "robust", margin=0.5)
    assert looser.defender_utility >= plan.defender_utility - 1e-7


def test_hand_worked_interval_game() -> None:
    # one unit, two targets; attacker's uncovered payoff at t0 in [0, 10]
    game = make_game(
        defender_covered=[0.0, 0.0],
        defender_uncovered=[-1.0, -1.0],
        attacker_covered=[0.0, 0.0],
        attacker_uncovered=[5.0, 5.0],
        resources=1,
        attacker_bounds=AttackerBounds(
            covered_low=np.zeros((1, 2)),
            covered_high=np.zeros((1, 2)),
            uncovered_low=np.array([[0.0, 5.0]]),
            uncovered_high=np.array([[10.0, 5.0]]),
        ),
    )
    # any split c0 + c1 = 1 leaves both attackable for some payoffs, so the defender's
    # worst case is max_c min(-(1-c0), -(1-c1)) = -0.5 at c = (0.5, 0.5)
    plan = solve(game, "robust")
    assert plan.defender_utility == pytest.approx(-0.5, abs=1e-6)
