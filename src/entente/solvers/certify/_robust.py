"""Certificate checks for maximin plans (:mod:`entente.solvers.robust.interval`), written apart.

From the coverage and the interval box alone: each type's reported target
must be one it might attack (``Ua_high(t) >= max_s Ua_low(s) - margin``, to
``tol``), and no target it surely might attack may be worse for the
defender. The worst case can only be below the strong Stackelberg optimum,
so for one type without floors the value may not exceed the independent
bisection optimum.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from entente.model import FloatArray, Game
from entente.solvers.plan import Plan

__all__ = ["robust_response_checks"]


def _utility_range(game: Game, coverage: FloatArray) -> tuple[FloatArray, FloatArray]:
    b = game.attacker_bounds
    if b is None:
        point = game.attacker_uncovered + coverage * (
            game.attacker_covered - game.attacker_uncovered
        )
        return point, point
    low = (1 - coverage) * b.uncovered_low + coverage * b.covered_low
    high = (1 - coverage) * b.uncovered_high + coverage * b.covered_high
    return low, high


def robust_response_checks(
    game: Game, plan: Plan, coverage: FloatArray, margin: float, tol: float
) -> Iterator[tuple[str, bool, str]]:
    """(name, passed, detail) per type."""
    low, high = _utility_range(game, coverage)
    defender = (1 - coverage) * game.defender_uncovered + coverage * game.defender_covered
    for k, response in enumerate(plan.responses):
        name = f"response[{game.type_ids[k]}]"
        t = response.attacked
        if t is None or not 0 <= t < game.n_targets:
            yield name, False, "no attacked target"
            continue
        level = float(np.max(low[k])) - margin
        possible = bool(high[k, t] >= level - tol)
        surely = high[k] >= level + tol
        worse = float(np.max(np.where(surely, defender[k, t] - defender[k], -np.inf)))
        exact = abs(response.defender_utility - defender[k, t]) <= tol
        yield (
            name,
            possible and worse <= tol and exact,
            f"worst possible target {game.target_ids[t]!r}; a possible target is worse by "
            f"{max(worse, 0):.3g}",
        )
