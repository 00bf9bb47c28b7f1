"""Random games with quantal / SUQR types, and an independent global search over coverage."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from entente.evaluate import outcome
from entente.model import Behaviour, Game, Quantal, make_game


def behavioural_game(
    rng: np.random.Generator,
    n: int,
    behaviours: list[Behaviour],
    units: int = 1,
    floors: np.ndarray | None = None,
) -> Game:
    """Integer payoffs in [-10, 10] as in PASAQ's experiments (Yang et al. 2012)."""
    k = len(behaviours)
    shape = (k, n)
    return make_game(
        defender_covered=rng.integers(0, 11, shape).astype(float),
        defender_uncovered=-rng.integers(0, 11, shape).astype(float),
        attacker_covered=-rng.integers(0, 11, shape).astype(float),
        attacker_uncovered=rng.integers(0, 11, shape).astype(float),
        resources=units,
        priors=rng.dirichlet(np.ones(k)),
        behaviours=behaviours,
        min_coverage=floors,
    )


def project(c: np.ndarray, lower: np.ndarray, budget: float) -> np.ndarray:
    """Onto lower <= c <= 1, sum c <= budget (shrinks the part above the floors)."""
    c = np.clip(c, lower, 1.0)
    over = c.sum() - budget
    if over > 0:
        slack = c - lower
        c = lower + slack * (1 - over / slack.sum())
    return c


def multistart_best(game: Game, starts: int, rng: np.random.Generator) -> float:
    """Best value found by SLSQP from many random feasible starts (an independent search)."""
    budget = float(sum(r.count for r in game.resources))
    lower = np.asarray(game.min_coverage)
    n = game.n_targets

    def value(c: np.ndarray) -> float:
        return outcome(game, project(c, lower, budget), "scenario").defender_utility

    best = -np.inf
    constraints = [{"type": "ineq", "fun": lambda c: budget - c.sum()}]
    for _ in range(starts):
        start = project(rng.uniform(0, 1, n) * budget, lower, budget)
        result = minimize(
            lambda c: -value(c),
            start,
            method="SLSQP",
            bounds=list(zip(lower, np.ones(n), strict=True)),
            constraints=constraints,
        )
        best = max(best, value(result.x), value(start))
    return best


__all__ = ["Quantal", "behavioural_game", "multistart_best", "project"]
