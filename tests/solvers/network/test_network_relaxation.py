"""The marginal relaxation: a valid upper bound, exact where paths meet one unit, and comb
allocations whose mixture has the LP's marginals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente.model import Checkpoint, Network
from entente.solvers.network import network_brute_force
from entente.solvers.network._relaxation import MAX_COMB, comb_allocations, relaxation
from tests.solvers.network.network_games import _frozen, random_game


def _network(edges: list[tuple[int, int]], checkpoints: tuple[Checkpoint, ...]) -> Network:
    n = 1 + max(max(e) for e in edges)
    return Network(
        node_ids=tuple(f"v{i}" for i in range(n)),
        lat=_frozen(np.full(n, np.nan), np.float64),
        lon=_frozen(np.full(n, np.nan), np.float64),
        edge_ids=tuple(f"e{i}" for i in range(len(edges))),
        edge_from=_frozen([a for a, _ in edges], np.intp),
        edge_to=_frozen([b for _, b in edges], np.intp),
        length=_frozen(np.ones(len(edges)), np.float64),
        directed=_frozen(np.zeros(len(edges), bool), np.bool_),
        sources=_frozen([0], np.intp),
        target_nodes=_frozen([n - 1], np.intp),
        checkpoints=checkpoints,
    )


ONE_TYPE = (np.zeros((1, 1)), np.ones((1, 1)), np.ones(1))
"""(covered, covered - uncovered, priors): the defender gets 0 if stopped, -1 if not."""


@pytest.mark.parametrize("seed", range(0, 120))
def test_bound_is_never_below_the_brute_force_value(seed: int) -> None:
    game = random_game(seed, n_types=1 + seed % 2)
    assert game.network is not None
    exact = network_brute_force(game, zero_sum=True)
    delta = game.defender_covered - game.defender_uncovered
    relaxed = relaxation(game.network, game.defender_covered, delta, game.priors, None)
    assert relaxed is not None
    assert relaxed.bound >= exact.value - 1e-9
    for allocation in relaxed.allocations:
        for resource, edges in zip(game.network.checkpoints, allocation, strict=True):
            assert len(edges) <= resource.count
            assert set(edges) <= set(resource.allowed(game.network.n_edges))


def test_two_parallel_roads_one_unit_is_exact() -> None:
    """The unit covers each road half the time: stopped 1/2, value -1/2, bound the same."""
    network = _network([(0, 1), (0, 1)], (Checkpoint("cp", 1, 1.0),))
    relaxed = relaxation(network, *ONE_TYPE, None)
    assert relaxed is not None
    assert relaxed.bound == pytest.approx(-0.5, abs=1e-8)
    assert sorted(relaxed.allocations) == [((0,),), ((1,),)]


def test_two_units_in_series_is_only_a_bound() -> None:
    """Two units of 0.5 on a two-road path stop 0.75, not the relaxation's 1."""
    network = _network([(0, 1), (1, 2)], (Checkpoint("cp", 2, 0.5),))
    relaxed = relaxation(network, *ONE_TYPE, None)
    assert relaxed is not None
    assert relaxed.bound == pytest.approx(0.0, abs=1e-8)
    game_value = -(0.5 * 0.5)
    assert relaxed.bound > game_value


def test_no_bound_when_the_defender_prefers_escapes() -> None:
    network = _network([(0, 1)], (Checkpoint("cp", 1, 1.0),))
    assert relaxation(network, np.zeros((1, 1)), -np.ones((1, 1)), np.ones(1), None) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 3), min_size=1, max_size=2),
    st.integers(1, 9),
    st.integers(0, 2**32 - 1),
)
def test_comb_mixture_has_the_marginals(counts: list[int], n_edges: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    marginals = rng.random((len(counts), n_edges)) * (rng.random((len(counts), n_edges)) < 0.7)
    for r, count in enumerate(counts):  # each resource's total within its count
        total = marginals[r].sum()
        if total > count:
            marginals[r] *= count / total
    network = _network(
        [(i, i + 1) for i in range(n_edges)],
        tuple(Checkpoint(f"cp{r}", c, 0.5) for r, c in enumerate(counts)),
    )
    mixture = comb_allocations(network, marginals)
    assert len(mixture) < MAX_COMB
    rebuilt = np.zeros_like(marginals)
    for allocation, probability in mixture.items():
        for r, edges in enumerate(allocation):
            assert len(edges) <= counts[r]
            rebuilt[r, list(edges)] += probability
    assert rebuilt == pytest.approx(marginals, abs=1e-9)
    assert sum(mixture.values()) <= 1.0 + 1e-12
