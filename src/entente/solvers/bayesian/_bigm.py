"""The big-M formulations of the Bayesian MILP: ``naive`` and ``tight``.

Paruchuri et al., "Playing games for security: an efficient exact algorithm
for solving Bayesian Stackelberg games", AAMAS 2008 (DOBSS), in the compact
coverage form of Kiekintveld et al. 2009 (ERASER). Variables: coverage
``c``, a binary ``q[k, t]`` per type and candidate target (type ``k``
attacks ``t``), the attacker's value ``a[k]`` and the defender's ``d[k]``::

    max  sum_k p_k d_k
    s.t. sum_t c_t <= B,  lower <= c <= upper
         sum_t q[k, t] = 1                                      every k
         a_k >= Ua(k, t, c_t)                                   every k, t
         a_k <= Ua(k, t, c_t) + Ma[k, t] (1 - q[k, t])          every k, t
         d_k <= Ud(k, t, c_t) + Md[k, t] (1 - q[k, t])          every k, t

Big-M constants come from the payoffs, never from a fixed number:
``Ma[k, t] = amax_k - Ua(k, t, upper_t)`` and ``Md[k, t] = dmax_k -
Ud(k, t, lower_t)``, where ``amax``/``dmax`` bound ``a``/``d`` from above.

``naive``
    every target gets a binary; ``a`` and ``d`` are bounded by the payoff
    ranges alone (the DOBSS-style baseline).
``tight``
    per-type bounds from single-type solutions: ``a_k >= v*_k``, the
    lowest level the budget can enforce on type ``k`` (ORIGAMI), so targets
    with ``Ua(k, t, lower_t) < v*_k`` can never be attacked and lose their
    binary and rows; ``d_k <= V_k``, the defender's value against type ``k``
    alone; and the valid inequality ``d_k <= sum_t q[k, t] Ud(k, t, cmax[k, t])``,
    where ``cmax[k, t] = min(upper_t, (Ua_u - v*_k) / D)`` is the most
    coverage ``t`` can have while type ``k`` still attacks it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model import CoverageBox, FloatArray, Game, IntArray
from entente.solvers.classic.origami import attacker_level
from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.rows import Row, program_from_rows

__all__ = ["BigMLayout", "big_m_profile", "big_m_program", "big_m_start"]


@dataclass(frozen=True)
class BigMLayout:
    """Column positions: c, then q per (type, candidate), then a, then d."""

    n: int
    candidates: list[IntArray]

    @property
    def q_start(self) -> list[int]:
        sizes = [len(c) for c in self.candidates]
        return list(self.n + np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int))

    @property
    def n_q(self) -> int:
        return sum(len(c) for c in self.candidates)

    def a(self, k: int) -> int:
        return self.n + self.n_q + k

    def d(self, k: int) -> int:
        return self.n + self.n_q + len(self.candidates) + k

    @property
    def n_cols(self) -> int:
        return self.n + self.n_q + 2 * len(self.candidates)


def big_m_program(
    game: Game,
    box: CoverageBox,
    layout: BigMLayout,
    type_bounds: FloatArray,
    *,
    tight: bool,
) -> LinearProgram:
    """The ``naive`` (``tight=False``) or ``tight`` MILP; ``type_bounds`` are the ``V_k``."""
    n, n_types = game.n_targets, game.n_types
    ua_low = game.attacker_utility(box.upper)  # attacker's utility at the most coverage
    ua_high = game.attacker_utility(box.lower)
    ud_low = game.defender_utility(box.lower)
    delta_a = game.attacker_uncovered - game.attacker_covered
    delta_d = game.defender_covered - game.defender_uncovered

    rows: list[Row] = []
    rows.append((list(range(n)), [1.0] * n, -INF, box.budget))
    col_lower = np.concatenate([box.lower, np.zeros(layout.n_q), np.empty(2 * n_types)])
    col_upper = np.concatenate([box.upper, np.ones(layout.n_q), np.empty(2 * n_types)])
    cost = np.zeros(layout.n_cols)
    for k in range(n_types):
        cand = layout.candidates[k].astype(int)
        q0 = layout.q_start[k]
        a, d = layout.a(k), layout.d(k)
        a_low, a_high, d_high = _value_bounds(game, box, k, float(type_bounds[k]), tight=tight)
        d_low = float(np.min(ud_low[k, cand]))
        col_lower[a], col_upper[a] = a_low, a_high
        col_lower[d], col_upper[d] = d_low, max(d_high, d_low)
        cost[d] = game.priors[k]
        q_cols = list(range(q0, q0 + len(cand)))
        rows.append((q_cols, [1.0] * len(cand), 1.0, 1.0))
        # a_k >= Ua(k, t, c_t): needed only where it can bind (above a's lower bound)
        binding = np.flatnonzero(ua_high[k] > a_low) if tight else np.arange(n)
        for t in binding:
            rows.append(
                (
                    [a, int(t)],
                    [1.0, float(delta_a[k, t])],
                    float(game.attacker_uncovered[k, t]),
                    INF,
                )
            )
        for j, t in enumerate(cand):
            m_a = a_high - float(ua_low[k, t])
            m_d = max(d_high, d_low) - float(ud_low[k, t])
            au, du = float(game.attacker_uncovered[k, t]), float(game.defender_uncovered[k, t])
            rows.append(([a, int(t), q0 + j], [1.0, float(delta_a[k, t]), m_a], -INF, au + m_a))
            rows.append(([d, int(t), q0 + j], [1.0, -float(delta_d[k, t]), m_d], -INF, du + m_d))
        if tight:
            rows.append(_best_there_row(game, box, k, cand, a_low, d, q_cols))
    integer = np.zeros(layout.n_cols, dtype=bool)
    integer[layout.n : layout.n + layout.n_q] = True
    return program_from_rows(rows, cost, col_lower, col_upper, integer)


def _value_bounds(
    game: Game, box: CoverageBox, k: int, alone: float, *, tight: bool
) -> tuple[float, float, float]:
    """Bounds on ``a_k`` (low, high) and ``d_k`` (high): ORIGAMI's level and
    the type's separate optimum ``alone`` if ``tight``, else the payoff ranges."""
    if not tight:
        return (
            float(np.min(game.attacker_covered[k])),
            float(np.max(game.attacker_uncovered[k])),
            float(np.max(game.defender_covered[k])),
        )
    au, ac = game.attacker_uncovered[k], game.attacker_covered[k]
    level = attacker_level(au, ac, box.budget, box.effectiveness)
    return level, float(np.max(au - box.lower * (au - ac))), alone


def _best_there_row(
    game: Game, box: CoverageBox, k: int, cand: IntArray, level: float, d: int, q_cols: list[int]
) -> Row:
    """``d_k <= sum_t q[k, t] Ud(k, t, cmax[k, t])``."""
    delta = game.attacker_uncovered[k, cand] - game.attacker_covered[k, cand]
    reach = np.divide(
        game.attacker_uncovered[k, cand] - level,
        delta,
        out=np.array(box.upper[cand], dtype=np.float64),
        where=delta > 0,
    )
    reach = np.maximum(np.minimum(box.upper[cand], reach), box.lower[cand])
    gain = game.defender_covered[k, cand] - game.defender_uncovered[k, cand]
    best_there = game.defender_uncovered[k, cand] + reach * gain
    return ([d, *q_cols], [1.0, *(-best_there).tolist()], -INF, 0.0)


def big_m_start(
    game: Game, layout: BigMLayout, coverage: FloatArray, responses: list[int]
) -> FloatArray | None:
    """The heuristic plan as a MIP start, or None if a response lost its binary."""
    x = np.zeros(layout.n_cols)
    x[: layout.n] = coverage
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    for k, t in enumerate(responses):
        position = np.flatnonzero(layout.candidates[k] == t)
        if position.size == 0:
            return None
        x[layout.q_start[k] + int(position[0])] = 1.0
        x[layout.a(k)] = attacker[k].max()
        x[layout.d(k)] = defender[k, t]
    return x


def big_m_profile(layout: BigMLayout, x: FloatArray) -> list[int]:
    """The target each type attacks in the MILP solution ``x``."""
    profile = []
    for k, candidates in enumerate(layout.candidates):
        q = x[layout.q_start[k] : layout.q_start[k] + len(candidates)]
        profile.append(int(candidates[int(np.argmax(q))]))
    return profile
