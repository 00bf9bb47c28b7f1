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

from entente.model import CoverageBox, Game
from entente.solvers.lp.highs import INF, LinearProgram, LinearResult, solve_linear

__all__ = ["profile_lp", "solve_profile"]


def profile_lp(game: Game, box: CoverageBox, profile: Sequence[int]) -> LinearProgram:
    """The LP for ``profile`` (one attacked target per type), built in one sparse pass."""
    n = game.n_targets
    attacked = np.asarray(profile, dtype=int)
    types = np.arange(len(attacked))
    delta = game.attacker_uncovered - game.attacker_covered
    kk, others = np.nonzero(np.arange(n)[None, :] != attacked[:, None])  # (type, t' != t_k)
    tt = attacked[kk]
    m = len(kk)
    matrix = sp.csc_array(
        sp.coo_array(
            (
                np.concatenate([delta[kk, tt], -delta[kk, others], np.ones(n)]),
                (
                    np.concatenate([np.arange(m), np.arange(m), np.full(n, m)]),
                    np.concatenate([tt, others, np.arange(n)]),
                ),
            ),
            shape=(m + 1, n),
        )
    )
    row_upper = np.append(
        game.attacker_uncovered[kk, tt] - game.attacker_uncovered[kk, others], box.budget
    )
    gain = game.defender_covered[types, attacked] - game.defender_uncovered[types, attacked]
    cost = np.zeros(n)
    np.add.at(cost, attacked, game.priors * gain)
    constant = float(np.dot(game.priors, game.defender_uncovered[types, attacked]))
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
