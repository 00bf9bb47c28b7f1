"""From one distribution per slot to one distribution over whole joint deployments.

Coverage at a target depends only on its own slot's deployment, so any
joint distribution with the right per-slot marginals implements the plan.
The one used here stacks each slot's distribution on ``[0, 1)`` as
consecutive intervals and cuts ``[0, 1)`` at every slot's breakpoints (the
north-west corner rule of transportation problems): each piece is one
joint deployment, its length the probability. Support: at most the sum of
the slots' supports, minus the number of slots, plus one.
"""

from __future__ import annotations

import itertools

import numpy as np

from entente.model import Deployment, FloatArray, Game, listed_units
from entente.model.pure_strategies import Placement, static_resources
from entente.solvers.schedules._columns import ColumnPool

__all__ = ["couple", "joint_deployment"]

_NEGLIGIBLE = 1e-13


def couple(distributions: list[FloatArray]) -> list[tuple[float, tuple[int, ...]]]:
    """``(probability, index per slot)`` pairs whose per-slot marginals are ``distributions``."""
    supports = [np.flatnonzero(p > _NEGLIGIBLE) for p in distributions]
    cumulative = []
    for p, support in zip(distributions, supports, strict=True):
        edges = np.cumsum(p[support]) / np.sum(p[support])
        edges[-1] = 1.0
        cumulative.append(edges)
    cuts = np.unique(np.concatenate([[0.0], *cumulative]))
    out = []
    for low, high in itertools.pairwise(cuts):
        if high - low <= _NEGLIGIBLE:
            continue
        middle = 0.5 * (low + high)
        picks = tuple(
            int(support[min(int(np.searchsorted(edges, middle, side="right")), len(support) - 1)])
            for support, edges in zip(supports, cumulative, strict=True)
        )
        out.append((float(high - low), picks))
    return out


def joint_deployment(
    game: Game, pool: ColumnPool, placement: Placement, picks: tuple[int, ...]
) -> Deployment:
    """The deployment taking column ``picks[s]`` in each slot, static units at ``placement``."""
    units: list[list[list[int]]] = [
        [[] for _ in range(listed_units(game, r))] for r in game.resources
    ]
    for options, column in zip(pool.options, picks, strict=True):
        choice = pool.choices[options.slot][column]
        for i, r in enumerate(options.resources):
            for unit, j in enumerate(choice[i]):
                units[r][unit].extend(pool.pricers[options.slot].schedules[i][j])
    for r, sites in zip(static_resources(game), placement, strict=True):
        for unit, site in enumerate(sites):
            units[r][unit].extend(game.resources[r].schedules[site])
    return tuple(tuple(tuple(unit) for unit in resource) for resource in units)
