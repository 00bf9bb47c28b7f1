"""Daily rosters drawn from a plan: what goes out each day, unit by unit.

:func:`draw_rosters` is the one entry point (the CLI's ``entente roster``
and the HTTP service both call it). Randomness comes from the operating
system's secure generator unless a seed is given; see
:mod:`entente.operations.randomness`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from entente._exceptions import InputError
from entente.model import FloatArray, Game
from entente.operations.planinput import RosterPlan, roster_plan
from entente.operations.randomness import random_words
from entente.operations.sampling import IntArray
from entente.planfile import PlanRecord
from entente.solvers import Plan

__all__ = ["MAX_DAYS", "Rosters", "draw_rosters"]

MAX_DAYS = 10_000_000
"""The most days one call draws (a guard against a mistyped count)."""


@dataclass(frozen=True, eq=False)
class Rosters:
    """``days`` rosters: ``choices[d, u]`` indexes ``plan.routes`` for unit ``u`` on day ``d + 1``.

    ``seed`` is None when the draw came from the secure generator; otherwise
    the draw is reproducible and every export says so.
    """

    plan: RosterPlan
    choices: IntArray
    seed: int | None

    @property
    def days(self) -> int:
        return int(self.choices.shape[0])

    @property
    def seeded(self) -> bool:
        return self.seed is not None

    def targets(self, day: int, unit: int) -> tuple[str, ...]:
        """Target ids unit ``unit`` (0-based, roster order) covers on ``day`` (1-based)."""
        ids = self.plan.target_ids
        return tuple(ids[t] for t in self.plan.routes[int(self.choices[day - 1, unit])])

    def cover_counts(self) -> IntArray:
        """``(days, targets)`` number of units covering each target each day."""
        incidence = self.plan.route_incidence()
        counts = np.zeros((self.days, len(self.plan.target_ids)), dtype=np.intp)
        for u in range(self.plan.units):
            counts += incidence[self.choices[:, u]]
        return counts

    def interdiction(self) -> FloatArray:
        """``(days, targets)``: probability an attack there that day is interdicted.

        ``1 - prod (1 - e)`` over the units covering the target (DESIGN.md).
        """
        escape = np.ones((self.days, len(self.plan.target_ids)))
        covers = self.plan.route_incidence() > 0
        for u in range(self.plan.units):
            e = self.plan.unit_effectiveness[u]
            escape *= np.where(covers[self.choices[:, u]], 1.0 - e, 1.0)
        return 1.0 - escape


def draw_rosters(
    plan: Mapping[str, Any] | PlanRecord | tuple[Game, Plan] | RosterPlan,
    days: int,
    *,
    seed: int | None = None,
    source: str = "<plan>",
) -> Rosters:
    """Draw ``days`` daily rosters from a plan, each day independently.

    ``plan`` is a plan document (the JSON object of a plan file, as
    ``entente solve -o`` writes it and ``GET /api/plans/{id}`` returns it;
    read and verified by :func:`entente.planfile.read_plan`), a verified
    :class:`~entente.planfile.PlanRecord`, ``(game, plan)`` for a game built
    in code (certified here), or an already prepared :class:`RosterPlan`. Comb plans are sampled by
    comb sampling on an order shuffled afresh each day, mixture plans by
    drawing one joint deployment per day; either way each target is covered
    with exactly the plan's probability. Randomness comes from the OS's
    secure generator (``secrets``) unless ``seed`` asks for a reproducible
    draw, which the result then records. Raises :class:`InputError` for a
    malformed plan (naming the field) or a bad ``days``/``seed``.

    >>> from entente import load_game, solve
    >>> from entente.planfile import plan_document
    >>> scenario, game = load_game("paris-2024")
    >>> rosters = draw_rosters(plan_document(scenario, game, solve(game)), 7)
    >>> rosters.days, rosters.seeded, rosters.plan.units
    (7, False, 20)
    >>> from entente import make_game
    >>> game = make_game(defender_covered=[1, 0], defender_uncovered=[-5, -1],
    ...                  attacker_covered=[-1, -1], attacker_uncovered=[4, 2], resources=1)
    >>> draw_rosters((game, solve(game)), 2, seed=1).plan.scenario_name
    'game'
    """
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 0:
        raise InputError(f"days must be a non-negative integer, got {days!r}")
    if days > MAX_DAYS:
        raise InputError(f"days must be at most {MAX_DAYS:,}, got {days:,}")
    words = random_words(seed)
    prepared = plan if isinstance(plan, RosterPlan) else roster_plan(plan, source=source)
    choices = prepared.sampler.draw(int(days), words)
    return Rosters(prepared, choices, words.seed)
