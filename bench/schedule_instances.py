"""Random instances for the benchmarks, drawn the way the literature draws them.

FAMS-like games follow Kiekintveld et al. (AAMAS 2009, section 6) and
Jain et al. (AAAI 2010, ASPEN): payoffs uniform (covered-for-defender and
uncovered-for-attacker in [0, 100], the others in [-100, 0]); schedules are
random sets of 1 to ``longest`` targets (a flight tour covers a few flights);
each resource type (air marshals based in one city) may take only a random
share of the schedules: heterogeneous resources, where marginals over
schedules need not be implementable (Korzhyk, Conitzer & Parr 2010).
"""

from __future__ import annotations

import numpy as np

from entente.model import Game, Resource, make_game


def fams_game(
    seed: int,
    *,
    targets: int = 200,
    schedules: int = 1000,
    longest: int = 4,
    units: int = 20,
    resource_types: int = 5,
    share: float = 0.4,
    effectiveness: float = 1.0,
    types: int = 1,
) -> Game:
    """A FAMS-like game: ``units`` split evenly over ``resource_types`` patrol resources."""
    rng = np.random.default_rng(seed)
    pool = []
    seen: set[tuple[int, ...]] = set()
    while len(pool) < schedules:
        size = int(rng.integers(1, longest + 1))
        schedule = tuple(sorted(rng.choice(targets, size, replace=False).tolist()))
        if schedule not in seen:
            seen.add(schedule)
            pool.append(schedule)
    resources = []
    per_type = [
        units // resource_types + (1 if i < units % resource_types else 0)
        for i in range(resource_types)
    ]
    for i, count in enumerate(per_type):
        allowed = np.flatnonzero(rng.random(schedules) < share)
        resources.append(
            Resource(
                f"marshals-{i}",
                count,
                "patrol",
                effectiveness,
                schedules=tuple(pool[j] for j in allowed),
            )
        )
    shape = (types, targets)
    squeeze = (lambda a: a[0]) if types == 1 else (lambda a: a)
    return make_game(
        defender_covered=squeeze(rng.uniform(0, 100, shape)),
        defender_uncovered=squeeze(-rng.uniform(0, 100, shape)),
        attacker_covered=-rng.uniform(0, 100, shape),
        attacker_uncovered=rng.uniform(0, 100, shape),
        resources=resources,
        priors=rng.dirichlet(np.ones(types)),
    )
