"""Random small checkpoint games for the agreement tests (seeded)."""

from __future__ import annotations

import dataclasses

import numpy as np

from entente.model import Checkpoint, Game, Network, make_game


def _frozen(values: object, dtype: object) -> np.ndarray:
    array = np.asarray(values, dtype=dtype)
    array.setflags(write=False)
    return array


def random_network(rng: np.random.Generator, n_targets: int) -> Network:
    """4-7 nodes: a random tree (two-way) from node 0 plus random extra roads, some one-way."""
    n = int(rng.integers(4, 8))
    edges: list[tuple[int, int, bool]] = [(int(rng.integers(0, v)), v, False) for v in range(1, n)]
    for _ in range(int(rng.integers(1, n + 1))):
        a, b = (int(v) for v in rng.choice(n, 2, replace=False))
        edges.append((a, b, bool(rng.random() < 0.3)))
    sources = sorted({0, *(int(v) for v in rng.choice(n, int(rng.integers(0, 2)), replace=False))})
    targets = [int(v) for v in rng.choice(np.arange(1, n), n_targets)]
    checkpoints = []
    for r in range(int(rng.integers(1, 3))):
        effectiveness = float(rng.choice([1.0, 1.0, 0.5, 0.8, round(float(rng.random()), 3)]))
        allowed = None
        if rng.random() < 0.3:
            allowed = tuple(sorted(int(e) for e in rng.choice(len(edges), 3, replace=False)))
        count = int(rng.integers(1, 3))
        if allowed is not None:
            count = min(count, len(allowed))
        checkpoints.append(Checkpoint(f"cp{r}", count, effectiveness, allowed))
    return Network(
        node_ids=tuple(f"v{i}" for i in range(n)),
        lat=_frozen(np.full(n, np.nan), np.float64),
        lon=_frozen(np.full(n, np.nan), np.float64),
        edge_ids=tuple(f"e{i}" for i in range(len(edges))),
        edge_from=_frozen([a for a, _, _ in edges], np.intp),
        edge_to=_frozen([b for _, b, _ in edges], np.intp),
        length=_frozen(rng.integers(1, 4, len(edges)), np.float64),
        directed=_frozen([d for _, _, d in edges], np.bool_),
        sources=_frozen(sources, np.intp),
        target_nodes=_frozen(targets, np.intp),
        checkpoints=tuple(checkpoints),
    )


def random_game(seed: int, *, zero_sum: bool = True, n_types: int = 1) -> Game:
    """A random checkpoint game; integer payoffs make ties common."""
    rng = np.random.default_rng(seed)
    n_targets = int(rng.integers(1, 4))
    network = random_network(rng, n_targets)
    shape = (n_types, n_targets)
    attacker_u = rng.integers(1, 6, shape).astype(float)
    attacker_c = -rng.integers(0, 4, shape).astype(float)
    if zero_sum:
        defender_c, defender_u = -attacker_c, -attacker_u
    else:
        defender_c = rng.integers(0, 4, shape).astype(float)
        defender_u = -rng.integers(1, 6, shape).astype(float)
    priors = rng.dirichlet(np.ones(n_types)) if n_types > 1 else None
    game = make_game(
        defender_covered=defender_c,
        defender_uncovered=defender_u,
        attacker_covered=attacker_c,
        attacker_uncovered=attacker_u,
        resources=(),
        priors=priors,
        name=f"random-{seed}",
    )
    return dataclasses.replace(game, network=network)


def grid_roads(side: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A ``side`` x ``side`` grid of unit roads: node positions and two-way edges."""
    points = np.array([(i, j) for i in range(side) for j in range(side)], dtype=float)
    pairs = [(i * side + j, i * side + j + 1) for i in range(side) for j in range(side - 1)]
    pairs += [(i * side + j, (i + 1) * side + j) for i in range(side - 1) for j in range(side)]
    return points, pairs


def planar_roads(edges: int, rng: np.random.Generator) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """About ``edges`` two-way roads: the Delaunay triangulation of random points."""
    from scipy.spatial import Delaunay

    points = rng.random((max(4, edges // 3), 2))
    pairs: set[tuple[int, int]] = set()
    for simplex in Delaunay(points).simplices:
        for a, b in ((0, 1), (1, 2), (0, 2)):
            u, v = sorted((int(simplex[a]), int(simplex[b])))
            pairs.add((u, v))
    return points, sorted(pairs)


def road_game(
    points: np.ndarray, pairs: list[tuple[int, int]], rng: np.random.Generator, name: str
) -> Game:
    """The scale instance: 10 checkpoints (0.9), 10 sources and 5 targets at random nodes,
    zero-sum values in [1, 10]; roads as long as the distance between their ends."""
    n = len(points)
    chosen = rng.choice(n, 15, replace=False)
    lengths = [float(np.hypot(*(points[a] - points[b]))) for a, b in pairs]
    network = Network(
        node_ids=tuple(f"v{i}" for i in range(n)),
        lat=_frozen(np.full(n, np.nan), np.float64),
        lon=_frozen(np.full(n, np.nan), np.float64),
        edge_ids=tuple(f"e{i}" for i in range(len(pairs))),
        edge_from=_frozen([a for a, _ in pairs], np.intp),
        edge_to=_frozen([b for _, b in pairs], np.intp),
        length=_frozen(lengths, np.float64),
        directed=_frozen(np.zeros(len(pairs), bool), np.bool_),
        sources=_frozen(np.sort(chosen[:10]), np.intp),
        target_nodes=_frozen(chosen[10:], np.intp),
        checkpoints=(Checkpoint("checkpoint", 10, 0.9),),
    )
    value = rng.uniform(1, 10, 5)
    game = make_game(
        defender_covered=np.zeros(5),
        defender_uncovered=-value,
        attacker_covered=np.zeros(5),
        attacker_uncovered=value,
        resources=(),
        name=name,
    )
    return dataclasses.replace(game, network=network)
