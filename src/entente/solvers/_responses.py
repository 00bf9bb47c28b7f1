"""Attacker responses read off a coverage vector, for solvers that need them.

(The certificate recomputes responses in its own code, on purpose.)
"""

from __future__ import annotations

import numpy as np

from entente.model import FloatArray, Game

__all__ = ["sse_responses"]


def sse_responses(game: Game, coverage: FloatArray, tie: float) -> list[int]:
    """Each type's best response, ties (within ``tie``) broken for the defender."""
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    best = attacker.max(axis=1, keepdims=True)
    tied = attacker >= best - tie
    return [int(t) for t in np.argmax(np.where(tied, defender, -np.inf), axis=1)]
