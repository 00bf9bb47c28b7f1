"""The marginal relaxation: an upper bound on the value, and allocations that realise it.

A unit of effectiveness ``e`` on a path stops the attacker with probability
``e``, and several units stop it with probability at most the sum of theirs
(``1 - prod(1 - e_i) <= sum e_i``). So against any mixture, a path is stopped
with probability at most ``min(1, sum_e w_e)`` over its edges, where
``w_e = sum_r e_r p_{r,e}`` and ``p_{r,e}`` is the probability that resource
``r`` holds edge ``e`` (expectation of a concave function). Over every
marginal vector ``p`` the counts allow, the best such bound is an LP on the
whole graph (cut-based, as MiCANS, Iwashita et al. 2016)::

    max  sum_k p_k v_k
    s.t. v_k <= U_d(k, t, c_t)            (U_d rising in c_t)
         c_t <= pi(node of t),  0 <= c_t <= 1
         pi(head) <= pi(tail) + w_e        for every way an edge is driven
         pi(source) = 0,  pi >= 0
         sum_e p_{r,e} <= count_r,  0 <= p_{r,e} <= 1 on the edges r may hold

(``pi`` are shortest-path potentials: ``c_t`` is at most the cheapest
path's ``sum w_e``.) The bound is exact when the attacker's best paths meet
at most one unit of any allocation. Its marginals are then split into
allocations by comb sampling (units at ``u, u + 1, ...`` along the edges laid
end to end with widths ``p``): the double oracle starts from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from entente.model import Allocation, FloatArray, Network
from entente.solvers.lp.deadline import Deadline, remaining
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear

__all__ = ["MAX_COMB", "Relaxation", "relaxation"]

MAX_COMB = 256
"""At most this many comb allocations (the likeliest) start the double oracle."""
_SLACK = 1e-9
"""Relative slack added to the LP's optimum so that its tolerances never cut the bound."""


@dataclass(frozen=True)
class Relaxation:
    """An upper bound on the defender's maximin value, and allocations for its marginals."""

    bound: float
    allocations: list[Allocation]


def relaxation(
    network: Network, covered: FloatArray, delta: FloatArray, priors: FloatArray, deadline: Deadline
) -> Relaxation | None:
    """The LP above (None when a type gains from the attacker escaping, or out of time)."""
    if np.any(delta < 0):
        return None
    columns = [
        (r, e)
        for r, resource in enumerate(network.checkpoints)
        if resource.effectiveness > 0 and resource.count > 0
        for e in resource.allowed(network.n_edges)
    ]
    program = _program(network, covered, delta, priors, columns)
    left = remaining(deadline)  # half the time at most: the double oracle needs the rest
    result = solve_linear(program, time_limit=None if left is None else 0.5 * left)
    if result.status != "optimal" or result.x is None or result.objective is None:
        return None
    bound = result.objective + _SLACK * (1.0 + abs(result.objective))
    start = len(result.x) - len(columns)
    marginals = np.zeros((len(network.checkpoints), network.n_edges))
    for (r, e), value in zip(columns, result.x[start:], strict=True):
        marginals[r, e] = min(max(value, 0.0), 1.0)
    return Relaxation(bound, list(comb_allocations(network, marginals)))


def _program(
    network: Network,
    covered: FloatArray,
    delta: FloatArray,
    priors: FloatArray,
    columns: list[tuple[int, int]],
) -> LinearProgram:
    """Columns: ``v`` (types), ``c`` (targets), ``pi`` (nodes), then ``p`` per column."""
    n_k, n_t = covered.shape
    n_v = network.n_nodes
    c0, pi0, p0 = n_k, n_k + n_t, n_k + n_t + n_v
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    k, t = np.divmod(np.arange(n_k * n_t), n_t)  # v_k - delta c_t <= covered - delta
    rows += [np.arange(n_k * n_t)] * 2
    cols += [k, c0 + t]
    vals += [np.ones(n_k * n_t), -delta[k, t]]
    upper = [(covered - delta)[k, t]]
    base = n_k * n_t  # c_t - pi(node) <= 0
    rows += [base + np.arange(n_t)] * 2
    cols += [c0 + np.arange(n_t), pi0 + network.target_nodes]
    vals += [np.ones(n_t), -np.ones(n_t)]
    upper.append(np.zeros(n_t))
    base += n_t  # pi(head) - pi(tail) - sum_r e_r p_{r,e} <= 0
    n_arcs = _arc_rows(network, columns, base, pi0, p0, (rows, cols, vals))
    upper.append(np.zeros(n_arcs))
    base += n_arcs  # sum_e p_{r,e} <= count_r
    owners = np.array([r for r, _ in columns], dtype=np.intp)
    rows.append(base + owners)
    cols.append(p0 + np.arange(len(columns)))
    vals.append(np.ones(len(columns)))
    upper.append(np.array([float(r.count) for r in network.checkpoints]))
    n_rows = base + len(network.checkpoints)
    n_cols = p0 + len(columns)
    matrix = sp.coo_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_cols)
    )
    col_upper = np.concatenate(
        [np.full(n_k, INF), np.ones(n_t), np.full(n_v, INF), np.ones(len(columns))]
    )
    col_upper[pi0 + network.sources] = 0.0
    return LinearProgram(
        cost=np.concatenate([priors, np.zeros(n_cols - n_k)]),
        matrix=sp.csc_array(matrix),
        row_lower=np.full(n_rows, -INF),
        row_upper=np.concatenate(upper),
        col_lower=np.concatenate([np.full(n_k, -INF), np.zeros(n_cols - n_k)]),
        col_upper=col_upper,
    )


def _arc_rows(
    network: Network,
    columns: list[tuple[int, int]],
    base: int,
    pi0: int,
    p0: int,
    triplets: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]],
) -> int:
    """Append the potential rows, one per way an edge is driven, to ``triplets``; their count."""
    rows, cols, vals = triplets
    tail, head, edge = network.arcs()
    arcs = np.arange(len(edge))
    rows += [base + arcs] * 2
    cols += [pi0 + head, pi0 + tail]
    vals += [np.ones(len(edge)), -np.ones(len(edge))]
    by_edge: dict[int, list[int]] = {}
    for a, e in enumerate(edge.tolist()):
        by_edge.setdefault(e, []).append(a)
    for j, (r, e) in enumerate(columns):
        ways = by_edge.get(e, [])
        rows.append(base + np.array(ways, dtype=np.intp))
        cols.append(np.full(len(ways), p0 + j))
        vals.append(np.full(len(ways), -network.checkpoints[r].effectiveness))
    return len(edge)


def comb_allocations(network: Network, marginals: FloatArray) -> dict[Allocation, float]:
    """Allocations and their probabilities (comb offsets) whose mixture has the given
    (resource x edge) marginals, each at most 1; the :data:`MAX_COMB` likeliest, without
    the empty allocation."""
    sums = np.cumsum(marginals, axis=1)
    cuts = np.unique(np.concatenate([[0.0], np.mod(sums[sums > 0], 1.0)]))
    ends = np.append(cuts[1:], 1.0)
    found: dict[Allocation, float] = {}
    for low, high in zip(cuts, ends, strict=True):
        if high - low <= 1e-12:
            continue
        offset = 0.5 * (low + high)
        allocation = []
        for r, resource in enumerate(network.checkpoints):
            total = float(sums[r, -1]) if network.n_edges else 0.0
            places = offset + np.arange(resource.count)
            places = places[places < total]
            edges = np.searchsorted(sums[r], places, side="right")
            allocation.append(tuple(sorted(set(edges.tolist()))))
        key = tuple(allocation)
        found[key] = found.get(key, 0.0) + float(high - low)
    likeliest = sorted(found, key=lambda a: -found[a])[:MAX_COMB]
    return {a: found[a] for a in likeliest if any(a)}
