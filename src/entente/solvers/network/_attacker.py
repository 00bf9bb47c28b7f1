"""The attacker's oracle: the path that best escapes a mixture of checkpoint allocations.

Against one allocation the best path is a shortest path with edge weights
``-ln(escape factor)`` (escape multiplies along a path). Against a mixture
``x`` it is not: the attacker maximises ``sum_a x_a prod_{e in P} s_a(e)``,
a sum of products, and finding the best path is NP-hard (Jain et al. 2011,
Theorem 2). Two oracles, then:

- :func:`marginal_paths`, a *better response* (SNARES): a shortest path
  with weights ``-ln(1 - p_e)``, ``p_e`` the probability edge ``e`` stops
  the attacker; exact when ``x`` is one allocation, a heuristic otherwise.
- :func:`best_escape`, the exact best response on a contracted graph: a
  best-first label search (:mod:`._labels`), and when that exceeds its
  budget, a MILP on HiGHS. Only edges some allocation in the mixture holds (the
  set ``C``) matter; the rest of the graph collapses into its strongly
  connected components, joined by "free" arcs where one reaches another
  without crossing ``C``. With binary ``g`` on the arcs of ``C`` (``hit_e``
  their sum), continuous flow ``f`` on free arcs (one unit from the sources
  to the target), and for each allocation ``a`` holding edges
  ``e_1..e_m`` of ``C`` with stopping probabilities ``q_i``, a chain::

      w_0 = 1,  z_i >= w_{i-1} - 1 + hit_{e_i},  z_i >= 0,
      w_i <= w_{i-1} - q_i z_i,                  0 <= w_i <= 1

  (``z_i = w_{i-1} hit_{e_i}`` exactly when ``hit`` is binary, so ``w_m`` is
  at most ``prod(1 - q_i)`` over the edges hit), maximise
  ``sum_a x_a w_{a,m}``. Any flow whose ``C`` arcs are 0/1 contains a path
  using a subset of the hit edges, which escapes at least as well, so the
  optimum is the best path's escape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from entente.model import FloatArray, Network
from entente.solvers.lp.deadline import Deadline, remaining
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear
from entente.solvers.network._graph import TIE, Path, escape, shortest_paths
from entente.solvers.network._labels import heuristics, label_search

__all__ = ["Escape", "best_escapes", "incumbents", "marginal_paths"]

_SUPPORT = 1e-15
PURE_CANDIDATES = 8
_BLOCKED = 1e9


@dataclass(frozen=True)
class Escape:
    """The best path found to one target, its escape probability, and a proven upper bound."""

    path: Path
    value: float
    bound: float


def marginal_paths(
    network: Network, factors: FloatArray, x: FloatArray, targets: list[int]
) -> list[Path]:
    """Better responses: shortest paths to ``targets`` with weights ``-ln(1 - p_e)``, then
    against each of the :data:`PURE_CANDIDATES` likeliest allocations alone."""
    stopped = np.clip(x @ (1.0 - factors), 0.0, 1.0 - 1e-12)
    paths = shortest_paths(network, -np.log1p(-stopped), targets)
    for a in np.argsort(-x, kind="stable")[:PURE_CANDIDATES]:
        if x[a] > _SUPPORT:
            weights = -np.log(np.maximum(factors[a], 1e-300))
            paths += shortest_paths(network, weights, targets)
    return paths


def incumbents(
    factors: FloatArray, x: FloatArray, paths: list[Path], n_targets: int
) -> list[Escape | None]:
    """Per target, the candidate path that escapes best (its bound still unknown: 1)."""
    best: list[Escape | None] = [None] * n_targets
    for path in paths:
        value = float(x @ escape(factors, path[1]))
        known = best[path[0]]
        if known is None or value > known.value:
            best[path[0]] = Escape(path, value, 1.0)
    return best


@dataclass(frozen=True)
class _Contracted:
    label: np.ndarray
    source: int
    free: list[tuple[int, int]]
    cut: list[tuple[int, int, int]]
    """(tail label, head label, edge) for each way of driving an edge of C."""
    relevant: list[int]
    """The nodes (targets) whose labels the contracted graph keeps."""


def _contract(network: Network, in_c: np.ndarray, relevant_nodes: list[int]) -> _Contracted:
    tail, head, edge = network.arcs()
    keep = ~in_c[edge]
    n = network.n_nodes
    s = len(network.sources)
    rows = np.concatenate([tail[keep], np.full(s, n)])
    cols = np.concatenate([head[keep], network.sources])
    graph = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    _, label = connected_components(graph, directed=True, connection="strong")
    cut = [
        (int(label[a]), int(label[b]), int(e))
        for a, b, e in zip(tail[~keep], head[~keep], edge[~keep], strict=True)
        if label[a] != label[b]
    ]
    ends = {label[n], *(label[node] for node in relevant_nodes)}
    ends.update(a for a, _, _ in cut)
    ends.update(b for _, b, _ in cut)
    free: list[tuple[int, int]] = []
    representative = {int(label[v]): v for v in range(n + 1)}
    for lab in sorted(ends):
        if lab != label[n] and not network.directed.any():
            continue  # two-way roads: a component reaches only itself
        reached = breadth_first_order(graph, representative[lab], return_predecessors=False)
        free.extend((lab, int(r)) for r in set(label[reached].tolist()) & ends if r != lab)
    return _Contracted(label, int(label[n]), free, cut, relevant_nodes)


def best_escapes(
    network: Network,
    factors: FloatArray,
    x: FloatArray,
    *,
    deadline: Deadline,
    incumbents: list[Escape | None],
    mip_gap: float = 1e-10,
) -> list[Escape]:
    """Each target's exact best escape against the mixture ``x`` (rows of ``factors``)."""
    support = np.flatnonzero(x > _SUPPORT)
    dropped = float(x[x <= _SUPPORT].sum())
    targets = list(range(len(network.target_nodes)))
    if len(support) == 1:  # one allocation: escape multiplies along the path, Dijkstra is exact
        row = factors[support[0]]
        paths = shortest_paths(network, -np.log(np.maximum(row, 1e-300)), targets)
        values = [float(x @ escape(factors, path[1])) for path in paths]
        if min(values) > 0.0 or not np.any(row == 0.0):
            slack = np.exp(2 * TIE * (network.n_nodes + 1))  # the tie-break's share of a weight
            return [
                Escape(p, v, min(1.0, v * slack + dropped))
                for p, v in zip(paths, values, strict=True)
            ]
    in_c = np.any(factors[support] < 1.0, axis=0)
    graph = _contract(network, in_c, network.target_nodes.tolist())
    moves, where = _moves(graph)
    goals = [where[int(graph.label[node])] for node in network.target_nodes.tolist()]
    ahead = heuristics(moves, goals, factors[support])
    out = []
    for t in targets:
        out.append(
            _one(
                network,
                graph,
                (moves, where),
                ahead[t],
                factors,
                x,
                t,
                deadline,
                incumbents[t],
                mip_gap,
            )
        )
    return out


def _one(
    network: Network,
    graph: _Contracted,
    contracted: tuple[list[list[tuple[int, int]]], dict[int, int]],
    ahead: FloatArray,
    factors: FloatArray,
    x: FloatArray,
    target: int,
    deadline: Deadline,
    incumbent: Escape | None,
    mip_gap: float,
) -> Escape:
    support = np.flatnonzero(x > _SUPPORT)
    dropped = float(x[x <= _SUPPORT].sum())
    in_c = np.any(factors[support] < 1.0, axis=0)
    moves, where = contracted
    goal = int(graph.label[int(network.target_nodes[target])])
    if goal == graph.source:
        path = _route(network, in_c, np.zeros(network.n_edges, bool), target)
        value = float(x @ escape(factors, path[1]))
        return Escape(path, value, min(1.0, value + dropped))
    floor = -1.0 if incumbent is None else incumbent.value * (1 - 1e-12) - dropped
    found = label_search(
        moves,
        where[graph.source],
        where[goal],
        factors[support],
        x[support],
        floor,
        ahead,
        deadline,
    )
    if found is not None and found[0] <= floor and incumbent is not None:  # nothing beats it
        # (not ``found[1] == []``: a best path that crosses no held edge has none either)
        return Escape(
            incumbent.path, incumbent.value, min(1.0, incumbent.value * (1 + 1e-12) + dropped)
        )
    if found is not None:
        used = np.zeros(network.n_edges, bool)
        used[found[1]] = True
        route = _route(network, in_c, used, target)
        value = float(x @ escape(factors, route[1]))
        return Escape(route, value, min(1.0, max(found[0], value) * (1 + 1e-12) + dropped))
    program, n_flow = _program(graph, goal, factors[support], x[support])
    result = solve_linear(program, time_limit=remaining(deadline), mip_abs_gap=mip_gap)
    if result.x is None:
        route = _route(network, in_c, in_c, target)
        value = float(x @ escape(factors, route[1]))
        return Escape(route, value, 1.0)
    used = np.zeros(network.n_edges, bool)
    flows = result.x[n_flow - len(graph.cut) : n_flow]
    for (_, _, e), g in zip(graph.cut, flows, strict=True):
        used[e] |= g > 0.5
    route = _route(network, in_c, used, target)
    value = float(x @ escape(factors, route[1]))
    bound = result.bound if result.bound is not None else 1.0
    return Escape(route, value, min(1.0, max(bound, value) + dropped + mip_gap))


def _moves(graph: _Contracted) -> tuple[list[list[tuple[int, int]]], dict[int, int]]:
    """The contracted graph as adjacency lists over 0..n-1, and the label -> index map."""
    labels = sorted(
        {graph.source, *(v for arc in graph.free for v in arc)}
        | {v for a, b, _ in graph.cut for v in (a, b)}
        | set(graph.label[graph.relevant].tolist())
    )
    where = {v: i for i, v in enumerate(labels)}
    moves: list[list[tuple[int, int]]] = [[] for _ in labels]
    for a, b in graph.free:
        moves[where[a]].append((where[b], -1))
    for a, b, e in graph.cut:
        moves[where[a]].append((where[b], e))
    return moves, where


def _route(network: Network, in_c: np.ndarray, used: np.ndarray, target: int) -> Path:
    """A path to ``target`` through free edges and the ``used`` edges of C only."""
    weights = np.where(in_c & ~used, _BLOCKED, 0.0)
    return shortest_paths(network, weights, [target])[0]


def _program(
    graph: _Contracted, goal: int, factors: FloatArray, x: FloatArray
) -> tuple[LinearProgram, int]:
    """The MILP above; columns: free flows, cut flows, then (z, w) per chain link."""
    arcs = [(a, b) for a, b in graph.free] + [(a, b) for a, b, _ in graph.cut]
    n_free, n_flow = len(graph.free), len(arcs)
    nodes = sorted({v for arc in arcs for v in arc} | {graph.source, goal})
    where = {v: i for i, v in enumerate(nodes)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    for j, (a, b) in enumerate(arcs):
        rows += [where[a], where[b]]
        cols += [j, j]
        vals += [1.0, -1.0]
    supply = [1.0 if v == graph.source else -1.0 if v == goal else 0.0 for v in nodes]
    lower += supply
    upper += supply
    arcs_of: dict[int, list[int]] = {}
    for j, (_, _, e) in enumerate(graph.cut):
        arcs_of.setdefault(e, []).append(n_free + j)
    for js in arcs_of.values():  # an edge is driven at most once
        rows += [len(lower)] * len(js)
        cols += js
        vals += [1.0] * len(js)
        lower.append(0.0)
        upper.append(1.0)
    cost = [0.0] * n_flow
    offset = 0.0
    for a in range(factors.shape[0]):
        live = [e for e in np.flatnonzero(factors[a] < 1.0).tolist() if e in arcs_of]
        previous = None  # the column of w_{i-1}; None means the constant 1
        for e in live:
            z, w = len(cost), len(cost) + 1
            cost += [0.0, 0.0]
            r = len(lower)  # z - w_{i-1} - hit >= -1
            rows += [r, *([r] * len(arcs_of[e]))]
            cols += [z, *arcs_of[e]]
            vals += [1.0, *([-1.0] * len(arcs_of[e]))]
            if previous is not None:
                rows.append(r)
                cols.append(previous)
                vals.append(-1.0)
            lower.append(-1.0 if previous is not None else 0.0)
            upper.append(INF)
            r = len(lower)  # w - w_{i-1} + q z <= 0
            rows += [r, r]
            cols += [w, z]
            vals += [1.0, 1.0 - float(factors[a, e])]
            if previous is not None:
                rows.append(r)
                cols.append(previous)
                vals.append(-1.0)
            lower.append(-INF)
            upper.append(0.0 if previous is not None else 1.0)
            previous = w
        if previous is None:
            offset += float(x[a])
        else:
            cost[previous] = float(x[a])
    n = len(cost)
    integer = np.zeros(n, bool)
    integer[n_free:n_flow] = True
    matrix = sp.csc_array((vals, (rows, cols)), shape=(len(lower), n))
    program = LinearProgram(
        cost=np.array(cost),
        matrix=matrix,
        row_lower=np.array(lower),
        row_upper=np.array(upper),
        col_lower=np.zeros(n),
        col_upper=np.ones(n),
        integer=integer,
        offset=offset,
    )
    return program, n_flow
