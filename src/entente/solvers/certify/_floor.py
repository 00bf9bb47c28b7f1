"""A floor under a plan's bound: plans found here, by other means, that no valid bound is below.

The certificate cannot re-solve a Bayesian game (it is NP-hard: Conitzer &
Sandholm 2006), so a bound, and with it an ``optimal`` claim, rests on the
solver's search. This check looks cheaply for a better plan with code of its
own: each type's separate optimum (bisection on its level), then a local
search that fixes the profile of targets the types attack and solves that
profile's LP (the multiple-LPs idea of Conitzer & Sandholm, over types as in
DOBSS) with a strict margin, so the profile is each type's *unique* best
response. Every candidate is valued with ties broken *against* the
defender: a value the optimum is at least, whatever the rounding. A bound
below one of them is wrong.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from entente.model import CoverageBox, FloatArray, Game, IntArray
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear

__all__ = ["bound_floor", "guaranteed_value", "separate_coverage"]

MARGIN = 1e-7
"""How much (unit game) a profile's target must beat every other for its type."""
TIE = 1e-9
"""Attacker utilities (unit game) this close count as a tie when guessing a profile."""
LPS_PER_TYPE = 3
"""Profile LPs at most per type (each a few milliseconds): one per start, the rest to climb."""
NEXT = 3
"""A type may move to this many of its next-best targets in the local search."""


def bound_floor(game: Game, box: CoverageBox) -> float:
    """The best guaranteed value of the plans this module finds (the bound must not be below).

    Each type's separate optimum guesses a profile; the best of their LPs
    climbs with the LPs left.
    """
    budget = [LPS_PER_TYPE * game.n_types]
    starts = []
    for k in range(game.n_types):
        start = _fit(separate_coverage(game, box, k)[0], box)
        if start is not None:
            profile = _profile(game, start)
            coverage, value = _solve(game, box, profile, budget)
            if coverage is not None:
                starts.append((value, k, profile, coverage))
    if not starts:
        return -np.inf
    value, _, profile, coverage = max(starts, key=lambda s: (s[0], -s[1]))
    return _climb(game, box, profile, coverage, value, budget)


def guaranteed_value(game: Game, coverage: FloatArray) -> float:
    """The prior-weighted value of ``coverage`` if every exact tie goes against the defender."""
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    best = attacker >= attacker.max(axis=1, keepdims=True)
    worst = np.where(best, defender, np.inf).min(axis=1)
    return float(game.priors @ worst)


def separate_coverage(game: Game, box: CoverageBox, k: int) -> tuple[FloatArray, float]:
    """Type ``k``'s optimal coverage on its own, floors ignored, and the level it holds.

    Bisection on the attacker's level ``v``: the cost of holding every target
    at or below ``v`` is ``sum_t clip((Ua_u - v) / D, 0, e)``; the lowest
    affordable level, at least ``max_t Ua(t, e)``, fixes the coverage. What
    the budget leaves over goes to targets coverage does not move.
    """
    au, ac = game.attacker_uncovered[k], game.attacker_covered[k]
    e, budget = box.effectiveness, box.budget
    delta = au - ac
    movable = delta > 0

    def cost(v: float) -> float:
        need = np.divide(au - v, delta, out=np.zeros_like(au), where=movable)
        return float(np.sum(np.clip(need, 0.0, e)))

    low = float(np.max(au - e * delta))
    high = float(np.max(au))
    if cost(low) > budget:
        resolution = 1e-14 * game.payoff_scale()
        while high - low > resolution:
            mid = 0.5 * (low + high)
            if cost(mid) > budget:
                low = mid
            else:
                high = mid
        level = high
    else:
        level = low
    coverage = np.clip(np.divide(au - level, delta, out=np.zeros_like(au), where=movable), 0.0, e)
    leftover = max(budget - float(np.sum(coverage)), 0.0)
    return np.where(movable, coverage, min(e, leftover)), level


def _fit(coverage: FloatArray, box: CoverageBox) -> FloatArray | None:
    """``coverage`` raised to the floors and within the caps, or None if that breaks the budget."""
    fitted = np.clip(coverage, box.lower, box.upper)
    spare = float(np.sum(fitted)) - box.budget
    if spare > 0:  # give back what the floors took, from what lies above them
        above = fitted - box.lower
        if float(np.sum(above)) <= spare:
            return None
        fitted = box.lower + above * (1.0 - spare / float(np.sum(above)))
    return fitted if float(np.sum(fitted)) <= box.budget else None


def _climb(
    game: Game,
    box: CoverageBox,
    profile: IntArray,
    coverage: FloatArray,
    value: float,
    budget: list[int],
) -> float:
    """Hill-climb over profiles: move one type to one of its next-best targets while it pays."""
    improved = True
    while improved and budget[0] > 0:
        improved = False
        for k, t in _moves(game, coverage, profile):
            trial = profile.copy()
            trial[k] = t
            found, found_value = _solve(game, box, trial, budget)
            if found is not None and found_value > value:
                coverage, profile, value, improved = found, trial, found_value, True
                break
            if budget[0] <= 0:
                break
    return value


def _moves(game: Game, coverage: FloatArray, profile: IntArray) -> list[tuple[int, int]]:
    """Each type's ``NEXT`` best targets after its own, nearest first across types."""
    attacker = game.attacker_utility(coverage)
    order = np.argsort(-attacker, axis=1, kind="stable")
    moves = []
    for k in range(game.n_types):
        others = order[k][order[k] != profile[k]][:NEXT]
        moves += [(attacker[k, profile[k]] - attacker[k, t], k, int(t)) for t in others]
    return [(k, t) for _, k, t in sorted(moves)]


def _solve(
    game: Game, box: CoverageBox, profile: IntArray, budget: list[int]
) -> tuple[FloatArray | None, float]:
    """The profile's LP optimum and its guaranteed value (-inf if the LP has none)."""
    budget[0] -= 1
    coverage = _profile_optimum(game, box, profile)
    if coverage is None:
        return None, -np.inf
    return coverage, guaranteed_value(game, coverage)


def _profile(game: Game, coverage: FloatArray) -> IntArray:
    """Each type's target: the defender's favourite among those within ``TIE`` of its best.

    A profile is only a guess for the LP, which then makes it strict.
    """
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    best = attacker >= attacker.max(axis=1, keepdims=True) - TIE
    return np.asarray(np.where(best, defender, -np.inf).argmax(axis=1), dtype=np.int64)


def _profile_optimum(game: Game, box: CoverageBox, profile: IntArray) -> FloatArray | None:
    """The coverage best for the defender with each type ``k`` attacking ``profile[k]`` alone.

    Maximise ``sum_k p_k Ud(k, t_k, c)`` subject to ``Ua(k, t_k, c) >=
    Ua(k, t, c) + MARGIN`` for every other ``t``, inside the box, with a
    budget a hair under the box's so that rounding cannot break it.
    """
    n, types = game.n_targets, np.arange(game.n_types)
    delta_a = game.attacker_uncovered - game.attacker_covered
    gain_d = game.defender_covered - game.defender_uncovered
    objective = np.zeros(n)
    np.add.at(objective, profile, game.priors * gain_d[types, profile])
    # Ua(k, s) + MARGIN <= Ua(k, t_k):  D_kt c_t - D_ks c_s <= au_kt - au_ks - MARGIN, s != t_k
    k, s = np.nonzero(np.arange(n) != profile[:, None])
    t = profile[k]
    m = len(k)
    rows = sp.csc_array(
        (
            np.concatenate([delta_a[k, t], -delta_a[k, s], np.ones(n)]),
            (
                np.concatenate([np.arange(m), np.arange(m), np.full(n, m)]),
                np.concatenate([t, s, np.arange(n)]),
            ),
        ),
        shape=(m + 1, n),
    )
    au = game.attacker_uncovered
    limits = np.append(au[k, t] - au[k, s] - MARGIN, box.budget * (1.0 - 1e-9))
    program = LinearProgram(
        cost=objective,
        matrix=rows,
        row_lower=np.full(m + 1, -INF),
        row_upper=limits,
        col_lower=box.lower,
        col_upper=box.upper,
    )
    result = solve_linear(program)
    if result.status != "optimal" or result.x is None:
        return None
    return _fit(result.x, box)
