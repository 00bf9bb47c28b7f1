"""Road networks for checkpoint games, as plain frozen arrays.

A checkpoint game (DESIGN.md, "Checkpoint games") is played on a graph:
the attacker picks a source node, a target (each target stands at one
node) and a path between them; the defender places checkpoint units on
edges. A unit of effectiveness ``e`` on an edge stops an attacker passing
it with probability ``e``, independently of the other units, so a path is
passed unstopped with probability ``prod(1 - e)`` over the units on its
edges. Units of one resource never stack on one edge.

Indices, not ids, are what the solvers see; :class:`Network` keeps the ids
for labelling results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model.game import FloatArray, IntArray

__all__ = ["Allocation", "Checkpoint", "Network", "allocation_escape"]

Allocation = tuple[tuple[int, ...], ...]
"""One pure defender strategy: per checkpoint resource, the sorted edges its units hold."""


@dataclass(frozen=True)
class Checkpoint:
    """``count`` checkpoint units of one ``effectiveness``; ``edges`` restricts where they stand."""

    id: str
    count: int
    effectiveness: float
    edges: tuple[int, ...] | None = None

    def allowed(self, n_edges: int) -> tuple[int, ...]:
        """The edges a unit of this resource may hold."""
        return tuple(range(n_edges)) if self.edges is None else self.edges


@dataclass(frozen=True, eq=False)
class Network:
    """The road graph, its entry nodes, where each target stands, and the checkpoints.

    ``edge_from``/``edge_to`` are node indices; an edge with ``directed``
    False may be driven both ways. ``lat``/``lon`` are NaN where unknown.
    ``target_nodes[t]`` is the node of target ``t`` of the game.
    """

    node_ids: tuple[str, ...]
    lat: FloatArray
    lon: FloatArray
    edge_ids: tuple[str, ...]
    edge_from: IntArray
    edge_to: IntArray
    length: FloatArray
    directed: np.ndarray
    sources: IntArray
    target_nodes: IntArray
    checkpoints: tuple[Checkpoint, ...]

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_edges(self) -> int:
        return len(self.edge_ids)

    def path_nodes(self, source: int, path: tuple[int, ...]) -> list[int]:
        """The nodes a path of edge indices visits from ``source``, in driving order."""
        nodes = [source]
        for e in path:
            a, b = int(self.edge_from[e]), int(self.edge_to[e])
            nodes.append(b if nodes[-1] == a else a)
        return nodes

    def arcs(self) -> tuple[IntArray, IntArray, IntArray]:
        """Every way an edge may be driven: (tail, head, edge index) arrays."""
        both = ~self.directed
        tail = np.concatenate([self.edge_from, self.edge_to[both]])
        head = np.concatenate([self.edge_to, self.edge_from[both]])
        edge = np.concatenate([np.arange(self.n_edges), np.flatnonzero(both)])
        return tail, head, edge

    def escape_factors(self, allocation: Allocation) -> dict[int, float]:
        """Edge -> probability of passing it unstopped under ``allocation`` (edges it holds)."""
        factors: dict[int, float] = {}
        for resource, edges in zip(self.checkpoints, allocation, strict=True):
            for e in edges:
                factors[e] = factors.get(e, 1.0) * (1.0 - resource.effectiveness)
        return factors


def allocation_escape(network: Network, allocation: Allocation, path: tuple[int, ...]) -> float:
    """The probability that an attacker on ``path`` (edge indices) passes ``allocation``."""
    factors = network.escape_factors(allocation)
    escape = 1.0
    for e in path:
        escape *= factors.get(e, 1.0)
    return escape
