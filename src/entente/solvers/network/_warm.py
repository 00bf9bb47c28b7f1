"""Warm start: allocations along minimum cuts between the sources and the targets.

SNARES (Jain et al. 2013) starts the double oracle from checkpoints on a
minimum cut: when the defender has enough units for a cut, one allocation
stops every path. Here the fan-out is a few cuts (next to the sources and
next to the targets, for all targets together and for each one), each cut
split into as many allocations as it needs units. Roads no resource may
hold cannot be cut.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from entente.model import Allocation, Network

__all__ = ["cut_allocations"]

MAX_WARM = 24


def cut_allocations(network: Network) -> list[Allocation]:
    """Allocations along minimum cuts (at most :data:`MAX_WARM`, duplicates removed)."""
    units = sum(r.count for r in network.checkpoints if r.effectiveness > 0)
    if units == 0:
        return []
    groups = [list(range(len(network.target_nodes)))]
    if len(network.target_nodes) > 1:
        groups += [[t] for t in range(len(network.target_nodes))]
    out: list[Allocation] = []
    for group in groups:
        for edges in _cuts(network, group):
            for allocation in _split(network, edges):
                if allocation not in out and any(allocation):
                    out.append(allocation)
    return out[:MAX_WARM]


def _cuts(network: Network, group: list[int]) -> list[list[int]]:
    tail, head, edge = network.arcs()
    n = network.n_nodes
    s, t = n, n + 1
    cuttable = np.zeros(network.n_edges, bool)
    for resource in network.checkpoints:
        cuttable[list(resource.allowed(network.n_edges))] = True
    big = network.n_edges + 1
    capacity = np.where(cuttable[edge], 1, big)
    sinks = np.unique(network.target_nodes[group])
    rows = np.concatenate([tail, np.full(len(network.sources), s), sinks])
    cols = np.concatenate([head, network.sources, np.full(len(sinks), t)])
    caps = np.concatenate([capacity, np.full(len(network.sources) + len(sinks), big)])
    matrix = sp.csr_array((caps.astype(np.int32), (rows, cols)), shape=(n + 2, n + 2))
    matrix.sum_duplicates()
    if np.intersect1d(network.sources, sinks).size:
        return []  # a target at a source cannot be cut off
    flow = maximum_flow(matrix, s, t).flow
    residual = sp.csr_array(matrix - flow)
    residual.data = (residual.data > 0).astype(np.float64)
    residual.eliminate_zeros()
    near_source = _reach(residual, s)
    near_target = _reach(sp.csr_array(residual.T), t)
    return [
        _crossing(network, tail, head, edge, near_source, inside=True),
        _crossing(network, tail, head, edge, near_target, inside=False),
    ]


def _reach(graph: sp.csr_array, start: int) -> np.ndarray:
    mask = np.zeros(graph.shape[0], bool)
    mask[breadth_first_order(graph, start, return_predecessors=False)] = True
    return mask


def _crossing(
    network: Network,
    tail: np.ndarray,
    head: np.ndarray,
    edge: np.ndarray,
    side: np.ndarray,
    *,
    inside: bool,
) -> list[int]:
    """Edges driven from one side of the cut to the other (source side -> target side)."""
    n = network.n_nodes
    from_side = side[:n][tail] if inside else ~side[:n][tail]
    to_side = ~side[:n][head] if inside else side[:n][head]
    return sorted(set(edge[from_side & to_side].tolist()))


def _split(network: Network, edges: list[int]) -> list[Allocation]:
    """Fill allocations with the cut's edges, each unit on an edge its resource may hold."""
    allowed = [set(r.allowed(network.n_edges)) for r in network.checkpoints]
    remaining = list(edges)
    out: list[Allocation] = []
    while remaining and len(out) < MAX_WARM:
        chosen: list[list[int]] = [[] for _ in network.checkpoints]
        left = []
        for e in remaining:
            r = next(
                (
                    r
                    for r, resource in enumerate(network.checkpoints)
                    if e in allowed[r]
                    and len(chosen[r]) < resource.count
                    and resource.effectiveness > 0
                ),
                None,
            )
            if r is None:
                left.append(e)
            else:
                chosen[r].append(e)
        if len(left) == len(remaining):
            break
        remaining = left
        out.append(tuple(tuple(sorted(c)) for c in chosen))
    return out
