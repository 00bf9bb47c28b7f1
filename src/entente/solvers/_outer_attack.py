"""The attacker's side of the outer master: DOBSS rows on coverage, tightened by level bounds.

Paruchuri et al. (AAMAS 2008), in the compact coverage form of ERASER
(Kiekintveld et al. 2009), with the tightening of :mod:`entente.solvers.milp`
("tight") computed on the outer master's current relaxation. For each type
``k``, with ``v_k`` the least attacker level the relaxation allows (an LP:
``min a`` s.t. ``a >= Ua(k, t, c_t)`` for all ``t``, ``c`` in the
relaxation; the true level can only be higher)::

    v_k <= a_k <= max_t Ua(k, t, lower_t)
    sum_t q[k, t] = 1               over targets with Ua(k, t, lower_t) >= v_k
    a_k >= Ua(k, t, c_t)                                    every t
    a_k <= Ua(k, t, c_t) + Ma[k, t] (1 - q[k, t])
    d_k <= Ud(k, t, c_t) + Md[k, t] (1 - q[k, t])
    d_k <= sum_t q[k, t] Ud(k, t, reach[k, t])

``reach[k, t] = min(cmax_t, (Ua_u[k, t] - v_k) / D[k, t])`` is the most
coverage ``t`` can have while type ``k`` still attacks it. Big-Ms:
``Ma = amax_k - Ua(k, t, cmax_t)``, ``Md = dmax_k - Ud(k, t, lower_t)``
with ``dmax_k = max_t Ud(k, t, reach[k, t])``: all from the payoffs and
the coverage bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model import FloatArray, Game
from entente.solvers._model_builder import ModelBuilder

__all__ = ["AttackColumns", "add_attack_rows"]


@dataclass(frozen=True)
class AttackColumns:
    """Per type: its (q column, target) pairs, its a column and its d column."""

    q: list[list[tuple[int, int]]]
    a: list[int]
    d: list[int]


def add_attack_rows(
    model: ModelBuilder,
    game: Game,
    c0: int,
    low: FloatArray,
    high: FloatArray,
    levels: FloatArray,
) -> AttackColumns:
    """Add q, a, d and their rows for every type; ``c0`` is the first coverage column."""
    au, du = game.attacker_uncovered, game.defender_uncovered
    delta_a = au - game.attacker_covered
    delta_d = game.defender_covered - du
    ua_most, ua_least = game.attacker_utility(low), game.attacker_utility(high)
    ud_least = game.defender_utility(low)
    tie = 1e-9 * game.payoff_scale()
    out = AttackColumns([], [], [])
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
        reach_row = {d: 1.0}
        for i, t in enumerate(candidates):
            c = c0 + int(t)
            m_a = a_high - float(ua_least[k, t])
            m_d = d_high - float(ud_least[k, t])
            model.row({a: 1.0, c: float(delta_a[k, t]), q + i: m_a}, upper=au[k, t] + m_a)
            model.row({d: 1.0, c: -float(delta_d[k, t]), q + i: m_d}, upper=du[k, t] + m_d)
            reach_row[q + i] = -float(ud_reach[t])
        model.row(reach_row, upper=0.0)
    return out
