"""Brute force over the normal form: the test oracle for tiny games.

Enumerates every joint pure deployment (each guard resource sends its units
to distinct targets, some units possibly idle) and every response profile
(one target per attacker type), and solves one LP per profile over the
mixed strategy ``p`` on deployments (Conitzer & Sandholm, EC 2006, on the
normal form; the Harsanyi profiles of Paruchuri et al. 2008)::

    max  sum_k p_k Ud(k, t_k, c)          with  c = sum_s p_s e_s
    s.t. Ua(k, t', c) <= Ua(k, t_k, c)    every k, t'
         c >= min_coverage,  sum_s p_s = 1,  p >= 0

where ``e_s`` is the interdiction vector of deployment ``s``. It shares no
code with the coverage-box solvers beyond the LP wrapper, so agreement
between them tests both. Exponential: refuse games that are not tiny.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import scipy.sparse as sp

from entente._exceptions import MethodError, SolverError
from entente.model import Deployment, FloatArray, Game, deployment_interdiction
from entente.solvers._highs import INF, LinearProgram, solve_linear
from entente.solvers._timing import timed
from entente.solvers.plan import MixtureStrategy, Plan, plan_from_coverage

__all__ = ["MAX_BRUTE_FORCE", "brute_force", "pure_deployments"]

MAX_BRUTE_FORCE = 20_000
"""Upper bound on deployments x profiles brute force agrees to try."""


def pure_deployments(game: Game) -> list[Deployment]:
    """Every joint pure deployment of the guard resources, idle units included."""
    per_resource = []
    for resource in game.resources:
        if resource.kind != "guard":
            raise MethodError("brute-force enumerates guard resources only")
        size = min(resource.count, game.n_targets)
        options = []
        for used in range(size + 1):
            for chosen in itertools.combinations(range(game.n_targets), used):
                units = tuple((t,) for t in chosen) + ((),) * (resource.count - used)
                options.append(units)
        per_resource.append(options)
    return [tuple(choice) for choice in itertools.product(*per_resource)]


@timed
def brute_force(game: Game) -> Plan:
    """Optimal plan by enumerating the whole normal form (tiny games only)."""
    work = _size(game)
    if work > MAX_BRUTE_FORCE:
        raise MethodError(
            f"brute-force would solve {work:,} deployment-profile pairs (limit "
            f"{MAX_BRUTE_FORCE:,}); it is a test oracle for tiny games"
        )
    deployments = pure_deployments(game)
    interdiction = np.array([deployment_interdiction(game, d) for d in deployments])
    best: tuple[float, FloatArray, tuple[int, ...]] | None = None
    floors_feasible = False
    for profile in itertools.product(range(game.n_targets), repeat=game.n_types):
        result = solve_linear(_profile_program(game, interdiction, profile))
        if result.status == "infeasible":
            continue
        if result.status != "optimal" or result.x is None or result.objective is None:
            raise SolverError(f"brute-force LP of profile {profile} ended with {result.status}")
        floors_feasible = True
        if best is None or result.objective > best[0]:
            best = (result.objective, result.x, profile)
    if best is None:
        if not floors_feasible:
            return Plan(
                status="infeasible",
                method="brute-force",
                message="no mixed strategy meets the min_coverage floors",
            )
        raise SolverError("brute force found no feasible profile")
    _value, weights, profile = best
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


def _size(game: Game) -> int:
    deployments = 1
    for resource in game.resources:
        size = min(resource.count, game.n_targets)
        deployments *= sum(math.comb(game.n_targets, j) for j in range(size + 1))
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
