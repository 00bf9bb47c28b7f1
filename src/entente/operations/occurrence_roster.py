"""Rosters per slot occurrence: one joint deployment drawn for each night or session.

A plan with time slots is a mixture over *joint* deployments, each giving
every unit its targets in every slot (a team's ``calais@fri;wissant@sat``).
The coverage of a target ``site@slot`` depends only on the deployments'
part in that slot, so drawing an independent joint deployment for each
occurrence and keeping that occurrence's slot part covers every site in
every occurrence with exactly the plan's probability for that slot (the
guarantee of :func:`entente.operations.draw_rosters`, per occurrence).
Units of a static resource (barriers) are in every deployment with their
site in every slot, so they appear on every occurrence.

Memory is one small integer per unit per occurrence: a unit's slot part is
an index into :attr:`OccurrenceRosters.routes`, the distinct slot parts of
the plan's routes, computed once.

A plan without slots is the same with one "slot" (its whole period): an
occurrence's draw is then a day's roster (used by ``entente orders``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from entente._exceptions import InputError
from entente.model import FloatArray
from entente.operations.planinput import RosterPlan, roster_plan
from entente.operations.randomness import random_words
from entente.operations.sampling import IntArray
from entente.scenario.occurrences import Occurrence

__all__ = ["OccurrenceRosters", "UnitDraw", "draw_occurrence_rosters"]


@dataclass(frozen=True)
class UnitDraw:
    """One unit on one occurrence: its resource, number (from 1) and site indices in order."""

    resource: int
    unit: int
    sites: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class OccurrenceRosters:
    """``choices[k, u]`` indexes :attr:`routes` for unit ``u`` on ``occurrences[k]``.

    ``routes`` are tuples of the game's target indices, all in one slot;
    ``seed`` is None when the draw came from the secure generator.
    """

    plan: RosterPlan
    occurrences: tuple[Occurrence, ...]
    choices: IntArray
    routes: tuple[tuple[int, ...], ...]
    seed: int | None

    @property
    def seeded(self) -> bool:
        return self.seed is not None

    def units(self, k: int) -> Iterator[UnitDraw]:
        """The units of occurrence ``k`` in roster order, each with its sites in route order."""
        plan = self.plan
        sites = len(plan.places.sites)
        for u, c in enumerate(self.choices[k].tolist()):
            yield UnitDraw(
                int(plan.unit_resource[u]),
                int(plan.unit_number[u]),
                tuple(t % sites for t in self.routes[c]),
            )

    def interdiction(self) -> FloatArray:
        """``(occurrences, sites)``: probability an attack there, then, is interdicted.

        ``1 - prod (1 - e)`` over the units covering the site in that occurrence (DESIGN.md).
        """
        sites = len(self.plan.places.sites)
        covers = np.zeros((len(self.routes), sites), dtype=bool)
        for c, route in enumerate(self.routes):
            covers[c, [t % sites for t in route]] = True
        escape = np.ones((len(self.occurrences), sites))
        for u in range(self.plan.units):
            e = self.plan.unit_effectiveness[u]
            escape *= np.where(covers[self.choices[:, u]], 1.0 - e, 1.0)
        return 1.0 - escape


def draw_occurrence_rosters(
    plan: Mapping[str, Any] | RosterPlan,
    occurrences: Sequence[Occurrence],
    *,
    seed: int | None = None,
    source: str = "<plan>",
) -> OccurrenceRosters:
    """One independent draw per occurrence, kept to its slot (secure unless ``seed``)."""
    words = random_words(seed)
    prepared = plan if isinstance(plan, RosterPlan) else roster_plan(plan, source=source)
    places = prepared.places
    known = places.slots or ("",)
    for o in occurrences:
        if not 0 <= o.slot_index < len(known) or known[o.slot_index] != o.slot:
            raise InputError(f"an occurrence of slot {o.slot!r}, not a slot of the plan")
    table, routes = _slot_parts(prepared.routes, len(places.sites), places.n_slots)
    drawn = prepared.sampler.draw(len(occurrences), words)
    slots = np.array([o.slot_index for o in occurrences], dtype=np.intp)
    choices = table[drawn, slots[:, None]] if len(occurrences) else drawn
    return OccurrenceRosters(prepared, tuple(occurrences), choices, routes, words.seed)


def _slot_parts(
    routes: tuple[tuple[int, ...], ...], sites: int, slots: int
) -> tuple[IntArray, tuple[tuple[int, ...], ...]]:
    """``table[c, s]``: the index of route ``c``'s part in slot ``s`` among the distinct parts."""
    parts: dict[tuple[int, ...], int] = {(): 0}
    table = np.zeros((len(routes), slots), dtype=np.intp)
    for c, route in enumerate(routes):
        for s in range(slots):
            part = tuple(t for t in route if t // sites == s)
            table[c, s] = parts.setdefault(part, len(parts))
    return table, tuple(parts)
