"""The LP behind multiple LPs: fix the target each type attacks, optimise coverage.

Conitzer & Sandholm, "Computing the optimal strategy to commit to", EC 2006,
restated on coverage vectors (Kiekintveld et al. 2009). For a response
profile ``(t_1, ..., t_K)``::

    max   sum_k p_k (Ud_u[k, t_k] + (Ud_c[k, t_k] - Ud_u[k, t_k]) c[t_k])
    s.t.  Ua(k, t', c) <= Ua(k, t_k, c)          for every type k, target t' != t_k
          lower <= c <= upper,   sum(c) <= budget

The attacker's constraint, with ``D = Ua_u - Ua_c``, is the row
``D[k, t_k] c[t_k] - D[k, t'] c[t'] <= Ua_u[k, t_k] - Ua_u[k, t']``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from entente.model import CoverageBox, FloatArray, Game
from entente.solvers._highs import INF, LinearProgram, LinearResult, solve_linear

__all__ = ["profile_lp", "solve_profile"]


def profile_lp(game: Game, box: CoverageBox, profile: Sequence[int]) -> LinearProgram:
    """The LP for ``profile`` (one attacked target per type)."""
    n = game.n_targets
    delta = game.attacker_uncovered - game.attacker_covered
    rows: list[sp.coo_array] = []
    upper: list[FloatArray] = []
    cost = np.zeros(n)
    constant = 0.0
    for k, t in enumerate(profile):
        others = np.delete(np.arange(n), t)
        m = len(others)
        coo = sp.coo_array(
            (
                np.concatenate([np.full(m, delta[k, t]), -delta[k, others]]),
                (
                    np.concatenate([np.arange(m), np.arange(m)]),
                    np.concatenate([np.full(m, t), others]),
                ),
            ),
            shape=(m, n),
        )
        rows.append(coo)
        upper.append(game.attacker_uncovered[k, t] - game.attacker_uncovered[k, others])
        gain = game.defender_covered[k, t] - game.defender_uncovered[k, t]
        cost[t] += game.priors[k] * gain
        constant += game.priors[k] * game.defender_uncovered[k, t]
    rows.append(sp.coo_array(np.ones((1, n))))
    upper.append(np.array([box.budget]))
    matrix = sp.vstack(rows, format="csc")
    row_upper = np.concatenate(upper)
    return LinearProgram(
        cost=cost,
        matrix=matrix,
        row_lower=np.full(len(row_upper), -INF),
        row_upper=row_upper,
        col_lower=np.asarray(box.lower, dtype=np.float64),
        col_upper=np.asarray(box.upper, dtype=np.float64),
        offset=constant,
    )


def solve_profile(game: Game, box: CoverageBox, profile: Sequence[int]) -> LinearResult:
    """Solve the LP of ``profile``; objective and bound include the constant term."""
    return solve_linear(profile_lp(game, box, profile))
