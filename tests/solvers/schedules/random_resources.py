"""Random one-slot resources for the pricing and relaxation tests: patrols and guards."""

from __future__ import annotations

import numpy as np

from entente.model import Resource

__all__ = ["random_resources"]


def random_resources(rng: np.random.Generator, n: int, most_schedules: int) -> list[Resource]:
    """1-3 resources on ``n`` targets: guards (never two on a target) or stacking patrols
    with 2 to ``most_schedules`` schedules of 1-3 targets; effectiveness 0.3, 0.7 or 1."""
    resources = []
    for r in range(int(rng.integers(1, 4))):
        e = float(rng.choice([0.3, 0.7, 1.0]))
        count = int(rng.integers(1, 4))
        if rng.random() < 0.4:
            resources.append(Resource(f"g{r}", count, "guard", e))
        else:
            routes = {
                tuple(sorted(rng.choice(n, int(rng.integers(1, 4)), replace=False).tolist()))
                for _ in range(int(rng.integers(2, most_schedules + 1)))
            }
            resources.append(Resource(f"p{r}", count, "patrol", e, schedules=tuple(sorted(routes))))
    return resources
