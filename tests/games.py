"""Random games drawn by Kiekintveld et al.'s protocol (AAMAS 2009, section 6)."""

from __future__ import annotations

import numpy as np

from entente.model import Game, Resource, make_game


def random_game(
    rng: np.random.Generator,
    n_targets: int,
    n_types: int = 1,
    units: int = 1,
    *,
    integer: bool = False,
    effectiveness: float = 1.0,
    floors: np.ndarray | None = None,
) -> Game:
    """Covered-for-defender and uncovered-for-attacker ~ U[0, 100]; the others ~ U[-100, 0].

    ``integer=True`` draws small integers instead, so that ties are common.
    """
    shape = (n_types, n_targets)
    if integer:
        positive = lambda: rng.integers(0, 4, shape).astype(float)  # noqa: E731
    else:
        positive = lambda: rng.uniform(0, 100, shape)  # noqa: E731
    return make_game(
        defender_covered=positive()[0] if n_types == 1 else positive(),
        defender_uncovered=-positive()[0] if n_types == 1 else -positive(),
        attacker_covered=-positive(),
        attacker_uncovered=positive(),
        resources=[Resource("guard", units, effectiveness=effectiveness)],
        priors=rng.dirichlet(np.ones(n_types)),
        min_coverage=floors,
    )


def random_payoff_game(
    rng: np.random.Generator, n_targets: int, resources: list[Resource], scale: float = 100.0
) -> Game:
    """One attacker type, the same protocol's payoffs in [-scale, scale], the given resources."""
    return make_game(
        defender_covered=rng.uniform(0, scale, n_targets),
        defender_uncovered=-rng.uniform(0, scale, n_targets),
        attacker_covered=-rng.uniform(0, scale, n_targets),
        attacker_uncovered=rng.uniform(0, scale, n_targets),
        resources=resources,
    )
