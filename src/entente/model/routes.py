"""Patrol routes on a site graph: distances, tour lengths, and every route within reach.

Distances come from coordinates (great-circle, haversine formula on a
sphere of radius 6371.0088 km, the IUGG mean Earth radius) or from an
explicit graph of edge lengths (shortest paths, Dijkstra via
``scipy.sparse.csgraph``).

A route is a set of sites a unit watches in one slot: it leaves its base,
visits them and comes back. Its length is the shortest such closed tour,
found by the Held-Karp dynamic programme (Held & Karp 1962)::

    L(S, j) = min_{i in S - {j}} L(S - {j}, i) + d(i, j),   L({j}, j) = d(base, j)
    tour(S) = min_{j in S} L(S, j) + d(j, base)

plus ``stop_cost`` per site watched. With distances that obey the triangle
inequality (both sources do), removing a site never lengthens the tour, so
the routes within a budget form a family closed under taking subsets: the
enumeration grows sets one site at a time and extends only sets whose every
one-smaller subset fits (the Apriori rule), so no set with an infeasible
subset is ever evaluated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

from entente.model.game import FloatArray

__all__ = [
    "EARTH_RADIUS_KM",
    "Route",
    "enumerate_routes",
    "graph_distances",
    "haversine_km",
    "tour",
]

EARTH_RADIUS_KM = 6371.0088

Route = tuple[tuple[int, ...], float]
"""Sites in visiting order, and the tour length (stop costs included)."""


def haversine_km(lat: npt.ArrayLike, lon: npt.ArrayLike) -> FloatArray:
    """Matrix of great-circle distances (km) between points given in degrees."""
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    lam = np.radians(np.asarray(lon, dtype=np.float64))
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    out: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def graph_distances(n: int, edges: Sequence[tuple[int, int, float]]) -> FloatArray:
    """Shortest-path distances over undirected edges ``(a, b, km)``; ``inf`` if unreachable."""
    if not edges:
        out = np.full((n, n), np.inf)
        np.fill_diagonal(out, 0.0)
        return out
    a, b, km = (np.array(column) for column in zip(*edges, strict=True))
    matrix = sp.coo_array((km.astype(np.float64), (a.astype(int), b.astype(int))), shape=(n, n))
    result: FloatArray = shortest_path(matrix.tocsr(), method="D", directed=False)
    return result


def tour(distances: FloatArray, base: int, sites: Sequence[int], stop_cost: float = 0.0) -> Route:
    """The shortest closed tour from ``base`` through ``sites`` (Held-Karp)."""
    sites = list(sites)
    if not sites:
        return (), 0.0
    k = len(sites)
    full = (1 << k) - 1
    best: dict[int, FloatArray] = {}
    parent: dict[int, npt.NDArray[np.intp]] = {}
    for mask in range(1, full + 1):
        members = [i for i in range(k) if mask >> i & 1]
        cost = np.full(k, np.inf)
        back = np.full(k, -1, dtype=np.intp)
        for j in members:
            rest = mask & ~(1 << j)
            if rest == 0:
                cost[j] = distances[base, sites[j]]
                continue
            previous = best[rest] + distances[sites, sites[j]]
            i = int(np.argmin(previous))
            cost[j], back[j] = previous[i], i
        best[mask], parent[mask] = cost, back
    closing = best[full] + distances[sites, base]
    j = int(np.argmin(closing))
    length = float(closing[j]) + stop_cost * k
    order = []
    mask = full
    while j >= 0:
        order.append(sites[j])
        previous_j = int(parent[mask][j])
        mask &= ~(1 << j)
        j = previous_j
    return tuple(reversed(order)), length


def enumerate_routes(
    distances: FloatArray,
    base: int,
    sites: Sequence[int],
    budget: float,
    *,
    stop_cost: float = 0.0,
    max_sites: int | None = None,
) -> list[Route]:
    """Every non-empty set of ``sites`` whose tour from ``base`` fits in ``budget``.

    Sets are grown level by level; a set is evaluated only if every subset
    one site smaller fits (subsets of a fitting route fit). Each fitting set
    keeps its Held-Karp row (cost of ending at each member, and the member
    before), which its extensions reuse and from which its order is read.
    """
    sites = sorted(set(sites))
    limit = len(sites) if max_sites is None else min(max_sites, len(sites))
    tolerance = 1e-9 * max(1.0, budget)
    routes: list[Route] = []
    table: dict[frozenset[int], dict[int, tuple[float, int]]] = {}
    level: list[frozenset[int]] = []
    for s in sites:
        length = distances[base, s] + distances[s, base] + stop_cost
        if length <= budget + tolerance:
            table[frozenset([s])] = {s: (float(distances[base, s]), -1)}
            level.append(frozenset([s]))
            routes.append(((s,), float(length)))
    size = 1
    while level and size < limit:
        following: list[frozenset[int]] = []
        for members in level:
            for s in sites:
                if s <= max(members):
                    continue
                grown = members | {s}
                if any(grown - {x} not in table for x in members):
                    continue
                ends = _extend(distances, table, grown)
                last = min(grown, key=lambda j: ends[j][0] + distances[j, base])
                length = ends[last][0] + distances[last, base] + stop_cost * len(grown)
                if length <= budget + tolerance:
                    table[grown] = ends
                    following.append(grown)
                    routes.append((_order(table, grown, last), float(length)))
        level = following
        size += 1
    return routes


def _extend(
    distances: FloatArray,
    table: dict[frozenset[int], dict[int, tuple[float, int]]],
    grown: frozenset[int],
) -> dict[int, tuple[float, int]]:
    """Held-Karp: the cheapest path from the base through ``grown`` ending at each member."""
    ends = {}
    for j in grown:
        rest = table[grown - {j}]
        i = min(rest, key=lambda i: rest[i][0] + distances[i, j])
        ends[j] = (rest[i][0] + float(distances[i, j]), i)
    return ends


def _order(
    table: dict[frozenset[int], dict[int, tuple[float, int]]], members: frozenset[int], last: int
) -> tuple[int, ...]:
    """Visiting order of the shortest tour through ``members`` ending at ``last``."""
    order = []
    while last >= 0:
        order.append(last)
        previous = table[members][last][1]
        members = members - {last}
        last = previous
    return tuple(reversed(order))
