"""The rules resources of every kind obey, and the rules of time slots.

Kept apart from :mod:`entente.model.validate` (payoffs, priors, floors) so
that each module holds one concept. Problems name the resource and the
offending field (``schedules[2]``, ``slot_counts``) so the scenario layer
can point at the line of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from entente.model.game import RESOURCE_KINDS, Game, Resource

__all__ = ["resource_problems", "slot_problems"]

_MAX_REPORTED = 20


def slot_problems(game: Game) -> Iterator[tuple[str, str]]:
    """(field, message) for time slots that do not fit the targets."""
    if game.target_slots is None:
        if game.slot_ids:
            yield "target_slots", "time slots are named but targets are not assigned to them"
        return
    slots = game.target_slots
    if slots.shape != (game.n_targets,):
        yield "target_slots", f"has shape {slots.shape}, expected ({game.n_targets},)"
        return
    if not game.slot_ids:
        yield "slot_ids", "targets are assigned to time slots that are not named"
        return
    bad = np.flatnonzero((slots < 0) | (slots >= len(game.slot_ids)))
    for t in bad[:_MAX_REPORTED]:
        yield "target_slots", f"target index {int(t)} is in slot {int(slots[t])}, not a named slot"
    if len(set(game.slot_ids)) != len(game.slot_ids):
        yield "slot_ids", "duplicate slot ids"


def resource_problems(game: Game, r: int, resource: Resource) -> Iterator[tuple[str, str]]:
    """(field, message) for what is wrong with resource ``r`` beyond its count."""
    if resource.kind not in RESOURCE_KINDS:
        yield "kind", f"unknown resource kind {resource.kind!r}"
        return
    yield from _slot_count_problems(game, resource)
    if resource.kind == "guard":
        yield from _guard_problems(game, resource)
    elif resource.kind == "patrol" and resource.routes is not None:
        yield from _route_space_problems(game, resource)
    elif resource.kind == "patrol":
        yield from _schedule_problems(game, resource, "a patrol resource needs schedules (routes)")
        if resource.targets is not None:
            yield "targets", "only guard resources take `targets`; a patrol flies its schedules"
    else:
        yield from _schedule_problems(game, resource, "a static resource needs sites")
        if resource.targets is not None:
            yield "targets", "only guard resources take `targets`; a static unit takes a site"
        if resource.slot_counts is not None:
            yield "slot_counts", "a static resource stands in every slot: no per-slot counts"
        # More units than sites is fine: the extra units stay idle, as guards do.


def _slot_count_problems(game: Game, resource: Resource) -> Iterator[tuple[str, str]]:
    counts = resource.slot_counts
    if counts is None:
        return
    if len(counts) != game.n_slots:
        yield "slot_counts", f"has {len(counts)} entries, expected one per slot ({game.n_slots})"
        return
    for s, value in enumerate(counts):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            yield "slot_counts", f"slot {s}: must be a whole number >= 0, got {value!r}"
        elif isinstance(resource.count, int) and value > resource.count:
            yield "slot_counts", f"slot {s}: {value} units, more than the count ({resource.count})"


def _guard_problems(game: Game, resource: Resource) -> Iterator[tuple[str, str]]:
    if resource.schedules:
        yield "schedules", "a guard covers one target per slot: restrict it with `targets`"
    if resource.targets is None:
        return
    if not resource.targets:
        yield "targets", "must name at least one target"
    yield from _index_problems(game, "targets", resource.targets)


def _route_space_problems(game: Game, resource: Resource) -> Iterator[tuple[str, str]]:
    space = resource.routes
    assert space is not None
    if resource.schedules:
        yield "schedules", "priced routes are never listed: give `routes` or `schedules`"
    if len(space.slot_targets) != game.n_slots:
        yield "routes", f"needs the sites of each of the {game.n_slots} slots"
        return
    slots = game.slot_of()
    for s, targets in enumerate(space.slot_targets):
        problems = list(_index_problems(game, f"routes.slot_targets[{s}]", targets))
        yield from problems
        if not problems and any(int(slots[t]) != s for t in targets):
            yield f"routes.slot_targets[{s}]", f"names a target outside slot {s}"
    if not space.reachable():
        yield "routes", "no site is within reach of the base"


def _schedule_problems(game: Game, resource: Resource, empty: str) -> Iterator[tuple[str, str]]:
    if not resource.schedules:
        yield "schedules", empty
        return
    slots = game.slot_of()
    for j, schedule in enumerate(resource.schedules[:10_000]):
        field = f"schedules[{j}]"
        if not schedule:
            yield field, "must not be empty"
            continue
        index_problems = list(_index_problems(game, field, schedule))
        yield from index_problems
        if index_problems:
            continue
        if resource.kind == "patrol" and len({int(slots[t]) for t in schedule}) > 1:
            yield field, "a route lies within one time slot; these targets are in several"


def _index_problems(game: Game, field: str, indices: tuple[int, ...]) -> Iterator[tuple[str, str]]:
    bad = [t for t in indices if not isinstance(t, int | np.integer) or not 0 <= t < game.n_targets]
    if bad:
        yield field, f"target index {bad[0]!r} is outside the game ({game.n_targets} targets)"
    elif len(set(indices)) != len(indices):
        yield field, "names a target more than once"
