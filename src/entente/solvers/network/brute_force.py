"""Brute force for tiny checkpoint games: every allocation against every simple path.

The reference the double oracle is tested against. The normal form has
one row per allocation (every subset of allowed edges of each resource, up
to its count: units may stay idle) and one column per (target, simple path
from a source) pair, paths listed by networkx. Zero-sum-equivalent games
are solved by the maximin LP; one general-sum type by multiple LPs
(Conitzer & Sandholm 2006), the exact strong Stackelberg value. Both LPs go
through :func:`scipy.optimize.linprog`, not the HiGHS session the double
oracle uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, product

import numpy as np
import scipy  # scipy.optimize loads on first use (0.17 s a process otherwise)

from entente._exceptions import MethodError
from entente.model import Allocation, FloatArray, Game, Network

__all__ = ["BruteForce", "network_brute_force", "simple_paths"]

MAX_CELLS = 2_000_000


@dataclass(frozen=True)
class BruteForce:
    """The exact value, and a mixture reaching it."""

    value: float
    allocations: tuple[Allocation, ...]
    probabilities: FloatArray


def simple_paths(network: Network) -> list[tuple[int, tuple[int, ...]]]:
    """Every (target, simple path as edge indices) from any source, by networkx."""
    import networkx as nx  # deferred: only this reference needs it (0.1 s of every start-up)

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(network.n_nodes + 1))
    tail, head, edge = network.arcs()
    for a, b, e in zip(tail.tolist(), head.tolist(), edge.tolist(), strict=True):
        graph.add_edge(a, b, key=e)
    start = network.n_nodes
    for s in network.sources.tolist():
        graph.add_edge(start, s, key=-1)
    out = []
    for t, node in enumerate(network.target_nodes.tolist()):
        for path in nx.all_simple_edge_paths(graph, start, node):
            out.append((t, tuple(k for _, _, k in path if k >= 0)))
    return out


def allocations(network: Network) -> list[Allocation]:
    """Every allocation: per resource, any set of allowed edges of at most its count."""
    per_resource = [
        [c for size in range(r.count + 1) for c in combinations(r.allowed(network.n_edges), size)]
        for r in network.checkpoints
    ]
    return [tuple(choice) for choice in product(*per_resource)]


def network_brute_force(game: Game, *, zero_sum: bool) -> BruteForce:
    """The exact strong Stackelberg value of a tiny checkpoint game."""
    network = game.network
    if network is None:
        raise MethodError("brute force for checkpoints needs a `network:`")
    rows = allocations(network)
    columns = simple_paths(network)
    if len(rows) * len(columns) > MAX_CELLS:
        raise MethodError(
            f"{len(rows)} allocations x {len(columns)} paths: too many for brute force"
        )
    factors = np.array([_row(network, a) for a in rows])
    escape = np.stack([np.prod(factors[:, list(p)], axis=1) for _, p in columns], axis=1)
    targets = np.array([t for t, _ in columns])
    ud = (
        game.defender_covered[:, targets][:, None, :]
        - (game.defender_covered - game.defender_uncovered)[:, targets][:, None, :] * escape[None]
    )
    ua = (
        game.attacker_covered[:, targets][:, None, :]
        + (game.attacker_uncovered - game.attacker_covered)[:, targets][:, None, :] * escape[None]
    )
    if zero_sum:
        value, x = _maximin(ud, game.priors)
    elif game.n_types == 1:
        value, x = _multiple_lps(ud[0], ua[0])
    else:
        raise MethodError("brute force covers general-sum games of one attacker type")
    keep = np.flatnonzero(x > 1e-12)
    return BruteForce(value, tuple(rows[i] for i in keep), x[keep])


def _row(network: Network, allocation: Allocation) -> FloatArray:
    """Per edge, the probability of passing it unstopped (the model's own rule)."""
    factors = network.escape_factors(allocation)
    return np.array([factors.get(e, 1.0) for e in range(network.n_edges)])


def _maximin(ud: FloatArray, priors: FloatArray) -> tuple[float, FloatArray]:
    n_types, n_rows, n_cols = ud.shape
    # variables x (n_rows), v (n_types); minimise -p.v
    a_ub = np.zeros((n_types * n_cols, n_rows + n_types))
    for k in range(n_types):
        a_ub[k * n_cols : (k + 1) * n_cols, :n_rows] = -ud[k].T
        a_ub[k * n_cols : (k + 1) * n_cols, n_rows + k] = 1.0
    result = scipy.optimize.linprog(
        np.concatenate([np.zeros(n_rows), -priors]),
        A_ub=a_ub,
        b_ub=np.zeros(n_types * n_cols),
        A_eq=np.concatenate([np.ones(n_rows), np.zeros(n_types)])[None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * n_rows + [(None, None)] * n_types,
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"maximin LP failed: {result.message}")
    return -float(result.fun), np.asarray(result.x[:n_rows])


def _multiple_lps(ud: FloatArray, ua: FloatArray) -> tuple[float, FloatArray]:
    n_rows, n_cols = ud.shape
    best, best_x = -np.inf, np.zeros(n_rows)
    for j in range(n_cols):
        result = scipy.optimize.linprog(
            -ud[:, j],
            A_ub=(ua - ua[:, [j]]).T,
            b_ub=np.zeros(n_cols),
            A_eq=np.ones((1, n_rows)),
            b_eq=[1.0],
            bounds=[(0, None)] * n_rows,
            method="highs",
        )
        if result.status == 0 and -result.fun > best:
            best, best_x = -float(result.fun), np.asarray(result.x)
    return best, best_x
