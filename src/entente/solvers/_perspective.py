"""The perspective formulation of the Bayesian MILP on coverage vectors.

Casorrán, Fortz, Labbé & Ordóñez, "A study of general and security
Stackelberg game formulations", EJOR 2019, give the convex-hull
formulation of a security game: one coverage vector per (type, attacked
target), ``z[k, t, :] = c * q[k, t]``. Its LP relaxation is exact for one
type but has ``K x |candidates| x n`` columns (17,000 at 50 targets and
10 types; HiGHS needs seconds per LP). This module keeps only the diagonal
of it, ``w[k, t] = z[k, t, t] = c_t q[k, t]``, the coverage of the attacked
target, and recovers the rest of the hull by cutting planes
(:mod:`entente.solvers._hull_cuts`). With ``D = Ua_u - Ua_c`` and
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
from entente.solvers._highs import INF, LinearProgram
from entente.solvers.origami import attacker_level

__all__ = ["PerspectiveLayout", "perspective_program", "perspective_start"]


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


def _levels(game: Game, box: CoverageBox) -> FloatArray:
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


def perspective_program(
    game: Game, box: CoverageBox, candidates: Sequence[IntArray], *, integer: bool = True
) -> tuple[LinearProgram, PerspectiveLayout]:
    """The formulation above (``integer=False``: its LP relaxation)."""
    layout = perspective_layout(candidates, game.n_targets)
    n, n_q, n_types = layout.n, layout.n_q, game.n_types
    k_of, t_of = layout.owner, layout.target
    au, d_att = game.attacker_uncovered, game.attacker_uncovered - game.attacker_covered
    du, d_def = game.defender_uncovered, game.defender_covered - game.defender_uncovered
    levels = _levels(game, box)
    reach = np.divide(
        au[k_of, t_of] - levels[k_of],
        d_att[k_of, t_of],
        out=np.array(box.upper[t_of], dtype=np.float64),
        where=d_att[k_of, t_of] > 0,
    )
    cmax = np.maximum(np.minimum(box.upper[t_of], reach), box.lower[t_of])
    highest = au - d_att * box.lower  # attacker's utility at the least coverage

    q, w, a = layout.q, layout.w, layout.a
    j = np.arange(n_q)
    blocks: list[tuple[IntArray, IntArray, FloatArray]] = []
    lower: list[FloatArray] = []
    upper: list[FloatArray] = []
    rows = 0

    def add(row: IntArray, col: IntArray, val: FloatArray, lo: FloatArray, hi: FloatArray) -> None:
        nonlocal rows
        blocks.append((row + rows, col, val))
        lower.append(lo)
        upper.append(hi)
        rows += len(lo)

    one, zero = np.ones, np.zeros
    add(zero(n, dtype=int), np.arange(n), one(n), np.array([-INF]), np.array([box.budget]))
    add(k_of, q, one(n_q), one(n_types), one(n_types))
    add(  # a_k - sum (Ua_u q - D w) = 0
        np.concatenate([np.arange(n_types), k_of, k_of]),
        np.concatenate([a, q, w]),
        np.concatenate([one(n_types), -au[k_of, t_of], d_att[k_of, t_of]]),
        zero(n_types),
        zero(n_types),
    )
    kk, tt = np.nonzero(highest > levels[:, None])  # rows that can bind above a's bound
    m = len(kk)
    add(
        np.concatenate([np.arange(m), np.arange(m)]),
        np.concatenate([a[kk], tt]),
        np.concatenate([one(m), d_att[kk, tt]]),
        au[kk, tt],
        np.full(m, INF),
    )
    add(
        np.concatenate([j, j]),
        np.concatenate([w, t_of]),
        np.concatenate([one(n_q), -one(n_q)]),
        np.full(n_q, -INF),
        zero(n_q),
    )
    add(
        np.concatenate([j, j]),
        np.concatenate([w, q]),
        np.concatenate([one(n_q), -cmax]),
        np.full(n_q, -INF),
        zero(n_q),
    )
    add(  # w >= c_t - upper_t (1 - q)
        np.concatenate([j, j, j]),
        np.concatenate([w, t_of, q]),
        np.concatenate([one(n_q), -one(n_q), -box.upper[t_of]]),
        -box.upper[t_of],
        np.full(n_q, INF),
    )
    floored = np.flatnonzero(box.lower[t_of] > 0)
    f = len(floored)
    add(
        np.concatenate([np.arange(f), np.arange(f)]),
        np.concatenate([w[floored], q[floored]]),
        np.concatenate([one(f), -box.lower[t_of[floored]]]),
        zero(f),
        np.full(f, INF),
    )

    cost = np.zeros(layout.n_cols)
    cost[q] = game.priors[k_of] * du[k_of, t_of]
    cost[w] = game.priors[k_of] * d_def[k_of, t_of]
    col_lower = np.concatenate([box.lower, zero(n_q), zero(n_q), levels])
    col_upper = np.concatenate([box.upper, one(n_q), cmax, np.max(highest, axis=1)])
    matrix = sp.csc_array(
        sp.coo_array(
            (
                np.concatenate([b[2] for b in blocks]),
                (np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks])),
            ),
            shape=(rows, layout.n_cols),
        )
    )
    integrality = np.zeros(layout.n_cols, dtype=bool)
    integrality[q] = integer
    program = LinearProgram(
        cost=cost,
        matrix=matrix,
        row_lower=np.concatenate(lower),
        row_upper=np.concatenate(upper),
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
