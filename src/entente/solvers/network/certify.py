"""The checkpoint game's certificate, independent of the double oracle.

From the plan's mixture alone:

1. *strategy*: a probability distribution over allocations, each within
   its resources' counts, on edges they may hold, units never stacked;
2. *escape*: for every target, the attacker's best escape probability,
   recomputed on the full graph by another algorithm than the solver's
   MILP: the graph without the held edges is condensed by networkx into its
   strongly connected components, and a best-first label search over them
   (a label: the escape under each allocation; labels dominated at a node
   are dropped) finds the walk that escapes best, which is the best simple
   path (a walk contains a simple path with fewer checkpoints). The
   plan's coverage must be one minus it;
3. *paths*: each type's reported path is a path of the graph from a
   source to its target's node, escaping exactly as the coverage says.

The responses and the value are then checked as for every plan (see
:mod:`entente.solvers.certify.certificate`).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from itertools import count
from typing import Any

import numpy as np

from entente.model import FloatArray, Game, Network
from entente.solvers.plan import CheckpointStrategy, Plan

__all__ = ["best_escape_search", "checkpoint_coverage", "network_checks"]

ESCAPE_TOLERANCE = 1e-9
MAX_LABELS = 2_000_000


def network_checks(game: Game, plan: Plan, coverage: FloatArray) -> Iterator[tuple[str, bool, str]]:
    """(name, passed, detail) of the checks above."""
    network = game.network
    assert network is not None
    strategy = plan.strategy
    if not isinstance(strategy, CheckpointStrategy):
        yield "strategy", False, "the plan carries no checkpoint mixture"
        return
    problem = _strategy_problem(network, strategy)
    yield (
        "strategy",
        problem is None,
        problem
        or (f"{len(strategy.allocations)} allocations, probabilities summing to 1, within counts"),
    )
    if problem is not None:
        return
    factors = _factors(network, strategy)
    x = np.asarray(strategy.probabilities, dtype=np.float64)
    for t in range(game.n_targets):
        claimed = 1.0 - float(coverage[t])
        found = best_escape_search(network, factors, x, t, floor=claimed - ESCAPE_TOLERANCE)
        ok = found is not None and abs(found - claimed) <= ESCAPE_TOLERANCE
        shown = "none" if found is None else f"{found:.12g}"
        yield f"escape[{game.target_ids[t]}]", ok, f"best escape {shown}, plan {claimed:.12g}"
    for k, response in enumerate(plan.responses):
        yield _path_check(
            game,
            network,
            factors,
            x,
            coverage,
            k,
            response.attacked,
            response.path,
            response.source,
        )


def checkpoint_coverage(strategy: Mapping[str, Any], network: Network | None) -> list[float] | None:
    """The coverage a plan file's ``form: checkpoints`` strategy implies (None: malformed).

    ``network`` is the graph of the plan's compiled scenario; each target's
    best escape is searched. A plan file whose stated coverage differs was edited.
    """
    if network is None:
        return None
    edges = {e: i for i, e in enumerate(network.edge_ids)}
    try:
        allocations = tuple(
            tuple(
                tuple(sorted(edges[e] for e in a["resources"].get(r.id, [])))
                for r in network.checkpoints
            )
            for a in strategy["allocations"]
        )
        x = np.array([float(a["probability"]) for a in strategy["allocations"]])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    mixture = CheckpointStrategy(x, allocations)
    if _strategy_problem(network, mixture) is not None:
        return None
    factors = _factors(network, mixture)
    found = [best_escape_search(network, factors, x, t) for t in range(len(network.target_nodes))]
    return [1.0 - (f if f is not None else 0.0) for f in found]


def _strategy_problem(network: Network, strategy: CheckpointStrategy) -> str | None:
    p = np.asarray(strategy.probabilities, dtype=np.float64)
    if p.shape != (len(strategy.allocations),) or np.any(p < -1e-12) or abs(p.sum() - 1) > 1e-9:
        return "the probabilities are not a distribution over the allocations"
    for i, allocation in enumerate(strategy.allocations):
        if len(allocation) != len(network.checkpoints):
            return f"allocation {i} does not list every checkpoint resource"
        for resource, edges in zip(network.checkpoints, allocation, strict=True):
            allowed = set(resource.allowed(network.n_edges))
            if len(set(edges)) != len(edges):
                return f"allocation {i} stacks units of {resource.id!r} on one edge"
            if len(edges) > resource.count:
                return (
                    f"allocation {i} uses {len(edges)} units of {resource.id!r} ({resource.count})"
                )
            if not set(edges) <= allowed:
                return f"allocation {i} puts {resource.id!r} on an edge it may not hold"
    return None


def _factors(network: Network, strategy: CheckpointStrategy) -> FloatArray:
    factors = np.ones((len(strategy.allocations), network.n_edges))
    for i, allocation in enumerate(strategy.allocations):
        for resource, edges in zip(network.checkpoints, allocation, strict=True):
            for e in edges:
                factors[i, e] *= 1.0 - resource.effectiveness
    return factors


def best_escape_search(
    network: Network, factors: FloatArray, x: FloatArray, target: int, *, floor: float = -1.0
) -> float | None:
    """The best escape to ``target`` if above ``floor`` (else None), by label search."""
    import networkx as nx  # deferred: checkpoint plans only (0.1 s of every start-up)

    held = set(np.flatnonzero(np.any(factors[x > 0] < 1.0, axis=0)).tolist())
    free = nx.DiGraph()
    free.add_nodes_from(range(network.n_nodes + 1))
    start = network.n_nodes
    free.add_edges_from((start, int(s)) for s in network.sources)
    cut: list[tuple[int, int, int]] = []
    for e in range(network.n_edges):
        ends = [(int(network.edge_from[e]), int(network.edge_to[e]))]
        if not network.directed[e]:
            ends.append(ends[0][::-1])
        for a, b in ends:
            (cut.append((a, b, e)) if e in held else free.add_edge(a, b))
    dag = nx.condensation(free)
    member = dag.graph["mapping"]
    moves: dict[int, list[tuple[int, int]]] = {}
    for a, b in dag.edges:
        moves.setdefault(a, []).append((b, -1))
    for a, b, e in cut:
        if member[a] != member[b]:
            moves.setdefault(member[a], []).append((member[b], e))
    return _search(
        moves,
        member[start],
        member[int(network.target_nodes[target])],
        factors[x > 0],
        x[x > 0],
        floor,
    )


def _search(
    moves: dict[int, list[tuple[int, int]]],
    origin: int,
    goal: int,
    factors: FloatArray,
    x: FloatArray,
    floor: float,
) -> float | None:
    tie = count()
    w0 = np.ones(len(x))
    heap = [(-float(x @ w0), next(tie), origin, w0)]
    seen: dict[int, list[FloatArray]] = {}
    popped = 0
    while heap:
        negative, _, node, w = heapq.heappop(heap)
        if -negative <= floor:
            return None
        if node == goal:
            return -negative
        popped += 1
        if popped > MAX_LABELS:
            raise RuntimeError("the escape search exceeded its label budget")
        kept = seen.setdefault(node, [])
        if any(np.all(w <= other) for other in kept):
            continue
        kept[:] = [other for other in kept if not np.all(other <= w)]
        kept.append(w)
        for head, e in moves.get(node, []):
            after = w if e < 0 else w * factors[:, e]
            value = float(x @ after)
            if value > floor:
                heapq.heappush(heap, (-value, next(tie), head, after))
    return None


def _path_check(
    game: Game,
    network: Network,
    factors: FloatArray,
    x: FloatArray,
    coverage: FloatArray,
    k: int,
    target: int | None,
    path: tuple[int, ...] | None,
    source: int | None,
) -> tuple[str, bool, str]:
    name = f"path[{game.type_ids[k]}]"
    if target is None or path is None or source is None:
        return name, False, "no path reported"
    if source not in set(network.sources.tolist()):
        return name, False, f"starts at {network.node_ids[source]!r}, not a source"
    node = source
    for e in path:
        a, b = int(network.edge_from[e]), int(network.edge_to[e])
        if node == a:
            node = b
        elif node == b and not network.directed[e]:
            node = a
        else:
            return name, False, f"edge {network.edge_ids[e]!r} does not continue the path"
    if node != int(network.target_nodes[target]):
        return name, False, "the path does not end at the target's node"
    escape = float(x @ np.prod(factors[:, list(path)], axis=1)) if path else 1.0
    ok = abs(escape - (1.0 - float(coverage[target]))) <= ESCAPE_TOLERANCE
    return name, ok, f"{len(path)} edges from {network.node_ids[source]!r}, escape {escape:.12g}"
