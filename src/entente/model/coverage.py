"""The set of coverage vectors the defender's resources can implement.

For guards that may go anywhere, units of one resource never stack on one
target, so with ``m`` units of effectiveness ``e`` the implementable
coverage vectors are exactly::

    lower_t <= c_t <= e,    sum_t c_t <= e * m

(comb sampling implements any such marginal; Kiekintveld et al. 2009).
Several unrestricted guard resources pool when every one of them has
effectiveness 1. This box is what ORIGAMI, multiple LPs and the compact
MILP optimise over; games outside it need joint-deployment methods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model.game import FloatArray, Game

__all__ = ["CoverageBox", "coverage_box"]


@dataclass(frozen=True, eq=False)
class CoverageBox:
    """Coverage vectors ``c`` with ``lower <= c <= upper`` and ``sum(c) <= budget``.

    ``units`` is the number of guard units pooled, ``effectiveness`` their
    common effectiveness, so that ``budget == effectiveness * units``.
    """

    lower: FloatArray
    upper: FloatArray
    budget: float
    units: int
    effectiveness: float

    def infeasibility(self, tol: float = 1e-9) -> str | None:
        """Why no coverage vector fits the box (floors above the budget), or None."""
        above = np.flatnonzero(self.lower > self.upper + tol)
        if above.size:
            t = int(above[0])
            return (
                f"min_coverage {self.lower[t]:g} at target index {t} exceeds the most "
                f"coverage the resources can give there ({self.upper[t]:g})"
            )
        floor_total = float(np.sum(self.lower))
        if floor_total > self.budget + tol:
            return (
                f"the min_coverage floors add up to {floor_total:g}, more than the "
                f"resources can cover ({self.budget:g})"
            )
        return None

    def marginals(self, coverage: FloatArray) -> FloatArray:
        """How often a unit stands at each target: coverage / effectiveness."""
        if self.effectiveness == 0.0:
            return np.zeros_like(coverage)
        return np.minimum(coverage / self.effectiveness, 1.0)


def coverage_box(game: Game) -> CoverageBox | None:
    """The coverage box of ``game``, or None when its resources do not pool."""
    active = [r for r in game.resources if r.count > 0]
    if any(r.kind != "guard" for r in active) or not game.classic:
        return None
    effectiveness = {r.effectiveness for r in active}
    if len(active) > 1 and effectiveness != {1.0}:
        return None
    e = effectiveness.pop() if effectiveness else 1.0
    units = sum(r.count for r in active)
    n = game.n_targets
    return CoverageBox(
        lower=game.min_coverage,
        upper=np.full(n, e),
        budget=e * units,
        units=units,
        effectiveness=e,
    )
