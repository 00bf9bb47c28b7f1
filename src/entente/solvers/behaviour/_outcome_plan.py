"""Plans whose types respond by their behaviour models (quantal, SUQR, rational).

The utilities come from :func:`entente.model.outcome` in ``scenario``
mode: the exact evaluation every other part of entente uses.
"""

from __future__ import annotations

import numpy as np

from entente.model import CoverageBox, FloatArray, Game
from entente.model.outcome import outcome
from entente.solvers.certify.proof import BoundProof
from entente.solvers.plan import CombStrategy, Plan, Status, TypeResponse

__all__ = ["plan_from_outcome"]


def plan_from_outcome(
    game: Game,
    box: CoverageBox,
    coverage: FloatArray,
    *,
    method: str,
    status: Status,
    bound: float,
    message: str,
    proof: BoundProof | None = None,
) -> Plan:
    """A plan for ``coverage`` on ``box``, each type responding as the game says."""
    coverage = np.clip(np.asarray(coverage, dtype=np.float64), box.lower, box.upper)
    coverage.setflags(write=False)
    result = outcome(game, coverage, "scenario")
    responses = tuple(
        TypeResponse(
            attacked=o.attacked,
            attacker_utility=o.attacker_utility,
            defender_utility=o.defender_utility,
            distribution=None if o.attacked is not None else o.distribution,
        )
        for o in result.types
    )
    value = result.defender_utility
    if value > bound and value - bound <= 1e-9 * game.payoff_scale():
        bound = value  # rounding noise between the proven bound and the recomputed value
    return Plan(
        status=status,
        method=method,
        message=message,
        coverage=coverage,
        strategy=CombStrategy(box.marginals(coverage), box.units, box.effectiveness),
        responses=responses,
        defender_utility=value,
        attacker_utility=result.attacker_utility,
        bound=bound,
        gap=bound - value,
        proof=proof,
    )
