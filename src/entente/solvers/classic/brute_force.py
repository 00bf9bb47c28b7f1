"""Brute force over the normal form: the test oracle for tiny games.

Enumerates every joint pure deployment (in every time slot, each guard
resource sends its units to distinct targets it may cover, each patrol
resource sends its units on schedules of that slot, some units possibly
idle) and every response profile (one target per attacker type), and
solves one LP per profile over the mixed strategy ``p`` on deployments
(Conitzer & Sandholm, EC 2006, on the normal form; the Harsanyi profiles of
Paruchuri et al. 2008)::

    max  sum_k p_k Ud(k, t_k, c)          with  c = sum_s p_s e_s
    s.t. Ua(k, t', c) <= Ua(k, t_k, c)    every k, t'
         c >= min_coverage,  sum_s p_s = 1,  p >= 0

where ``e_s`` is the interdiction vector of deployment ``s``. Static
resources are not randomised: the LPs run once per placement of the static
units (every set of at most ``count`` sites), over the deployments holding
that placement, and the best placement wins. It shares no code with the
other solvers beyond the LP wrapper and the model's definition of what a
unit may do, so agreement between them tests both. Exponential: refuse
games that are not tiny.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import scipy.sparse as sp

from entente._exceptions import MethodError, SolverError
from entente.model import Deployment, FloatArray, Game, Resource, deployment_interdiction
from entente.model.pure_strategies import (
    Placement,
    placements,
    resource_slot_schedules,
    static_resources,
)
from entente.solvers._timing import timed
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear
from entente.solvers.plan import MixtureStrategy, Plan, plan_from_coverage

__all__ = ["MAX_BRUTE_FORCE", "brute_force", "normal_form_size", "pure_deployments"]

MAX_BRUTE_FORCE = 20_000
"""Upper bound on deployments x profiles brute force agrees to try."""


def pure_deployments(game: Game, placement: Placement | None = None) -> list[Deployment]:
    """Every joint pure deployment, idle units included, with the static units at ``placement``.

    Without a placement, static units stay unplaced. Each unit's targets
    run slot by slot, in route order.
    """
    static = static_resources(game)
    chosen = dict(zip(static, placement or ((),) * len(static), strict=True))
    per_resource = []
    for r, resource in enumerate(game.resources):
        if resource.kind == "static":
            sites = [resource.schedules[j] for j in chosen.get(r, ())]
            per_resource.append([_units(resource, [tuple(sites)])])
        else:
            per_resource.append(_mobile_uses(game, resource))
    return [tuple(choice) for choice in itertools.product(*per_resource)]


def _mobile_uses(game: Game, resource: Resource) -> list[tuple[tuple[int, ...], ...]]:
    """Every way the units of one mobile resource spend all the slots."""
    per_slot = []
    for slot in range(game.n_slots):
        schedules = resource_slot_schedules(game, resource, slot)
        units = resource.units_in_slot(slot)
        if resource.kind == "guard":  # distinct targets
            uses = [
                c
                for used in range(min(units, len(schedules)) + 1)
                for c in itertools.combinations(schedules, used)
            ]
        else:  # patrol units may fly the same route
            uses = [
                c
                for used in range(units + 1)
                for c in itertools.combinations_with_replacement(schedules, used)
            ]
        per_slot.append(uses)
    return [_units(resource, list(week)) for week in itertools.product(*per_slot)]


def _units(
    resource: Resource, week: list[tuple[tuple[int, ...], ...]]
) -> tuple[tuple[int, ...], ...]:
    """Unit ``i`` takes the ``i``-th schedule of every slot (idle where there is none)."""
    return tuple(
        tuple(t for combo in week if i < len(combo) for t in combo[i])
        for i in range(resource.count)
    )


@timed
def brute_force(game: Game, *, max_size: int = MAX_BRUTE_FORCE) -> Plan:
    """Optimal plan by enumerating the whole normal form (tiny games only).

    ``max_size`` caps deployments x placements x profiles (benchmarks raise it
    to measure the normal-form baseline).
    """
    work = normal_form_size(game)
    if work > max_size:
        raise MethodError(
            f"brute-force would solve {work:,} deployment-profile pairs (limit "
            f"{max_size:,}); it is a test oracle for tiny games"
        )
    best: tuple[float, FloatArray, tuple[int, ...], list[Deployment], FloatArray] | None = None
    floors_feasible = False
    for placement in placements(game):
        deployments = pure_deployments(game, placement)
        interdiction = np.array([deployment_interdiction(game, d) for d in deployments])
        for profile in itertools.product(range(game.n_targets), repeat=game.n_types):
            result = solve_linear(_profile_program(game, interdiction, profile))
            if result.status == "infeasible":
                continue
            if result.status != "optimal" or result.x is None or result.objective is None:
                raise SolverError(f"brute-force LP of profile {profile} ended with {result.status}")
            floors_feasible = True
            if best is None or result.objective > best[0]:
                best = (result.objective, result.x, profile, deployments, interdiction)
    if best is None:
        if not floors_feasible:
            return Plan(
                status="infeasible",
                method="brute-force",
                message="no mixed strategy meets the min_coverage floors",
            )
        raise SolverError("brute force found no feasible profile")
    _value, weights, profile, deployments, interdiction = best
    weights = np.clip(weights, 0.0, None)
    weights = weights / weights.sum()
    coverage = weights @ interdiction
    support = np.flatnonzero(weights > 1e-12)
    strategy = MixtureStrategy(weights[support], tuple(deployments[i] for i in support))
    return plan_from_coverage(
        game,
        coverage,
        list(profile),
        method="brute-force",
        status="optimal",
        bound=None,
        message=f"optimal over {len(deployments)} pure deployments",
        strategy=strategy,
    )


def normal_form_size(game: Game) -> int:
    """Deployments x placements x profiles, counted without enumerating them."""
    deployments = 1
    for resource in game.resources:
        if resource.kind == "static":
            sites = len(resource.schedules)
            deployments *= sum(math.comb(sites, j) for j in range(min(resource.count, sites) + 1))
            continue
        for slot in range(game.n_slots):
            options = len(resource_slot_schedules(game, resource, slot))
            units = resource.units_in_slot(slot)
            if resource.kind == "guard":
                deployments *= sum(math.comb(options, j) for j in range(min(units, options) + 1))
            else:
                deployments *= math.comb(options + units, units)
    return int(deployments * game.n_targets**game.n_types)


def _profile_program(
    game: Game, interdiction: FloatArray, profile: tuple[int, ...]
) -> LinearProgram:
    n_pure = interdiction.shape[0]
    delta = game.attacker_uncovered - game.attacker_covered
    rows, upper = [], []
    cost = np.zeros(n_pure)
    offset = 0.0
    for k, t in enumerate(profile):
        # Ua(k,t',c) - Ua(k,t,c) <= 0, with c = interdiction.T @ p
        rows.append(delta[k, t] * interdiction[:, t][None, :] - delta[k][:, None] * interdiction.T)
        upper.append(game.attacker_uncovered[k, t] - game.attacker_uncovered[k])
        gain = game.defender_covered[k, t] - game.defender_uncovered[k, t]
        cost += game.priors[k] * gain * interdiction[:, t]
        offset += game.priors[k] * game.defender_uncovered[k, t]
    matrix = np.vstack([*rows, interdiction.T, np.ones((1, n_pure))])
    row_lower = np.concatenate(
        [np.full(game.n_types * game.n_targets, -INF), game.min_coverage, [1.0]]
    )
    row_upper = np.concatenate([*upper, np.full(game.n_targets, INF), [1.0]])
    return LinearProgram(
        cost=cost,
        matrix=sp.csc_array(matrix),
        row_lower=row_lower,
        row_upper=row_upper,
        col_lower=np.zeros(n_pure),
        col_upper=np.full(n_pure, INF),
        offset=offset,
    )
