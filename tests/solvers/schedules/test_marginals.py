"""The marginal relaxation of the outer master, its comb-sampled deployments, and LP pruning."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente import make_game, solve
from entente.model import Game, Resource
from entente.model.route_space import RouteSpace
from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.lp.highs import solve_linear
from entente.solvers.schedules import _restricted_master
from entente.solvers.schedules._columns import ColumnPool
from entente.solvers.schedules._comb import _comb, comb_choices
from entente.solvers.schedules._marginals import (
    TANGENT_POINTS,
    add_marginal_rows,
    expected_counts,
)
from entente.solvers.schedules._variants import neighbours
from tests.games import random_payoff_game
from tests.solvers.schedules.random_resources import random_resources

from .test_route_pricing import random_routed_game


def _game(rng: np.random.Generator, n: int) -> Game:
    """One slot: patrols (stacking) and guards, effectiveness below one too."""
    return random_payoff_game(rng, n, random_resources(rng, n, 8), scale=1.0)


def _violation(model: ModelBuilder, x: np.ndarray) -> float:
    worst = 0.0
    for columns, values, lower, upper in model.rows:
        activity = float(np.dot(values, x[columns]))
        worst = max(worst, lower - activity, activity - upper)
    below = np.array(model.lower) - x
    above = x - np.array(model.upper)
    return max(worst, float(np.max(below)), float(np.max(above)))


@pytest.mark.parametrize("seed", range(80))
def test_every_deployment_meets_the_marginal_rows(seed: int) -> None:
    """m = a deployment's interdiction and x = its unit counts satisfy every row (union bound)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 9))
    pool = ColumnPool(_game(rng, n))
    model = ModelBuilder()
    m0 = model.columns(n, 0.0, 1.0)
    blocks = add_marginal_rows(model, pool, m0)
    pricer = pool.pricers[0]
    w = rng.uniform(-0.2, 1.0, n)
    best = pricer.heuristic(w).choice
    for choice in [best, *(c for _, c in neighbours(pricer, best, w))]:
        x = np.zeros(model.n_cols)
        x[m0 : m0 + n] = pricer.interdiction(choice)
        index, _ = pool.add(0, choice)
        weights = np.zeros(len(pool.choices[0]))
        weights[index] = 1.0
        expected_counts(x, blocks, pool, [weights])
        assert _violation(model, x) <= 1e-12


def test_the_relaxation_of_two_stacked_patrols_is_their_sum() -> None:
    """Two listed patrols of e = 0.5 on one target: the rows allow m <= 0.5 + 0.5 (true: 0.75)."""
    game = make_game(
        defender_covered=np.zeros(1),
        defender_uncovered=-np.ones(1),
        attacker_covered=np.zeros(1),
        attacker_uncovered=np.ones(1),
        resources=[Resource("p", 2, "patrol", 0.5, schedules=((0,),))],
    )
    model = ModelBuilder()
    m0 = model.columns(1, 0.0, 1.0, cost=1.0)
    add_marginal_rows(model, ColumnPool(game), m0)
    result = solve_linear(model.program())
    assert result.objective == pytest.approx(1.0)


def test_two_routed_drones_are_held_to_the_nearest_tangent() -> None:
    """Two drones of e = 0.5 with priced routes to one site: true 0.75, the rows just above."""
    space = RouteSpace(np.array([[0.0, 1.0], [1.0, 0.0]]), ((0,),), 2.0)
    game = make_game(
        defender_covered=np.zeros(1),
        defender_uncovered=-np.ones(1),
        attacker_covered=np.zeros(1),
        attacker_uncovered=np.ones(1),
        resources=[Resource("drones", 2, "patrol", 0.5, routes=space)],
    )
    model = ModelBuilder()
    m0 = model.columns(1, 0.0, 1.0, cost=1.0)
    add_marginal_rows(model, ColumnPool(game), m0)
    result = solve_linear(model.program())
    z = 2.0 * math.log(2.0)
    tangent = min(1.0 - math.exp(-z0) * (1.0 + z0 - z) for z0 in TANGENT_POINTS)
    assert result.objective == pytest.approx(tangent, abs=1e-9)
    assert 0.75 < tangent < 0.752


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), routed=st.booleans(), mix=st.integers(1, 6))
def test_mixtures_meet_every_row_with_their_expected_counts(
    seed: int, routed: bool, mix: int
) -> None:
    """Any mixture's interdiction with its own expected counts satisfies union and tangent rows."""
    rng = np.random.default_rng(seed)
    game = random_routed_game(rng) if routed else _game(rng, int(rng.integers(3, 9)))
    pool = ColumnPool(game)
    model = ModelBuilder()
    m0 = model.columns(game.n_targets, 0.0, 1.0)
    blocks = add_marginal_rows(model, pool, m0)
    x = np.zeros(model.n_cols)
    weights = []
    for s, pricer in enumerate(pool.pricers):
        for _ in range(mix):
            pool.add(s, pricer.heuristic(rng.uniform(-0.2, 1.0, pricer.n)).choice)
        slot_weights = rng.dirichlet(np.ones(len(pool.choices[s])))
        weights.append(slot_weights)
        for weight, choice in zip(slot_weights, pool.choices[s], strict=True):
            x[m0 + pricer.options.targets] += weight * pricer.interdiction(choice)
    expected_counts(x, blocks, pool, weights)
    assert _violation(model, x) <= 1e-9


@pytest.mark.parametrize("seed", range(60))
def test_comb_samples_are_deployments_without_overlap(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 12))
    pool = ColumnPool(_game(rng, n))
    pricer = pool.pricers[0]
    marginals = {}
    for i, units in enumerate(pricer.units):
        x = rng.random(len(pricer.schedules[i])) * (rng.random(len(pricer.schedules[i])) < 0.6)
        cap = float(units) if pricer.options.stacking[i] else 1.0
        if x.sum() > 0:
            x = np.minimum(x * (units * rng.uniform(0.3, 1.0) / x.sum()), cap)
        marginals[i] = x
    for choice in comb_choices(pricer, marginals, 50):
        counts = pricer.counts(choice)
        assert np.max(counts.sum(axis=0), initial=0) <= 1  # no target covered twice
        for i, picked in enumerate(choice):
            assert len(picked) <= pricer.units[i]
            assert all(marginals[i][j] > 0 for j in picked)


@pytest.mark.parametrize("units", [1, 2, 3])
def test_the_comb_reproduces_the_marginals(units: int) -> None:
    """Over offsets spread on [0, 1), schedule j is taken x_j times on average (to 1/samples)."""
    rng = np.random.default_rng(units)
    x = rng.random(12)
    x *= units / x.sum()
    samples = 200
    hits = np.zeros(len(x))
    for picked in _comb(x, units, (np.arange(samples) + 0.5) / samples):
        assert len(picked) == units
        np.add.at(hits, picked, 1)
    assert hits / samples == pytest.approx(x, abs=1.0 / samples)


@pytest.mark.parametrize("seed", range(25))
def test_pruning_every_round_keeps_the_optimum(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns leave the LP after one idle solve and come back when priced again: same value.

    (Over these 25 games about 350 columns are pruned and 15 put back.)
    """
    game = _game(np.random.default_rng(seed), 12)
    reference = solve(game, "column-generation")
    monkeypatch.setattr(_restricted_master, "_IDLE", 0)
    monkeypatch.setattr(_restricted_master, "_REFILL_EVERY", 1)
    pruned = solve(game, "column-generation")
    assert pruned.status == reference.status
    if reference.status == "optimal":
        assert pruned.verified
        assert pruned.defender_utility == pytest.approx(reference.defender_utility, abs=1e-6)
