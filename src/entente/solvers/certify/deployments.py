"""What the certificate checks in a joint deployment, kind by kind.

Written against the game's resources directly (not the solvers' option
tables), so that a solver that misreads the rules is caught:

- every resource lists exactly ``count`` units, every target exists;
- guard: at most one target per unit and slot, only targets the resource
  may cover, no two units of the resource on one target, at most the
  slot's available units active;
- patrol: in every slot, a unit flies one of the resource's schedules of
  that slot or stays idle; at most the slot's available units fly;
- static: a unit stands at one of the resource's sites or is unplaced,
  units at distinct sites; and across a mixture, the same placement in
  every deployment (static units are not randomised).

An infeasibility claim is re-derived too (:func:`schedule_infeasibility`).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from entente.model import Deployment, Game, Resource, deployment_interdiction, listed_units
from entente.model.game import FloatArray, IntArray
from entente.model.pure_strategies import max_interdiction, placements
from entente.model.route_space import RouteSpace
from entente.solvers.classic.brute_force import MAX_BRUTE_FORCE, normal_form_size, pure_deployments

__all__ = [
    "deployment_problem",
    "mixture_placement_problem",
    "placement_of",
    "schedule_infeasibility",
    "unreachable_floor",
]


def deployment_problem(game: Game, deployment: Deployment) -> str:
    """Why ``deployment`` is not a feasible joint pure deployment, or ``""``."""
    if len(deployment) != len(game.resources):
        return "a deployment does not list every resource"
    slots = game.slot_of()
    for resource, units in zip(game.resources, deployment, strict=True):
        if not listed_units(game, resource) <= len(units) <= resource.count:
            return (
                f"a deployment lists {len(units)} units of {resource.id!r}, not "
                f"{listed_units(game, resource)} to {resource.count}"
            )
        covered = [t for unit in units for t in unit]
        if any(not 0 <= t < game.n_targets for t in covered):
            return f"a deployment of {resource.id!r} names a target outside the game"
        if resource.kind == "guard":
            problem = _guard_problem(game, resource, units, slots)
        elif resource.kind == "patrol":
            problem = _patrol_problem(game, resource, units, slots)
        else:
            problem = _static_problem(resource, units)
        if problem:
            return problem
    return ""


def placement_of(game: Game, deployment: Deployment) -> tuple[tuple[frozenset[int], ...], ...]:
    """The static units' sites in ``deployment``, per static resource, order-free."""
    return tuple(
        tuple(sorted((frozenset(u) for u in units if u), key=sorted))
        for resource, units in zip(game.resources, deployment, strict=True)
        if resource.kind == "static"
    )


def _by_slot(unit: tuple[int, ...], slots: IntArray) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for t in unit:
        out.setdefault(int(slots[t]), []).append(t)
    return out


def _active_problem(
    resource: Resource, units: tuple[tuple[int, ...], ...], slots: IntArray, n_slots: int
) -> str:
    active = Counter(s for unit in units for s in {int(slots[t]) for t in unit})
    for slot in range(n_slots):
        if active[slot] > resource.units_in_slot(slot):
            return (
                f"a deployment sends {active[slot]} units of {resource.id!r} out in slot {slot}, "
                f"only {resource.units_in_slot(slot)} are available"
            )
    return ""


def _guard_problem(
    game: Game, resource: Resource, units: tuple[tuple[int, ...], ...], slots: IntArray
) -> str:
    covered = [t for unit in units for t in unit]
    if len(set(covered)) != len(covered):
        return f"guard units of {resource.id!r} stack or cover several targets"
    if any(len(targets) > 1 for unit in units for targets in _by_slot(unit, slots).values()):
        return f"guard units of {resource.id!r} stack or cover several targets"
    if resource.targets is not None:
        allowed = set(resource.targets)
        outside = [t for t in covered if t not in allowed]
        if outside:
            return (
                f"a guard unit of {resource.id!r} stands at {game.target_ids[outside[0]]!r}, "
                "outside the targets it may cover"
            )
    return _active_problem(resource, units, slots, game.n_slots)


def _patrol_problem(
    game: Game, resource: Resource, units: tuple[tuple[int, ...], ...], slots: IntArray
) -> str:
    routes = {frozenset(s) for s in resource.schedules}
    for unit in units:
        for slot, targets in _by_slot(unit, slots).items():
            if resource.routes is not None:
                if not _flies(resource.routes, slot, targets):
                    names = [game.target_ids[t] for t in targets]
                    return (
                        f"a unit of {resource.id!r} flies {names} in slot {slot}: "
                        "not a tour from its base within its endurance"
                    )
            elif len(set(targets)) != len(targets) or frozenset(targets) not in routes:
                names = [game.target_ids[t] for t in targets]
                return (
                    f"a unit of {resource.id!r} flies {names} in slot {slot}: not one of its routes"
                )
    return _active_problem(resource, units, slots, game.n_slots)


def _flies(space: RouteSpace, slot: int, targets: list[int]) -> bool:
    """Whether ``targets`` (in flying order) are sites of ``slot`` on a tour that fits."""
    position = space.positions(slot)
    if any(t not in position for t in targets):
        return False
    return space.fits([position[t] for t in targets])


def _static_problem(resource: Resource, units: tuple[tuple[int, ...], ...]) -> str:
    sites = {frozenset(s) for s in resource.schedules}
    placed = [frozenset(unit) for unit in units if unit]
    if any(site not in sites for site in placed):
        return f"a unit of {resource.id!r} stands somewhere that is not one of its sites"
    if len(set(placed)) != len(placed):
        return f"two units of {resource.id!r} share a site"
    return ""


def mixture_placement_problem(game: Game, deployments: tuple[Deployment, ...]) -> str:
    """Static units must stand in the same places in every deployment of a mixture."""
    if not deployments or not any(r.kind == "static" for r in game.resources):
        return ""
    first = placement_of(game, deployments[0])
    for deployment in deployments[1:]:
        if placement_of(game, deployment) != first:
            return "static units stand in different places in different deployments"
    return ""


def unreachable_floor(game: Game, mobile: FloatArray, static: FloatArray) -> str:
    """A floor above the most interdiction any deployment gives its target, or ``""``."""
    most = 1.0 - (1.0 - mobile) * (1.0 - static)
    above = np.flatnonzero(game.min_coverage > most + 1e-9)
    if above.size == 0:
        return ""
    t = int(above[0])
    return (
        f"min_coverage {game.min_coverage[t]:g} at {game.target_ids[t]!r} exceeds the most "
        f"interdiction any deployment gives there ({most[t]:g})"
    )


def schedule_infeasibility(game: Game) -> str | None:
    """Why no deployment mixture meets the floors, re-derived; None if it cannot be shown.

    A floor above the most interdiction its target can get settles it;
    otherwise, for games small enough to enumerate, one feasibility LP per
    static placement over every joint pure deployment.
    """
    reason = unreachable_floor(game, *max_interdiction(game))
    if reason:
        return reason
    if normal_form_size(game) // game.n_targets**game.n_types > MAX_BRUTE_FORCE:
        return None
    for placement in placements(game):
        interdiction = np.array(
            [deployment_interdiction(game, d) for d in pure_deployments(game, placement)]
        )
        if _floors_reachable(game, interdiction):
            return None
    return "no mixture of deployments meets the min_coverage floors (checked exhaustively)"


def _floors_reachable(game: Game, interdiction: FloatArray) -> bool:
    n_pure = interdiction.shape[0]
    from scipy.optimize import linprog  # imported here: rarely needed, slow to import

    result = linprog(
        np.zeros(n_pure),
        A_ub=-interdiction.T,
        b_ub=-game.min_coverage,
        A_eq=np.ones((1, n_pure)),
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
    )
    return bool(result.status == 0)
