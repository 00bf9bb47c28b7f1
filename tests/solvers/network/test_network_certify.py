"""The checkpoint certificate catches what a wrong plan gets wrong, and its search is exact."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from entente import solve
from entente.model import allocation_escape
from entente.solvers import certify
from entente.solvers.network import best_escape_search
from entente.solvers.network.brute_force import simple_paths
from entente.solvers.plan import CheckpointStrategy
from tests.solvers.network.network_games import random_game


def _failed(game, plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.name.split("[")[0] for c in certify(game, plan).checks if not c.passed}


@pytest.mark.parametrize("seed", range(40))
def test_search_equals_enumeration(seed: int) -> None:
    """The label search's best escape is the best over every simple path (networkx)."""
    game = random_game(seed)
    network = game.network
    assert network is not None
    rng = np.random.default_rng(seed)
    allocations = [
        tuple(
            tuple(
                sorted(
                    int(e)
                    for e in rng.choice(list(r.allowed(network.n_edges)), r.count, replace=False)
                )
            )
            for r in network.checkpoints
        )
        for _ in range(3)
    ]
    x = rng.dirichlet(np.ones(3))
    strategy = CheckpointStrategy(x, tuple(allocations))
    from entente.solvers.network.certify import _factors

    factors = _factors(network, strategy)
    paths = simple_paths(network)
    for t in range(len(network.target_nodes)):
        enumerated = max(
            float(
                sum(
                    p * allocation_escape(network, a, path)
                    for p, a in zip(x, allocations, strict=True)
                )
            )
            for target, path in paths
            if target == t
        )
        assert best_escape_search(network, factors, x, t) == pytest.approx(enumerated, abs=1e-12)


def test_tampered_plans_fail() -> None:
    from tests.scenario.test_network import DIAMOND, _game

    game = _game(DIAMOND)
    plan = solve(game)
    assert plan.verified
    assert plan.coverage is not None
    strategy = plan.strategy
    assert isinstance(strategy, CheckpointStrategy)
    network = game.network
    assert network is not None
    for shift in (0.1, -0.1):  # the coverage says more, or less, than the mixture stops
        moved_coverage = plan.replace(coverage=plan.coverage + shift)
        assert "escape" in _failed(game, moved_coverage)
    # a stacked allocation
    stacked = strategy.allocations[0][0]
    if stacked:
        bad = ((stacked[0], stacked[0]), *strategy.allocations[0][1:])
        wrong = CheckpointStrategy(strategy.probabilities, (bad, *strategy.allocations[1:]))
        assert "strategy" in _failed(game, plan.replace(strategy=wrong))
    # probabilities that do not sum to one
    half = CheckpointStrategy(strategy.probabilities * 0.5, strategy.allocations)
    assert "strategy" in _failed(game, plan.replace(strategy=half))
    # a path that does not start at a source
    response = plan.responses[0]
    others = [v for v in range(network.n_nodes) if v not in set(network.sources.tolist())]
    moved = dataclasses.replace(response, source=others[0])
    assert "path" in _failed(game, plan.replace(responses=(moved, *plan.responses[1:])))


def test_all_allocations_mixture_is_checked_exactly() -> None:
    """Uniform over every single-edge allocation of a diamond: escape 1/2 to the far corner."""
    from tests.scenario.test_network import DIAMOND, _game

    game = _game(DIAMOND)
    network = game.network
    assert network is not None
    allocations = tuple(((e,),) for e in range(4))
    x = np.full(4, 0.25)
    from entente.solvers.network.certify import _factors

    factors = _factors(network, CheckpointStrategy(x, allocations))
    # a-b-d is hit by ab or bd; a-c-d by ac or cd: each escapes with 1/2
    assert best_escape_search(network, factors, x, 0) == pytest.approx(0.5)
    assert list(itertools.islice(iter(allocations), 1)) == [((0,),)]
