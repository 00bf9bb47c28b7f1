"""Evaluation: the exact outcome of any plan under each behaviour model."""

from entente.evaluate.outcome import (
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
