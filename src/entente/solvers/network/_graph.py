"""Paths on the road graph: Dijkstra from every source at once, and escape probabilities.

Parallel roads between two junctions (and the two directions of a
two-way road) become one arc per ordered pair, the cheapest, so that
scipy's sparse matrices (which add duplicate entries) see the right
weight; :class:`Arcs` remembers which edge each arc stands for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from entente.model import Allocation, FloatArray, IntArray, Network

__all__ = ["TIE", "Path", "allocation_factors", "escape", "shortest_paths"]

Path = tuple[int, tuple[int, ...], int]
"""An attacker's pure strategy: (target index, edge indices in driving order, source node)."""

TIE = 1e-12
"""Each edge's weight gets this x its relative length, so ties go to the shorter road."""


@dataclass(frozen=True)
class _Tree:
    nodes: IntArray
    predecessors: IntArray
    pair_edge: dict[tuple[int, int], int]


def shortest_paths(network: Network, weights: FloatArray, targets: list[int]) -> list[Path]:
    """For each target index, the path of least total edge weight from any source."""
    tail, head, edge = network.arcs()
    longest = float(np.max(network.length)) if network.n_edges else 1.0
    w = weights[edge] + TIE * (1.0 + network.length[edge] / max(longest, 1e-12))
    order = np.lexsort((w, head, tail))
    tail, head, edge, w = tail[order], head[order], edge[order], w[order]
    first = np.ones(len(tail), dtype=bool)
    first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
    tail, head, edge, w = tail[first], head[first], edge[first], w[first]
    n = network.n_nodes
    matrix = sp.csr_array((w, (tail, head)), shape=(n, n))
    _, predecessors, _ = dijkstra(
        matrix, directed=True, indices=network.sources, return_predecessors=True, min_only=True
    )
    pair_edge = dict(
        zip(zip(tail.tolist(), head.tolist(), strict=True), edge.tolist(), strict=True)
    )
    tree = _Tree(np.arange(n), predecessors, pair_edge)
    return [_path(network, tree, t) for t in targets]


def _path(network: Network, tree: _Tree, t: int) -> Path:
    node = int(network.target_nodes[t])
    edges: list[int] = []
    while tree.predecessors[node] >= 0:
        previous = int(tree.predecessors[node])
        edges.append(tree.pair_edge[(previous, node)])
        node = previous
    edges.reverse()
    return (t, tuple(edges), node)


def allocation_factors(network: Network, allocations: list[Allocation]) -> FloatArray:
    """(allocations x edges) escape factor of every edge under every allocation."""
    factors = np.ones((len(allocations), network.n_edges))
    for i, allocation in enumerate(allocations):
        for resource, edges in zip(network.checkpoints, allocation, strict=True):
            factors[i, list(edges)] *= 1.0 - resource.effectiveness
    return factors


def escape(factors: FloatArray, path: tuple[int, ...]) -> FloatArray:
    """Per allocation (rows of ``factors``), the probability ``path`` passes unstopped."""
    if not path:
        return np.ones(factors.shape[0])
    return np.asarray(np.prod(factors[:, list(path)], axis=1), dtype=np.float64)
