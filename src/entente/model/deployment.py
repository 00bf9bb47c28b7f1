"""Joint pure deployments: what every unit of every resource does in one draw.

A deployment holds, per resource (in the game's order), one tuple per unit
of the targets that unit covers (in route order; empty when idle). An attack
on target ``t`` is interdicted with probability ``1 - prod (1 - e_r)`` over
the units that cover ``t`` (DESIGN.md).
"""

from __future__ import annotations

import numpy as np

from entente.model.game import FloatArray, Game

__all__ = ["Deployment", "deployment_interdiction"]

Deployment = tuple[tuple[tuple[int, ...], ...], ...]


def deployment_interdiction(game: Game, deployment: Deployment) -> FloatArray:
    """Probability that an attack on each target is interdicted under ``deployment``."""
    escape = np.ones(game.n_targets)
    for resource, units in zip(game.resources, deployment, strict=True):
        for targets in units:
            if targets:
                escape[list(targets)] *= 1.0 - resource.effectiveness
    return 1.0 - escape
