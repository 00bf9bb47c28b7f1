"""The restricted game kept alive agrees with one built at once, and a 760-edge grid is
proven optimal (the relaxation closes the gap) and certified within seconds."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from entente.model import Checkpoint, Game, Network, make_game
from entente.solvers import certify
from entente.solvers.network import double_oracle
from entente.solvers.network._graph import shortest_paths
from entente.solvers.network._restricted import RestrictedGame
from tests.solvers.network.network_games import _frozen


def _grid_game(side: int, seed: int) -> Game:
    rng = np.random.default_rng(seed)
    pairs = [(i * side + j, i * side + j + 1) for i in range(side) for j in range(side - 1)]
    pairs += [(i * side + j, (i + 1) * side + j) for i in range(side - 1) for j in range(side)]
    n = side * side
    chosen = rng.choice(n, 15, replace=False)
    network = Network(
        node_ids=tuple(f"v{i}" for i in range(n)),
        lat=_frozen(np.full(n, np.nan), np.float64),
        lon=_frozen(np.full(n, np.nan), np.float64),
        edge_ids=tuple(f"e{i}" for i in range(len(pairs))),
        edge_from=_frozen([a for a, _ in pairs], np.intp),
        edge_to=_frozen([b for _, b in pairs], np.intp),
        length=_frozen(np.ones(len(pairs)), np.float64),
        directed=_frozen(np.zeros(len(pairs), bool), np.bool_),
        sources=_frozen(np.sort(chosen[:10]), np.intp),
        target_nodes=_frozen(chosen[10:], np.intp),
        checkpoints=(Checkpoint("cp", 10, 0.9),),
    )
    value = rng.uniform(1, 10, 5)
    game = make_game(
        defender_covered=np.zeros(5),
        defender_uncovered=-value,
        attacker_covered=np.zeros(5),
        attacker_uncovered=value,
        resources=(),
        name=f"grid-{seed}",
    )
    return dataclasses.replace(game, network=network)


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
