"""Multiple LPs: one LP per attacker response, keep the best.

Conitzer & Sandholm, "Computing the optimal strategy to commit to", EC 2006,
on coverage vectors (the LP of each response profile is written out in
:mod:`entente.solvers.classic.profile_lp`). With several attacker types a profile
fixes one target per type, so the number of LPs grows as the product of
the types' candidate sets: practical for one type or a few small ones.

Two sound prunings, neither of which changes the answer:

- target ``t`` is a candidate response of type ``k`` only if the attacker's
  utility there at the lowest coverage, ``Ua(k, t, lower_t)``, reaches the
  lowest level the budget can enforce on type ``k`` (ORIGAMI's ``v*``);
- profiles are solved in decreasing order of their optimistic value
  ``sum_k p_k Ud(k, t_k, upper)``, stopping once it cannot beat the incumbent
  (which starts as the best single-type ORIGAMI plan, so a time limit always
  has a plan to return).

min_coverage floors are honoured (they are the LPs' lower bounds).
"""

from __future__ import annotations

import itertools

import numpy as np

from entente._exceptions import MethodError, SolverError
from entente.model import CoverageBox, FloatArray, Game, IntArray, coverage_box
from entente.solvers._timing import timed
from entente.solvers.classic.incumbent import heuristic_coverage
from entente.solvers.classic.origami import attacker_level
from entente.solvers.classic.profile_lp import solve_profile
from entente.solvers.lp.deadline import deadline_after, expired
from entente.solvers.plan import CombStrategy, Plan, plan_from_coverage

__all__ = ["MAX_PROFILES", "candidate_responses", "multiple_lps"]

MAX_PROFILES = 200_000


def candidate_responses(game: Game, box: CoverageBox) -> list[IntArray]:
    """Per type, the indices of targets that can be a best response (sound filter)."""
    tie = 1e-9 * game.payoff_scale()
    candidates = []
    for k in range(game.n_types):
        au, ac = game.attacker_uncovered[k], game.attacker_covered[k]
        level = attacker_level(au, ac, box.budget, box.effectiveness)
        highest = au - box.lower * (au - ac)
        candidates.append(np.flatnonzero(highest >= level - tie))
    return candidates


@timed
def multiple_lps(
    game: Game, *, time_limit: float | None = None, max_profiles: int = MAX_PROFILES
) -> Plan:
    """Optimal plan by enumerating attacker responses (one LP each, HiGHS)."""
    box = coverage_box(game)
    if box is None:
        raise MethodError("multiple-lps needs guard resources that pool into one coverage budget")
    reason = box.infeasibility()
    if reason is not None:
        return Plan(status="infeasible", method="multiple-lps", message=reason)
    profiles, optimistic = _ordered_profiles(game, box, max_profiles)
    deadline = deadline_after(time_limit)
    best_x, best_profile, best_value = heuristic_coverage(game, box)
    solved = 0
    for profile, bound in zip(profiles, optimistic, strict=True):
        if bound <= best_value:
            break
        if expired(deadline):
            return _finish(game, box, best_x, best_profile, "time_limit", bound, solved)
        result = solve_profile(game, box, profile)
        solved += 1
        if result.status == "optimal" and result.objective is not None and result.x is not None:
            if result.objective > best_value:
                best_value, best_x, best_profile = result.objective, result.x, list(profile)
        elif result.status != "infeasible":
            raise SolverError(f"the LP of profile {profile} ended with {result.status}")
    return _finish(game, box, best_x, best_profile, "optimal", best_value, solved)


def _ordered_profiles(
    game: Game, box: CoverageBox, max_profiles: int
) -> tuple[list[tuple[int, ...]], FloatArray]:
    candidates = candidate_responses(game, box)
    count = int(np.prod([len(c) for c in candidates], dtype=np.float64))
    if count > max_profiles:
        raise MethodError(
            f"multiple-lps would solve up to {count:,} LPs (one per response profile); "
            "use method 'milp' for this many attacker types"
        )
    best = game.defender_uncovered + box.upper * (game.defender_covered - game.defender_uncovered)
    profiles = list(itertools.product(*(c.tolist() for c in candidates)))
    optimistic = np.array(
        [sum(game.priors[k] * best[k, t] for k, t in enumerate(p)) for p in profiles]
    )
    order = np.argsort(-optimistic, kind="stable")
    return [profiles[i] for i in order], optimistic[order]


def _finish(
    game: Game,
    box: CoverageBox,
    x: FloatArray,
    profile: list[int],
    status: str,
    bound: float,
    solved: int,
) -> Plan:
    coverage = np.clip(x, box.lower, box.upper)
    message = f"{status.replace('_', ' ')} after {solved} LPs"
    return plan_from_coverage(
        game,
        coverage,
        profile,
        method="multiple-lps",
        status="optimal" if status == "optimal" else "time_limit",
        bound=bound,
        message=message,
        strategy=CombStrategy(box.marginals(coverage), box.units, box.effectiveness),
    )
