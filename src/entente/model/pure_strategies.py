"""What the defender's units may do, slot by slot: the game's pure strategies.

A joint pure deployment (:mod:`entente.model.deployment`) is, for every
time slot, a choice for each mobile unit of one schedule of that slot (or
idle), plus one placement of the static units that holds in every slot.
Interdiction at a target depends only on the units covering it in its own
slot, so the set of implementable mobile interdiction vectors is the
product over slots of each slot's polytope (this is what lets column
generation price slot by slot).

Guards are patrols whose schedules are the singletons of the targets they
may cover, and whose units never stack; :func:`slot_options` writes every
mobile resource in that one form.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from entente.model.game import FloatArray, Game, IntArray, Resource

__all__ = [
    "Placement",
    "SlotOptions",
    "max_interdiction",
    "placements",
    "resource_slot_schedules",
    "slot_options",
    "static_escape",
    "static_resources",
]

Placement = tuple[tuple[int, ...], ...]
"""Per static resource (in :func:`static_resources` order), the site indices occupied."""


@dataclass(frozen=True, eq=False)
class SlotOptions:
    """The mobile resources' choices in one slot.

    ``resources[i]`` is a game resource index with ``units[i] > 0`` units in
    this slot, choosing among ``schedules[i]`` (tuples of game target
    indices; for a guard, the singletons it may cover). ``stacking[i]`` says
    whether two units of it may take the same schedule (patrols) or not
    (guards). ``targets`` lists the slot's targets in increasing order.

    A guard never has more units here than schedules: the rest could only
    stand idle, and counting them would let an idle unit change the plan.
    """

    slot: int
    targets: IntArray
    resources: tuple[int, ...]
    units: tuple[int, ...]
    schedules: tuple[tuple[tuple[int, ...], ...], ...]
    stacking: tuple[bool, ...]


def resource_slot_schedules(game: Game, resource: Resource, slot: int) -> list[tuple[int, ...]]:
    """The schedules a mobile ``resource`` may take in ``slot`` (singletons for guards).

    For priced routes (``resource.routes``), the single-site routes: they cover
    every target the resource can reach, and pricing finds the longer tours.
    """
    slots = game.slot_of()
    if resource.kind == "guard":
        allowed = range(game.n_targets) if resource.targets is None else resource.targets
        return [(int(t),) for t in allowed if slots[t] == slot]
    if resource.routes is not None:  # seeds: each site within reach alone; pricing adds tours
        targets = resource.routes.slot_targets[slot]
        return [(targets[p],) for p in resource.routes.reachable()]
    return [s for s in resource.schedules if s and slots[s[0]] == slot]


def slot_options(game: Game) -> tuple[SlotOptions, ...]:
    """Every slot's mobile options (slots without units still appear)."""
    slots = game.slot_of()
    out = []
    for slot in range(game.n_slots):
        chosen: list[int] = []
        units: list[int] = []
        schedules: list[tuple[tuple[int, ...], ...]] = []
        stacking: list[bool] = []
        for r, resource in enumerate(game.resources):
            if not resource.mobile or resource.units_in_slot(slot) == 0:
                continue
            options = tuple(resource_slot_schedules(game, resource, slot))
            if options:
                stacks = resource.kind == "patrol"
                count = resource.units_in_slot(slot)
                chosen.append(r)
                units.append(count if stacks else min(count, len(options)))
                schedules.append(options)
                stacking.append(stacks)
        out.append(
            SlotOptions(
                slot=slot,
                targets=np.flatnonzero(slots == slot),
                resources=tuple(chosen),
                units=tuple(units),
                schedules=tuple(schedules),
                stacking=tuple(stacking),
            )
        )
    return tuple(out)


def static_resources(game: Game) -> list[int]:
    """Indices of the static resources with at least one unit."""
    return [r for r, res in enumerate(game.resources) if res.kind == "static" and res.count > 0]


def placements(game: Game) -> Iterator[Placement]:
    """Every placement of the static units: per resource, a set of at most ``count`` sites."""
    per_resource = []
    for r in static_resources(game):
        resource = game.resources[r]
        sites = range(len(resource.schedules))
        per_resource.append(
            [
                chosen
                for size in range(min(resource.count, len(resource.schedules)) + 1)
                for chosen in itertools.combinations(sites, size)
            ]
        )
    for choice in itertools.product(*per_resource):
        yield tuple(choice)


def static_escape(game: Game, placement: Placement) -> FloatArray:
    """Probability that an attack on each target escapes the static units of ``placement``."""
    escape = np.ones(game.n_targets)
    for r, sites in zip(static_resources(game), placement, strict=True):
        resource = game.resources[r]
        for site in sites:
            escape[list(resource.schedules[site])] *= 1.0 - resource.effectiveness
    return escape


def max_interdiction(game: Game) -> tuple[FloatArray, FloatArray]:
    """Per target, the most interdiction (mobile units, static units) any deployment gives.

    A patrol's units may all fly routes through one target; a guard resource
    puts at most one unit on it; a static resource at most one unit per site
    holding it.
    """
    mobile_escape = np.ones(game.n_targets)
    static_esc = np.ones(game.n_targets)
    for options in slot_options(game):
        for r, units, schedules, stacks in zip(
            options.resources, options.units, options.schedules, options.stacking, strict=True
        ):
            covered = np.unique(np.fromiter(itertools.chain(*schedules), dtype=np.intp))
            mobile_escape[covered] *= (1.0 - game.resources[r].effectiveness) ** (
                units if stacks else 1
            )
    for r in static_resources(game):
        resource = game.resources[r]
        holders = np.zeros(game.n_targets, dtype=np.intp)
        for site in resource.schedules:
            holders[list(site)] += 1
        static_esc *= (1.0 - resource.effectiveness) ** np.minimum(holders, resource.count)
    return 1.0 - mobile_escape, 1.0 - static_esc
