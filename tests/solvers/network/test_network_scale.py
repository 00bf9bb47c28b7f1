"""The restricted game kept alive agrees with one built at once, and a 760-edge grid is
proven optimal (the relaxation closes the gap) and certified within seconds."""

from __future__ import annotations

import numpy as np
import pytest

from entente.model import Game
from entente.solvers import certify
from entente.solvers.network import double_oracle
from entente.solvers.network._graph import shortest_paths
from entente.solvers.network._restricted import RestrictedGame
from tests.solvers.network.network_games import grid_roads, road_game


def _grid_game(side: int, seed: int) -> Game:
    return road_game(*grid_roads(side), np.random.default_rng(seed), name=f"grid-{seed}")


@pytest.mark.parametrize("seed", [0, 1])
def test_grid_is_proven_optimal_and_certified(seed: int) -> None:
    game = _grid_game(20, seed)
    plan = double_oracle(game, time_limit=120.0)
    assert plan.status == "optimal"
    assert plan.gap is not None
    assert plan.gap <= 1e-6 * game.defender_range()
    assert certify(game, plan).passed


def test_live_restricted_game_matches_one_built_at_once() -> None:
    game = _grid_game(8, 3)
    network = game.network
    assert network is not None
    rng = np.random.default_rng(0)
    utility = (
        game.defender_covered,
        game.defender_covered - game.defender_uncovered,
        game.priors,
    )
    targets = list(range(5))
    allocations = [tuple(() for _ in network.checkpoints)]
    paths = shortest_paths(network, np.zeros(network.n_edges), targets)
    live = RestrictedGame(network, utility, allocations, paths)
    assert live.solve(None) is not None
    for _ in range(6):  # grow both sides between solves
        units = rng.choice(network.n_edges, 10, replace=False)
        live.add_allocation((tuple(sorted(int(e) for e in units)),))
        weights = rng.random(network.n_edges) * 5.0
        for path in shortest_paths(network, weights, targets):
            live.add_path(path)
        grown = live.solve(None)
        fresh = RestrictedGame(network, utility, live.allocations, live.paths).solve(None)
        assert grown is not None
        assert fresh is not None
        assert grown.value == pytest.approx(fresh.value, abs=1e-9)
        ours = live.utilities(slice(None), slice(None))[0]
        assert float(np.min(grown.x @ ours)) == pytest.approx(grown.value, abs=1e-9)
        assert grown.y.sum() == pytest.approx(1.0)
