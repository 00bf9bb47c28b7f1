"""Tiny random games mixing guard, patrol and static resources, with and without time slots."""

from __future__ import annotations

import numpy as np

from entente.model import Game, Resource, make_game

EFFECTIVENESS = (1.0, 0.9, 0.7, 0.5)


def _schedules(rng: np.random.Generator, targets: np.ndarray, longest: int) -> tuple:
    routes = set()
    for _ in range(int(rng.integers(1, 4))):
        size = int(rng.integers(1, min(longest, len(targets)) + 1))
        routes.add(tuple(sorted(rng.choice(targets, size, replace=False).tolist())))
    return tuple(sorted(routes))


def mixed_game(rng: np.random.Generator, *, max_sites: int = 3, max_types: int = 2) -> Game:
    """A game with up to two slots and one to three resources of mixed kinds."""
    sites = int(rng.integers(1, max_sites + 1))
    n_slots = 1 if rng.random() < 0.6 or sites > 2 else 2
    n = sites * n_slots
    slot_of = np.repeat(np.arange(n_slots), sites)
    types = int(rng.integers(1, max_types + 1)) if n <= 3 else 1
    shape = (types, n)
    resources = []
    for r in range(int(rng.integers(1, 4))):
        kind = rng.choice(["guard", "patrol", "static"], p=[0.35, 0.4, 0.25])
        e = float(rng.choice(EFFECTIVENESS))
        count = int(rng.integers(0, 3))
        if kind == "guard":
            targets = None
            if rng.random() < 0.5:
                targets = tuple(
                    sorted(rng.choice(n, int(rng.integers(1, n + 1)), replace=False).tolist())
                )
            slot_counts = None
            if n_slots > 1 and rng.random() < 0.5:
                slot_counts = tuple(int(rng.integers(0, count + 1)) for _ in range(n_slots))
            resources.append(
                Resource(f"g{r}", count, "guard", e, targets=targets, slot_counts=slot_counts)
            )
        elif kind == "patrol":
            routes = sum(
                (_schedules(rng, np.flatnonzero(slot_of == s), 2) for s in range(n_slots)), ()
            )
            resources.append(Resource(f"p{r}", min(count, 2), "patrol", e, schedules=routes))
        else:
            site_ids = rng.choice(sites, int(rng.integers(1, sites + 1)), replace=False)
            site_targets = tuple(
                tuple(int(i + s * sites) for s in range(n_slots)) for i in sorted(site_ids)
            )
            resources.append(
                Resource(
                    f"s{r}", min(count, len(site_targets)), "static", e, schedules=site_targets
                )
            )
    return make_game(
        defender_covered=rng.uniform(0, 10, shape)[0] if types == 1 else rng.uniform(0, 10, shape),
        defender_uncovered=-rng.uniform(0, 10, shape)[0]
        if types == 1
        else -rng.uniform(0, 10, shape),
        attacker_covered=-rng.uniform(0, 10, shape),
        attacker_uncovered=rng.uniform(0, 10, shape),
        resources=resources,
        priors=rng.dirichlet(np.ones(types)),
        slot_ids=[f"s{s}" for s in range(n_slots)] if n_slots > 1 else None,
        target_slots=slot_of if n_slots > 1 else None,
    )
