"""The exact best escape by best-first label search (A*) on the contracted graph.

A label at a node is the escape probability under each allocation of the
mixture so far (a vector ``w``); driving a held edge multiplies it by that
edge's factors. The priority of a label is ``x @ (w * h(node))`` where
``h_a(node)`` is the best escape from that node to the target under
allocation ``a`` alone (a Dijkstra per allocation, backwards, on weights
``-ln s_a(e)``): no completion escapes better, so the first label to reach
the target is optimal. A label dominated (componentwise) by one already
settled at its node is dropped. Walks are allowed; a walk never escapes
better than the simple path inside it, so the optimum is a path.

When the search exceeds its label budget or its deadline it gives up (None)
and the caller falls back to the MILP of :mod:`._attacker`.
"""

from __future__ import annotations

import heapq
from itertools import count

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from entente.model import FloatArray
from entente.solvers.lp.deadline import Deadline, expired

__all__ = ["MAX_LABELS", "heuristics", "label_search"]

MAX_LABELS = 50_000
_STOPPED = 700.0
"""A weight for an edge that stops every attacker (exp(-700) is 0 in doubles)."""

Moves = list[list[tuple[int, int]]]


def label_search(
    moves: Moves,
    origin: int,
    goal: int,
    factors: FloatArray,
    x: FloatArray,
    floor: float,
    ahead: FloatArray,
    deadline: Deadline = None,
) -> tuple[float, list[int]] | None:
    """(best escape, held edges driven) from ``origin`` to ``goal`` if above ``floor``.

    ``(floor, [])`` when no walk escapes better than ``floor``; None past the budget.
    ``moves[u]`` lists ``(v, e)``: an arc to ``v`` over held edge ``e``, or free if ``e < 0``;
    ``ahead`` is :func:`heuristics`' array for ``goal``.
    """
    n_nodes = len(moves)
    tie = count()
    start = np.ones(len(x))
    heap = [(-float(x @ ahead[:, origin]), next(tie), origin, start, -1)]
    trail: list[tuple[int, int]] = []  # (previous trail index, edge)
    settled: list[list[FloatArray]] = [[] for _ in range(n_nodes)]
    while heap:
        negative, _, node, w, back = heapq.heappop(heap)
        if -negative <= floor:
            return floor, []
        if node == goal:
            return float(x @ w), _edges(trail, back)
        kept = settled[node]
        if any(np.all(w <= other) for other in kept):
            continue
        kept[:] = [other for other in kept if not np.all(other <= w)]
        kept.append(w)
        if len(trail) > MAX_LABELS or (len(trail) % 256 == 0 and expired(deadline)):
            return None
        here = len(trail)
        trail.append((back, -1))
        for head, e in moves[node]:
            after = w if e < 0 else w * factors[:, e]
            priority = float(x @ (after * ahead[:, head]))
            if priority > floor:
                if e >= 0:
                    trail.append((here, e))
                    link = len(trail) - 1
                else:
                    link = here
                heapq.heappush(heap, (-priority, next(tie), head, after, link))
    return floor, []


def _edges(trail: list[tuple[int, int]], index: int) -> list[int]:
    out = []
    while index >= 0:
        index, e = trail[index]
        if e >= 0:
            out.append(e)
    return out


def heuristics(moves: Moves, goals: list[int], factors: FloatArray) -> FloatArray:
    """``(goals, allocations, nodes)``: per allocation, the best escape from each node to each
    goal."""
    n_nodes = len(moves)
    tails = np.array([u for u in range(n_nodes) for _ in moves[u]], dtype=np.intp)
    heads = np.array([v for u in range(n_nodes) for v, _ in moves[u]], dtype=np.intp)
    edges = np.array([e for u in range(n_nodes) for _, e in moves[u]], dtype=np.intp)
    out = np.empty((len(goals), factors.shape[0], n_nodes))
    for a in range(factors.shape[0]):
        s = np.where(edges >= 0, factors[a, np.maximum(edges, 0)], 1.0)
        weight = np.minimum(-np.log(np.maximum(s, 1e-300)), _STOPPED) + 1e-300
        order = np.lexsort((weight, tails, heads))  # parallel arcs: keep the lightest
        h, t, w = heads[order], tails[order], weight[order]
        first = np.ones(len(h), dtype=bool)
        first[1:] = (h[1:] != h[:-1]) | (t[1:] != t[:-1])
        reverse = sp.csr_array((w[first], (h[first], t[first])), shape=(n_nodes, n_nodes))
        distance = dijkstra(reverse, directed=True, indices=goals)
        out[:, a, :] = np.exp(-distance.reshape(len(goals), n_nodes)) * (1 + 1e-12)
    return out
