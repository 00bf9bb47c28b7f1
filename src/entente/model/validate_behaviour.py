"""The rules for behaviour models and interval payoffs (see :mod:`entente.model.validate`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from entente.model.behaviour import Quantal, Rational, Suqr
from entente.model.game import Game

if TYPE_CHECKING:
    from entente.model.validate import GameProblem

__all__ = ["behaviour_problems", "bound_problems"]


def _problem(field: str, message: str, k: int | None = None, t: int | None = None) -> GameProblem:
    from entente.model.validate import GameProblem

    return GameProblem(field, message, type_index=k, target_index=t)


def behaviour_problems(game: Game) -> Iterator[GameProblem]:
    """A behaviour per type (or none: all rational), with finite, sensible parameters."""
    if not game.behaviours:
        return
    if len(game.behaviours) != game.n_types:
        yield _problem(
            "behaviours",
            f"has {len(game.behaviours)} entries, expected one per type ({game.n_types})",
        )
        return
    for k, behaviour in enumerate(game.behaviours):
        if isinstance(behaviour, Quantal):
            if not (math.isfinite(behaviour.lam) and behaviour.lam >= 0):
                yield _problem(
                    "behaviours.lambda",
                    f"must be a finite number >= 0 (0: attacks at random), got {behaviour.lam}",
                    k,
                )
        elif isinstance(behaviour, Suqr):
            for name in ("coverage", "reward", "penalty"):
                value = getattr(behaviour, name)
                if not math.isfinite(value):
                    yield _problem(
                        f"behaviours.weights.{name}", f"must be a finite number, got {value}", k
                    )
        elif not isinstance(behaviour, Rational):
            yield _problem("behaviours", f"unknown behaviour {behaviour!r}", k)


def bound_problems(game: Game) -> Iterator[GameProblem]:
    """Interval bounds of the right shape, with low <= point payoff <= high."""
    bounds = game.attacker_bounds
    if bounds is None:
        return
    shape = (game.n_types, game.n_targets)
    pairs = (
        ("attacker_covered", bounds.covered_low, game.attacker_covered, bounds.covered_high),
        (
            "attacker_uncovered",
            bounds.uncovered_low,
            game.attacker_uncovered,
            bounds.uncovered_high,
        ),
    )
    for name, low, point, high in pairs:
        if low.shape != shape or high.shape != shape:
            yield _problem(name, f"interval bounds must have shape {shape}")
            continue
        if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
            yield _problem(name, "interval bounds must be finite numbers")
            continue
        bad = np.argwhere((low > high) | (low > point + 1e-12) | (point > high + 1e-12))
        for k, t in bad[:20]:
            yield _problem(
                name,
                f"interval [{low[k, t]:g}, {high[k, t]:g}] must have low <= high and hold the "
                f"point estimate {point[k, t]:g}",
                int(k),
                int(t),
            )
