"""Joint pure deployments: what every unit of every resource does in one draw.

A deployment holds, per resource (in the game's order), one tuple per unit
of the targets that unit covers (in route order; empty when idle). Units
beyond what can ever be placed (:func:`listed_units`: a guard's targets in
one slot, a static resource's sites) are idle and not listed. An attack
on target ``t`` is interdicted with probability ``1 - prod (1 - e_r)`` over
the units that cover ``t`` (DESIGN.md).
"""

from __future__ import annotations

import numpy as np

from entente.model.game import FloatArray, Game, Resource

__all__ = ["Deployment", "deployment_interdiction", "listed_units"]

Deployment = tuple[tuple[tuple[int, ...], ...], ...]


def deployment_interdiction(game: Game, deployment: Deployment) -> FloatArray:
    """Probability that an attack on each target is interdicted under ``deployment``."""
    escape = np.ones(game.n_targets)
    for resource, units in zip(game.resources, deployment, strict=True):
        for targets in units:
            if targets:
                escape[list(targets)] *= 1.0 - resource.effectiveness
    return 1.0 - escape


def listed_units(game: Game, resource: Resource) -> int:
    """How many units of ``resource`` a deployment lists: the rest can only stay idle.

    Guard units never stack, so no more of them stand than the targets of one
    slot they may take; static units take distinct sites; patrol units may fly
    one route together, so all are listed.
    """
    if resource.kind == "static":
        return min(resource.count, len(resource.schedules))
    if resource.kind == "guard":
        slots = game.slot_of()
        allowed = np.arange(game.n_targets) if resource.targets is None else resource.targets
        per_slot = np.bincount(slots[np.asarray(allowed, dtype=np.intp)], minlength=1)
        return min(resource.count, int(np.max(per_slot, initial=0)))
    return resource.count
