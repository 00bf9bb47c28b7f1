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
