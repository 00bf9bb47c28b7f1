"""The restricted game: the defender's maximin mixture over the allocations found so far.

With ``U[k, a, j]`` the defender's utility against type ``k`` when allocation
``a`` meets the attacker's path ``j`` (any type may drive any path found)::

    max  sum_k p_k v_k
    s.t. v_k <= sum_a x_a U[k, a, j]     for every type k and path j   (dual y[k, j])
         sum_a x_a = 1,  x >= 0,  v free

The duals ``y[k, :]`` (summing to ``p_k``) are the attacker's equilibrium
mixture of type ``k``, weighted by its prior: the defender oracle answers it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from entente._exceptions import SolverError
from entente.model import FloatArray
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear

__all__ = ["RestrictedSolution", "solve_restricted"]


@dataclass(frozen=True)
class RestrictedSolution:
    """The defender's mixture ``x``, each type's value ``v`` and its prior-weighted duals ``y``."""

    x: FloatArray
    v: FloatArray
    y: FloatArray
    value: float


def solve_restricted(
    utilities: FloatArray, priors: FloatArray, time_limit: float | None
) -> RestrictedSolution | None:
    """Solve the restricted LP (None: out of time); ``utilities`` is (types, allocations, paths)."""
    n_types, n_alloc, n_paths = utilities.shape
    rows = n_types * n_paths
    # columns: x (n_alloc), then v (n_types); rows: v_k - U x <= 0, then sum x = 1
    blocks = -utilities.transpose(0, 2, 1).reshape(rows, n_alloc)
    v_part = np.kron(np.eye(n_types), np.ones((n_paths, 1)))
    top = np.hstack([blocks, v_part])
    bottom = np.hstack([np.ones((1, n_alloc)), np.zeros((1, n_types))])
    matrix = sp.csc_array(np.vstack([top, bottom]))
    program = LinearProgram(
        cost=np.concatenate([np.zeros(n_alloc), priors]),
        matrix=matrix,
        row_lower=np.concatenate([np.full(rows, -INF), [1.0]]),
        row_upper=np.concatenate([np.zeros(rows), [1.0]]),
        col_lower=np.concatenate([np.zeros(n_alloc), np.full(n_types, -INF)]),
        col_upper=np.full(n_alloc + n_types, INF),
    )
    result = solve_linear(program, time_limit=time_limit)
    if result.status == "time_limit":
        return None
    if result.status != "optimal" or result.x is None or result.duals is None:
        raise SolverError(f"the restricted game LP ended with status {result.status!r}")
    col = result.x
    duals = np.abs(result.duals[:rows]).reshape(n_types, n_paths)
    for k in range(n_types):
        total = duals[k].sum()
        duals[k] = duals[k] * priors[k] / total if total > 0 else priors[k] / n_paths
    x = np.clip(col[:n_alloc], 0.0, None)
    x /= x.sum()
    return RestrictedSolution(x, col[n_alloc:], duals, float(priors @ col[n_alloc:]))
