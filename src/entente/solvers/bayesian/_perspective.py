"""The perspective formulation of the Bayesian MILP on coverage vectors.

Casorrán, Fortz, Labbé & Ordóñez, "A study of general and security
Stackelberg game formulations", EJOR 2019, give the convex-hull
formulation of a security game: one coverage vector per (type, attacked
target), ``z[k, t, :] = c * q[k, t]``. Its LP relaxation is exact for one
type but has ``K x |candidates| x n`` columns (17,000 at 50 targets and
10 types; HiGHS needs seconds per LP). This module keeps only the diagonal
of it, ``w[k, t] = z[k, t, t] = c_t q[k, t]``, the coverage of the attacked
target, and recovers the rest of the hull by cutting planes
(:mod:`entente.solvers.bayesian._hull_cuts`). With ``D = Ua_u - Ua_c`` and
``Dd = Ud_c - Ud_u``::

    max  sum_k p_k sum_t (Ud_u[k, t] q[k, t] + Dd[k, t] w[k, t])
    s.t. sum_t c_t <= B,  lower <= c <= upper
         sum_t q[k, t] = 1                                   every k
         a_k = sum_t (Ua_u[k, t] q[k, t] - D[k, t] w[k, t])  every k
         a_k >= Ua_u[k, t] - D[k, t] c_t                     every k, t
         lower_t q[k, t] <= w[k, t] <= cmax[k, t] q[k, t]    (type k attacks t)
         c_t - upper_t (1 - q[k, t]) <= w[k, t] <= c_t
         v*_k <= a_k,  q binary

``a_k`` is type ``k``'s value: with ``q`` integral it is the attacker's
utility at the attacked target, and no target may offer more, so the
attacked target is a best response (ties go to the defender: strong
Stackelberg equilibrium). ``v*_k`` is the lowest level the budget can
enforce on type ``k`` alone (ORIGAMI), and ``cmax[k, t] = min(upper_t,
(Ua_u[k, t] - v*_k) / D[k, t])`` the most coverage ``t`` can have while
still attacked: both are bounds derived from the payoffs, no big-M.
Targets that can never be a best response (``Ua(k, t, lower_t) < v*_k``)
get no ``q``/``w`` columns. For one type, ``cmax`` alone makes the LP
relaxation exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from entente.model import CoverageBox, FloatArray, Game, IntArray
from entente.solvers.classic.origami import attacker_level
from entente.solvers.lp.highs import INF, LinearProgram

__all__ = ["PerspectiveLayout", "perspective_program", "perspective_start", "type_levels"]


@dataclass(frozen=True, eq=False)
class PerspectiveLayout:
    """Columns: ``c`` (n), ``q`` (one per type x candidate), ``w`` (same), ``a`` (K).

    ``owner[j]`` and ``target[j]`` give the type and target of candidate ``j``.
    """

    n: int
    candidates: tuple[IntArray, ...]
    owner: IntArray
    target: IntArray

    @property
    def n_q(self) -> int:
        return len(self.owner)

    @property
    def q(self) -> IntArray:
        return np.arange(self.n, self.n + self.n_q)

    @property
    def w(self) -> IntArray:
        return np.arange(self.n + self.n_q, self.n + 2 * self.n_q)

    @property
    def a(self) -> IntArray:
        return np.arange(self.n + 2 * self.n_q, self.n_cols)

    @property
    def n_cols(self) -> int:
        return self.n + 2 * self.n_q + len(self.candidates)

    def profile(self, x: FloatArray) -> list[int]:
        """The target each type attacks: its candidate with the largest ``q``."""
        q = x[self.q]
        return [
            int(self.target[np.flatnonzero(self.owner == k)[np.argmax(q[self.owner == k])]])
            for k in range(len(self.candidates))
        ]


def perspective_layout(candidates: Sequence[IntArray], n: int) -> PerspectiveLayout:
    owner = np.concatenate([np.full(len(c), k) for k, c in enumerate(candidates)]).astype(int)
    target = np.concatenate([np.asarray(c, dtype=int) for c in candidates]).astype(int)
    return PerspectiveLayout(n, tuple(np.asarray(c, dtype=int) for c in candidates), owner, target)


def type_levels(game: Game, box: CoverageBox) -> FloatArray:
    """``v*_k`` per type, lowered by the tie tolerance so rounding never cuts a solution."""
    tie = 1e-9 * game.payoff_scale()
    return np.array(
        [
            attacker_level(
                game.attacker_uncovered[k], game.attacker_covered[k], box.budget, box.effectiveness
            )
            - tie
            for k in range(game.n_types)
        ]
    )


class _Rows:
    """Blocks of rows ``lower <= A x <= upper``, each given by (row, column, value) triples."""

    def __init__(self) -> None:
        self.triples: list[tuple[IntArray, IntArray, FloatArray]] = []
        self.lower: list[FloatArray] = []
        self.upper: list[FloatArray] = []
        self.count = 0

    def add(
        self, row: IntArray, col: IntArray, val: FloatArray, lower: FloatArray, upper: FloatArray
    ) -> None:
        self.triples.append((row + self.count, col, val))
        self.lower.append(np.asarray(lower, dtype=np.float64))
        self.upper.append(np.asarray(upper, dtype=np.float64))
        self.count += len(lower)

    def matrix(self, n_cols: int) -> sp.csc_array:
        row, col, val = (np.concatenate(part) for part in zip(*self.triples, strict=True))
        return sp.csc_array(sp.coo_array((val, (row, col)), shape=(self.count, n_cols)))


def _limits(
    game: Game, box: CoverageBox, layout: PerspectiveLayout
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``v*_k`` per type, ``cmax`` per candidate and ``Ua(k, t, lower_t)`` per type and target."""
    k_of, t_of = layout.owner, layout.target
    au, delta = game.attacker_uncovered, game.attacker_uncovered - game.attacker_covered
    levels = type_levels(game, box)
    reach = np.divide(
        au[k_of, t_of] - levels[k_of],
        delta[k_of, t_of],
        out=np.array(box.upper[t_of], dtype=np.float64),
        where=delta[k_of, t_of] > 0,
    )
    cmax = np.maximum(np.minimum(box.upper[t_of], reach), box.lower[t_of])
    return levels, cmax, au - delta * box.lower


def _value_rows(
    rows: _Rows,
    game: Game,
    box: CoverageBox,
    layout: PerspectiveLayout,
    levels: FloatArray,
    highest: FloatArray,
) -> None:
    """Budget; one response per type; ``a_k`` its value; no target tempts it more."""
    n, n_types, k_of, t_of = layout.n, game.n_types, layout.owner, layout.target
    au, delta = game.attacker_uncovered, game.attacker_uncovered - game.attacker_covered
    types = np.arange(n_types)
    rows.add(
        np.zeros(n, dtype=int), np.arange(n), np.ones(n), np.array([-INF]), np.array([box.budget])
    )
    rows.add(k_of, layout.q, np.ones(layout.n_q), np.ones(n_types), np.ones(n_types))
    rows.add(  # a_k - sum (Ua_u q - D w) = 0
        np.concatenate([types, k_of, k_of]),
        np.concatenate([layout.a, layout.q, layout.w]),
        np.concatenate([np.ones(n_types), -au[k_of, t_of], delta[k_of, t_of]]),
        np.zeros(n_types),
        np.zeros(n_types),
    )
    kk, tt = np.nonzero(highest > levels[:, None])  # the rows that can bind above a's bound
    m = np.arange(len(kk))
    rows.add(
        np.concatenate([m, m]),
        np.concatenate([layout.a[kk], tt]),
        np.concatenate([np.ones(len(kk)), delta[kk, tt]]),
        au[kk, tt],
        np.full(len(kk), INF),
    )


def _attack_rows(
    rows: _Rows, box: CoverageBox, layout: PerspectiveLayout, cmax: FloatArray
) -> None:
    """``w = c_t q`` where type ``k`` attacks ``t``: ``w <= c_t``, ``w <= cmax q``,
    ``w >= c_t - upper_t (1 - q)`` and, under a floor, ``w >= lower_t q``."""
    q, w, t_of, n_q = layout.q, layout.w, layout.target, layout.n_q
    j, ones = np.arange(n_q), np.ones(n_q)
    pair, triple = np.concatenate([j, j]), np.concatenate([j, j, j])
    rows.add(
        pair,
        np.concatenate([w, t_of]),
        np.concatenate([ones, -ones]),
        np.full(n_q, -INF),
        np.zeros(n_q),
    )
    rows.add(
        pair,
        np.concatenate([w, q]),
        np.concatenate([ones, -cmax]),
        np.full(n_q, -INF),
        np.zeros(n_q),
    )
    upper = box.upper[t_of]
    rows.add(
        triple,
        np.concatenate([w, t_of, q]),
        np.concatenate([ones, -ones, -upper]),
        -upper,
        np.full(n_q, INF),
    )
    floored = np.flatnonzero(box.lower[t_of] > 0)
    f = np.arange(len(floored))
    rows.add(
        np.concatenate([f, f]),
        np.concatenate([w[floored], q[floored]]),
        np.concatenate([np.ones(len(f)), -box.lower[t_of[floored]]]),
        np.zeros(len(f)),
        np.full(len(f), INF),
    )


def perspective_program(
    game: Game, box: CoverageBox, candidates: Sequence[IntArray], *, integer: bool = True
) -> tuple[LinearProgram, PerspectiveLayout]:
    """The formulation above (``integer=False``: its LP relaxation)."""
    layout = perspective_layout(candidates, game.n_targets)
    k_of, t_of, n_q = layout.owner, layout.target, layout.n_q
    levels, cmax, highest = _limits(game, box, layout)
    rows = _Rows()
    _value_rows(rows, game, box, layout, levels, highest)
    _attack_rows(rows, box, layout, cmax)
    cost = np.zeros(layout.n_cols)
    cost[layout.q] = game.priors[k_of] * game.defender_uncovered[k_of, t_of]
    cost[layout.w] = game.priors[k_of] * (
        game.defender_covered[k_of, t_of] - game.defender_uncovered[k_of, t_of]
    )
    col_lower = np.concatenate([box.lower, np.zeros(2 * n_q), levels])
    col_upper = np.concatenate([box.upper, np.ones(n_q), cmax, np.max(highest, axis=1)])
    integrality = np.zeros(layout.n_cols, dtype=bool)
    integrality[layout.q] = True
    program = LinearProgram(
        cost=cost,
        matrix=rows.matrix(layout.n_cols),
        row_lower=np.concatenate(rows.lower),
        row_upper=np.concatenate(rows.upper),
        col_lower=col_lower,
        col_upper=np.maximum(col_upper, col_lower),
        integer=integrality if integer else None,
    )
    return program, layout


def perspective_start(
    game: Game, layout: PerspectiveLayout, coverage: FloatArray, profile: Sequence[int]
) -> FloatArray | None:
    """The columns of a plan (coverage and responses), or None if a response has no column."""
    x = np.zeros(layout.n_cols)
    x[: layout.n] = coverage
    attacker = game.attacker_utility(coverage)
    for k, t in enumerate(profile):
        position = np.flatnonzero((layout.owner == k) & (layout.target == t))
        if position.size == 0:
            return None
        x[layout.q[position[0]]] = 1.0
        x[layout.w[position[0]]] = coverage[t]
        x[layout.a[k]] = attacker[k, t]
    return x
