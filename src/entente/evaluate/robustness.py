"""The price of robustness: what the maximin plan gives up against the point plan.

The point-estimate plan is the strong Stackelberg optimum at the midpoint
payoffs; the robust plan maximises the worst case over the interval box and
ties within ``margin`` (:mod:`entente.solvers.robust.interval`). Both are valued at
the point estimate (rational, ties for the defender) and in the worst case
(pessimistic); the price is the point-estimate value given up.
"""

from __future__ import annotations

from dataclasses import dataclass

from entente.model import Game
from entente.model.outcome import outcome
from entente.solvers import Plan, solve

__all__ = ["Robustness", "robustness"]


@dataclass(frozen=True)
class Robustness:
    point_plan_value: float
    point_plan_worst_case: float
    robust_plan_value: float
    robust_plan_worst_case: float

    @property
    def price(self) -> float:
        """Point-estimate value the robust plan gives up (>= 0 up to tolerances)."""
        return self.point_plan_value - self.robust_plan_value

    @property
    def protection(self) -> float:
        """Worst-case value the robust plan gains."""
        return self.robust_plan_worst_case - self.point_plan_worst_case


def robustness(
    game: Game, robust_plan: Plan, *, margin: float = 0.0, time_limit: float | None = None
) -> Robustness:
    """Compare ``robust_plan`` with the point-estimate optimum of ``game``."""
    point_plan = solve(game, time_limit=time_limit)
    assert point_plan.coverage is not None
    assert robust_plan.coverage is not None
    return Robustness(
        point_plan_value=outcome(game, point_plan.coverage, "rational").defender_utility,
        point_plan_worst_case=outcome(
            game, point_plan.coverage, "pessimistic", margin=margin
        ).defender_utility,
        robust_plan_value=outcome(game, robust_plan.coverage, "rational").defender_utility,
        robust_plan_worst_case=outcome(
            game, robust_plan.coverage, "pessimistic", margin=margin
        ).defender_utility,
    )
