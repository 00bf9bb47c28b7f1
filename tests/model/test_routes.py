"""Routes: Held-Karp tours and the Apriori enumeration against brute force; distances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from entente.model.routes import enumerate_routes, graph_distances, haversine_km, tour


def _closed(d: np.ndarray, base: int, order: tuple[int, ...]) -> float:
    path = (base, *order, base)
    return float(sum(d[a, b] for a, b in itertools.pairwise(path)))


@pytest.mark.parametrize("seed", range(25))
def test_enumeration_equals_every_subset_and_permutation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 10, (7, 2))
    d = np.linalg.norm(points[:, None] - points[None], axis=2)
    budget = float(rng.uniform(5, 30))
    stop = float(rng.choice([0.0, 1.5]))
    routes = enumerate_routes(d, 0, range(1, 7), budget, stop_cost=stop)
    expected = {}
    for size in range(1, 7):
        for subset in itertools.combinations(range(1, 7), size):
            best = min(_closed(d, 0, p) for p in itertools.permutations(subset)) + stop * size
            if best <= budget + 1e-9:
                expected[frozenset(subset)] = best
    assert {frozenset(r) for r, _ in routes} == set(expected)
    for order, length in routes:
        assert length == pytest.approx(expected[frozenset(order)])
        assert _closed(d, 0, order) + stop * len(order) == pytest.approx(length)


def test_max_sites_caps_route_length() -> None:
    d = np.ones((5, 5)) - np.eye(5)
    routes = enumerate_routes(d, 0, [1, 2, 3, 4], 100.0, max_sites=2)
    assert max(len(r) for r, _ in routes) == 2
    assert len(routes) == 4 + 6


def test_tour_visits_in_the_shortest_order() -> None:
    """Corners of a 3 x 4 rectangle from one corner: the perimeter, 14; never a diagonal (5)."""
    points = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 4.0], [0.0, 4.0]])
    d = np.linalg.norm(points[:, None] - points[None], axis=2)
    order, length = tour(d, 0, [2, 1, 3])
    assert length == pytest.approx(14.0)
    assert order in ((1, 2, 3), (3, 2, 1))


def test_haversine_matches_the_spherical_law_of_cosines() -> None:
    lat = np.array([51.5074, 48.8566, 50.9481])
    lon = np.array([-0.1278, 2.3522, 1.8564])
    d = haversine_km(lat, lon)
    phi, lam = np.radians(lat), np.radians(lon)
    for i, j in [(0, 1), (1, 2), (0, 2)]:
        cosine = np.sin(phi[i]) * np.sin(phi[j]) + np.cos(phi[i]) * np.cos(phi[j]) * np.cos(
            lam[i] - lam[j]
        )
        assert d[i, j] == pytest.approx(6371.0088 * np.arccos(cosine), rel=1e-9)
    assert d[0, 1] == pytest.approx(343.6, abs=0.5)  # London - Paris


def test_graph_distances_take_shortest_paths() -> None:
    d = graph_distances(4, [(0, 1, 2.0), (1, 2, 3.0), (0, 2, 10.0)])
    assert d[0, 2] == pytest.approx(5.0)
    assert d[2, 0] == pytest.approx(5.0)
    assert np.isinf(d[0, 3])
