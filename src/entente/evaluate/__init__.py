"""Evaluation: the exact outcome of any plan under each behaviour model; Monte Carlo
simulation of operations, sweeps, the best mix within a budget.

The outcome itself is computed in :mod:`entente.model.outcome` (it needs only the
game, and the solvers use it too) and re-exported here."""

from entente.model.outcome import (
    MODES,
    Mode,
    Outcome,
    TypeOutcome,
    attack_distribution,
    evaluate_models,
    outcome,
)

__all__ = [
    "MODES",
    "Mode",
    "Outcome",
    "TypeOutcome",
    "attack_distribution",
    "evaluate_models",
    "outcome",
]
