"""A good feasible plan in no time: the starting point of the exact methods.

Candidates are each type's own ORIGAMI coverage (optimal against that type
alone) and the floors themselves; each is scored against all types with
their strong-Stackelberg responses, and the best is returned. Exact methods
use it as a MIP start and as the plan of last resort when a time limit
strikes before they find one.
"""

from __future__ import annotations

import numpy as np

from entente.model import CoverageBox, FloatArray, Game
from entente.solvers._responses import sse_responses
from entente.solvers.classic.origami import attacker_level

__all__ = ["heuristic_coverage"]


def heuristic_coverage(game: Game, box: CoverageBox) -> tuple[FloatArray, list[int], float]:
    """The best candidate coverage, its responses and its defender value."""
    tie = 1e-9 * game.payoff_scale()
    best: tuple[FloatArray, list[int], float] | None = None
    for coverage in _candidates(game, box):
        responses = sse_responses(game, coverage, tie)
        defender = game.defender_utility(coverage)
        value = float(sum(game.priors[k] * defender[k, t] for k, t in enumerate(responses)))
        if best is None or value > best[2]:
            best = (coverage, responses, value)
    assert best is not None  # the floors are always a candidate
    return best


def _candidates(game: Game, box: CoverageBox) -> list[FloatArray]:
    floors = np.asarray(box.lower, dtype=np.float64)
    spare = box.budget - float(np.sum(floors))
    candidates = [floors.copy()]
    for k in range(game.n_types):
        au, ac = game.attacker_uncovered[k], game.attacker_covered[k]
        level = attacker_level(au, ac, box.budget, box.effectiveness)
        delta = au - ac
        coverage = np.zeros(game.n_targets)
        np.divide(au - level, delta, out=coverage, where=delta > 0)
        coverage = np.clip(coverage, floors, box.upper)
        excess = float(np.sum(coverage)) - box.budget
        if excess > 0:  # floors pushed it over the budget: take back above the floors
            slack = coverage - floors
            coverage = floors + slack * (max(spare, 0.0) / float(np.sum(slack)))
        candidates.append(coverage)
    return candidates
