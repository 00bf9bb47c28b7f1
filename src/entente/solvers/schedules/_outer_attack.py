"""The attacker's side of the outer master: the perspective rows on coverage, tightened by levels.

The DOBSS choice of one attacked target per type (Paruchuri et al., AAMAS
2008), in the coverage form of ERASER (Kiekintveld et al. 2009) and the
perspective form of :mod:`entente.solvers.bayesian._perspective` (Casorrán et al.,
EJOR 2019): ``w[k, t] = c_t q[k, t]`` is the coverage of the attacked
target, so no big-M is needed. For each type ``k``, with ``v_k`` the least
attacker level the outer master's relaxation allows (an LP: ``min a`` s.t.
``a >= Ua(k, t, c_t)`` for all ``t``; the true level can only be higher)::

    v_k <= a_k <= max_t Ua(k, t, lower_t)
    sum_t q[k, t] = 1               over targets with Ua(k, t, lower_t) >= v_k
    a_k >= Ua(k, t, c_t)                                    every t
    a_k = sum_t (Ua_u[k, t] q[k, t] - D[k, t] w[k, t])
    d_k <= sum_t (Ud_u[k, t] q[k, t] + Dd[k, t] w[k, t])
    lower_t q[k, t] <= w[k, t] <= reach[k, t] q[k, t]
    c_t - upper_t (1 - q[k, t]) <= w[k, t] <= c_t

``reach[k, t] = min(cmax_t, (Ua_u[k, t] - v_k) / D[k, t])`` is the most
coverage ``t`` can have while type ``k`` still attacks it. Measured on
channel-coast (105 targets, 2 types): the big-M form these rows replace
took 3-4.7 s per outer MILP with one drone group grounded (22 s in all),
this form 0.7-1.2 s (6.6 s); the built-in scenario went from 2.1 s to 1.2 s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model import FloatArray, Game
from entente.solvers.lp.builder import ModelBuilder

__all__ = ["AttackColumns", "add_attack_rows"]


@dataclass(frozen=True)
class AttackColumns:
    """Per type: its (q column, target) pairs, a column, d column and w columns (as q)."""

    q: list[list[tuple[int, int]]]
    a: list[int]
    d: list[int]
    w: list[list[int]]


def add_attack_rows(
    model: ModelBuilder,
    game: Game,
    c0: int,
    low: FloatArray,
    high: FloatArray,
    levels: FloatArray,
) -> AttackColumns:
    """Add q, w, a, d and their rows for every type; ``c0`` is the first coverage column."""
    au, du = game.attacker_uncovered, game.defender_uncovered
    delta_a = au - game.attacker_covered
    delta_d = game.defender_covered - du
    ua_most, ua_least = game.attacker_utility(low), game.attacker_utility(high)
    ud_least = game.defender_utility(low)
    tie = 1e-9 * game.payoff_scale()
    out = AttackColumns([], [], [], [])
    for k in range(game.n_types):
        level = max(float(levels[k]), float(np.max(ua_least[k])))
        candidates = np.flatnonzero(ua_most[k] >= level - tie)
        reach = np.minimum(
            high,
            np.divide(au[k] - level, delta_a[k], out=high.copy(), where=delta_a[k] > 0),
        )
        reach = np.maximum(reach, low)
        ud_reach = du[k] + reach * delta_d[k]
        d_low = float(np.min(ud_least[k, candidates]))
        d_high = max(float(np.max(ud_reach[candidates])), d_low)
        a_high = max(float(np.max(ua_most[k])), level)
        a = model.columns(1, level, a_high)
        d = model.columns(1, d_low, d_high, cost=float(game.priors[k]))
        q = model.columns(len(candidates), 0.0, 1.0, integer=True)
        out.a.append(a)
        out.d.append(d)
        out.q.append([(q + i, int(t)) for i, t in enumerate(candidates)])
        model.row({q + i: 1.0 for i in range(len(candidates))}, 1.0, 1.0)
        for t in np.flatnonzero(ua_most[k] > level):  # a_k >= Ua(k, t, c_t)
            model.row({a: 1.0, c0 + int(t): float(delta_a[k, t])}, lower=float(au[k, t]))
        w = model.columns(len(candidates), 0.0, float(np.max(high)))
        out.w.append([w + i for i in range(len(candidates))])
        value_row = {a: -1.0}
        defender_row = {d: 1.0}
        for i, t in enumerate(candidates):
            c, qi, wi = c0 + int(t), q + i, w + i
            # w = c_t q: the coverage of the attacked target (perspective, no big-M)
            model.row({wi: 1.0, qi: -float(low[t])}, lower=0.0)
            model.row({wi: 1.0, qi: -float(reach[t])}, upper=0.0)
            model.row({wi: 1.0, c: -1.0}, upper=0.0)
            model.row({wi: 1.0, c: -1.0, qi: -float(high[t])}, lower=-float(high[t]))
            value_row[qi] = float(au[k, t])
            value_row[wi] = -float(delta_a[k, t])
            defender_row[qi] = -float(du[k, t])
            defender_row[wi] = -float(delta_d[k, t])
        model.row(value_row, 0.0, 0.0)  # a_k = sum_t Ua(k, t, c_t) q[k, t]
        model.row(defender_row, upper=0.0)  # d_k <= sum_t Ud(k, t, c_t) q[k, t]
    return out
