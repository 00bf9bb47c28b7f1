"""GOSAQ and PASAQ: certified optima against quantal and SUQR attackers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from entente import MethodError, certify, make_game, solve
from entente.model import Quantal, Rational, Suqr
from entente.solvers.behaviour.gosaq import gosaq
from entente.solvers.behaviour.pasaq import pasaq
from tests.behaviour_games import behavioural_game, multistart_best


def _grid_best(game, step: float) -> float:  # type: ignore[no-untyped-def]
    """Exhaustive grid over coverage vectors of a 3-target, 1-unit game (vectorised)."""
    ticks = np.arange(0.0, 1.0 + 1e-12, step)
    grid = np.array(list(itertools.product(ticks, repeat=game.n_targets)))
    grid = grid[grid.sum(axis=1) <= 1.0 + 1e-12]
    total = np.zeros(len(grid))
    for k in range(game.n_types):
        ua = game.attacker_uncovered[k] + grid * (
            game.attacker_covered[k] - game.attacker_uncovered[k]
        )
        ud = game.defender_uncovered[k] + grid * (
            game.defender_covered[k] - game.defender_uncovered[k]
        )
        b = game.behaviour(k)
        if isinstance(b, Rational):
            best = ua >= ua.max(axis=1, keepdims=True) - 1e-9
            total += game.priors[k] * np.where(best, ud, -np.inf).max(axis=1)
            continue
        if isinstance(b, Quantal):
            score = b.lam * ua
        else:
            score = (
                b.coverage * grid
                + b.reward * game.attacker_uncovered[k]
                + b.penalty * game.attacker_covered[k]
            )
        w = np.exp(score - score.max(axis=1, keepdims=True))
        total += game.priors[k] * (w * ud).sum(axis=1) / w.sum(axis=1)
    return float(total.max())


@pytest.mark.parametrize("seed", range(6))
def test_gosaq_is_never_beaten_by_a_dense_grid(seed: int) -> None:
    rng = np.random.default_rng(seed)
    behaviour = Quantal(0.76) if seed % 2 else Suqr(-6.0, 0.6, 0.4)
    game = behavioural_game(rng, 3, [behaviour])
    plan = solve(game)
    assert plan.method == "gosaq"
    assert plan.success
    grid = _grid_best(game, 0.01)
    assert grid <= plan.bound + 1e-9
    assert plan.defender_utility >= grid - 1e-2  # the grid's own resolution


@pytest.mark.parametrize("seed", range(4))
def test_gosaq_is_never_beaten_by_multistart(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    game = behavioural_game(rng, 8, [Quantal(0.5)], units=3)
    plan = solve(game)
    best = multistart_best(game, 20, rng)
    assert best <= plan.defender_utility + plan.gap + 1e-7


def test_gosaq_honours_floors() -> None:
    rng = np.random.default_rng(5)
    floors = np.array([0.5, 0.0, 0.3, 0.0, 0.0])
    game = behavioural_game(rng, 5, [Quantal(1.0)], units=2, floors=floors)
    plan = solve(game)
    assert plan.success
    assert np.all(plan.coverage >= floors - 1e-12)
    assert multistart_best(game, 10, rng) <= plan.bound + 1e-7


def test_large_lambda_converges_to_the_rational_plan() -> None:
    rng = np.random.default_rng(11)
    base = behavioural_game(rng, 5, [Rational()], units=2)
    rational = solve(base)
    values = []
    for lam in (1.0, 3.0, 10.0):
        game = make_game(
            defender_covered=base.defender_covered[0],
            defender_uncovered=base.defender_uncovered[0],
            attacker_covered=base.attacker_covered[0],
            attacker_uncovered=base.attacker_uncovered[0],
            resources=2,
            behaviours=[Quantal(lam)],
        )
        values.append(solve(game).defender_utility)
    errors = [abs(v - rational.defender_utility) for v in values]
    assert errors[0] > errors[1] > errors[2]
    assert errors[-1] < 0.1 * abs(rational.defender_utility) + 0.3


def test_lambda_zero_is_a_uniform_attacker() -> None:
    game = make_game(
        defender_covered=[2.0, 1.0, 0.0],
        defender_uncovered=[-10.0, -8.0, -1.0],
        attacker_covered=[-5.0, -4.0, -1.0],
        attacker_uncovered=[8.0, 10.0, 1.0],
        resources=1,
        behaviours=[Quantal(0.0)],
    )
    plan = solve(game)
    # uniform attacks: the unit goes where a covered attack gains most, (2 - -10) / 3
    assert plan.coverage == pytest.approx([1.0, 0.0, 0.0], abs=1e-9)
    assert plan.defender_utility == pytest.approx((2.0 - 8.0 - 1.0) / 3, abs=1e-9)


def test_pasaq_agrees_with_gosaq_on_one_type() -> None:
    rng = np.random.default_rng(21)
    game = behavioural_game(rng, 5, [Suqr(-4.0, 0.5, 0.2)], units=2)
    exact = gosaq(game)
    approximate = pasaq(game, gap=1e-2)
    assert approximate.status == "optimal"
    assert abs(approximate.defender_utility - exact.defender_utility) <= 1e-2 + exact.gap
    assert certify(game, approximate, gap=1e-2).passed


@pytest.mark.parametrize("seed", range(3))
def test_pasaq_mixture_bound_is_sound(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    game = behavioural_game(rng, 4, [Quantal(0.76), Suqr(-5.0, 0.5, 0.3)], units=1)
    plan = solve(game, gap=0.05)
    assert plan.method == "pasaq"
    assert plan.verified
    best = multistart_best(game, 15, rng)
    assert best <= plan.bound + 1e-7
    if plan.status == "optimal":
        assert plan.gap <= 0.05 + 1e-9


def test_pasaq_with_a_rational_type() -> None:
    rng = np.random.default_rng(31)
    game = behavioural_game(rng, 3, [Quantal(0.5), Rational()], units=1)
    plan = solve(game, gap=0.05, time_limit=60)
    assert plan.verified
    assert plan.responses[0].attacked is None
    assert plan.responses[1].attacked is not None
    assert _grid_best(game, 0.02) <= plan.bound + 1e-7


def test_rational_methods_refuse_behavioural_types() -> None:
    rng = np.random.default_rng(1)
    game = behavioural_game(rng, 3, [Quantal(0.5)])
    with pytest.raises(MethodError, match="rational"):
        solve(game, "milp")


def test_gosaq_refuses_coverage_that_attracts() -> None:
    rng = np.random.default_rng(1)
    game = behavioural_game(rng, 3, [Suqr(2.0, 0.5, 0.5)])
    with pytest.raises(MethodError):
        gosaq(game)
    assert solve(game, gap=0.05).method == "pasaq"


def test_certificate_rejects_a_forged_bound() -> None:
    rng = np.random.default_rng(8)
    game = behavioural_game(rng, 5, [Quantal(0.8)], units=2)
    plan = solve(game)
    forged = plan.replace(bound=plan.defender_utility - 0.5, gap=0.0)
    failed = {c.name for c in certify(game, forged).failures()}
    assert {"bound", "bound proof"} <= failed or "probes" in failed
    wrong = plan.replace(defender_utility=plan.defender_utility + 0.1)
    assert not certify(game, wrong).passed


def test_certificate_rejects_a_wrong_distribution() -> None:
    rng = np.random.default_rng(9)
    game = behavioural_game(rng, 4, [Quantal(0.8)], units=1)
    plan = solve(game)
    response = plan.responses[0]
    q = np.roll(response.distribution, 1)
    bad = plan.replace(
        responses=(
            response.__class__(None, response.attacker_utility, response.defender_utility, q),
        )
    )
    assert "response[attacker]" in {c.name for c in certify(game, bad).failures()}
