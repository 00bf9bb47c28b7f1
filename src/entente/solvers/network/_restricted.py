"""The restricted game: the defender's maximin mixture over the allocations found so far.

With ``U[k, a, j]`` the defender's utility against type ``k`` when allocation
``a`` meets the attacker's path ``j`` (any type may drive any path found)::

    max  sum_k p_k v_k
    s.t. v_k <= sum_a x_a U[k, a, j]     for every type k and path j   (dual y[k, j])
         sum_a x_a = 1,  x >= 0,  v free

The duals ``y[k, :]`` (summing to ``p_k``) are the attacker's equilibrium
mixture of type ``k``, weighted by its prior: the defender oracle answers it.

The LP stays alive in HiGHS (:class:`~entente.solvers.lp.session.LPSession`):
each round adds the new allocations as columns and the new paths as rows,
and the simplex restarts from the last basis instead of from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from entente._exceptions import SolverError
from entente.model import Allocation, FloatArray, Network
from entente.solvers.lp.deadline import Deadline, remaining
from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.session import LPSession, LPTimeLimit, RowBatch
from entente.solvers.network._graph import Path, allocation_factors, escape

__all__ = ["RestrictedGame", "RestrictedSolution"]


@dataclass(frozen=True)
class RestrictedSolution:
    """The defender's mixture ``x``, each type's value ``v`` and its prior-weighted duals ``y``."""

    x: FloatArray
    v: FloatArray
    y: FloatArray
    value: float


class RestrictedGame:
    """Allocations and paths found so far, their escape matrix, and the live LP over them.

    LP columns: ``v`` (one per type), then one ``x`` per allocation; rows: the
    convexity row, then one row ``U[k, a, j] x - v_k >= 0`` per path and type.
    """

    def __init__(
        self,
        network: Network,
        utility: tuple[FloatArray, FloatArray, FloatArray],
        allocations: list[Allocation],
        paths: list[Path],
    ) -> None:
        self.network = network
        self.covered, self.delta, self.priors = utility
        self.allocations = list(allocations)
        self.paths = list(paths)
        self.factors = allocation_factors(network, self.allocations)
        self.escape = np.column_stack([escape(self.factors, p[1]) for p in self.paths])
        n_types, n_alloc = len(self.priors), len(self.allocations)
        program = LinearProgram(
            cost=np.concatenate([self.priors, np.zeros(n_alloc)]),
            matrix=sp.csc_array(
                np.concatenate([np.zeros((1, n_types)), np.ones((1, n_alloc))], axis=1)
            ),
            row_lower=np.ones(1),
            row_upper=np.ones(1),
            col_lower=np.concatenate([np.full(n_types, -INF), np.zeros(n_alloc)]),
            col_upper=np.full(n_types + n_alloc, INF),
        )
        self._session = LPSession(program)
        self._in_lp = (n_alloc, 0)  # allocations and paths the LP holds

    def add_allocation(self, allocation: Allocation) -> bool:
        """Add ``allocation`` unless known; True if added."""
        if allocation in self.allocations:
            return False
        self.allocations.append(allocation)
        row = allocation_factors(self.network, [allocation])
        self.factors = np.vstack([self.factors, row])
        line = np.array([escape(row, p[1])[0] for p in self.paths])
        self.escape = np.vstack([self.escape, line[None, :]])
        return True

    def add_path(self, path: Path) -> bool:
        """Add ``path`` unless a path with the same target and edges is known; True if added."""
        if any(p[0] == path[0] and p[1] == path[1] for p in self.paths):
            return False
        self.paths.append(path)
        self.escape = np.hstack([self.escape, escape(self.factors, path[1])[:, None]])
        return True

    def utilities(self, allocations: slice, paths: slice) -> FloatArray:
        """``U[k, a, j]`` over the given allocations and paths."""
        targets = np.array([p[0] for p in self.paths[paths]], dtype=np.intp)
        return (
            self.covered[:, targets][:, None, :]
            - self.delta[:, targets][:, None, :] * self.escape[allocations, paths][None]
        )

    def solve(self, deadline: Deadline) -> RestrictedSolution | None:
        """The restricted LP's solution (None: out of time)."""
        self._sync()
        try:
            result = self._session.solve(remaining(deadline))
        except LPTimeLimit:
            return None
        if result is None:
            raise SolverError("the restricted game LP is infeasible")
        n_types, n_paths = len(self.priors), len(self.paths)
        v = result.x[:n_types]
        duals = np.abs(result.row_duals[1:]).reshape(n_paths, n_types).T.copy()
        for k in range(n_types):
            total = duals[k].sum()
            duals[k] = duals[k] * self.priors[k] / total if total > 0 else self.priors[k] / n_paths
        x = np.clip(result.x[n_types:], 0.0, None)
        return RestrictedSolution(x / x.sum(), v, duals, float(self.priors @ v))

    def _sync(self) -> None:
        """Hand the LP the allocations (columns) and paths (rows) it does not hold yet."""
        n_types = len(self.priors)
        known_a, known_p = self._in_lp
        n_alloc, n_paths = len(self.allocations), len(self.paths)
        if n_alloc > known_a:  # columns over the rows the LP has: convexity, then paths
            block = self.utilities(slice(known_a, n_alloc), slice(0, known_p))
            values = np.concatenate(
                [
                    np.ones((n_alloc - known_a, 1)),
                    block.transpose(1, 2, 0).reshape(-1, known_p * n_types),
                ],
                axis=1,
            )
            per = values.shape[1]
            self._session.add_columns(
                np.full(n_alloc - known_a, INF),
                np.arange(0, per * (n_alloc - known_a), per, dtype=np.int32),
                np.tile(np.arange(per, dtype=np.int32), n_alloc - known_a),
                values.ravel(),
            )
        if n_paths > known_p:  # rows over every column: -v_k, then x
            block = self.utilities(slice(0, n_alloc), slice(known_p, n_paths))
            count = (n_paths - known_p) * n_types
            coefficients = block.transpose(2, 0, 1).reshape(count, n_alloc)
            per = n_alloc + 1
            columns = np.empty((count, per), dtype=np.int32)
            columns[:, 0] = np.tile(np.arange(n_types, dtype=np.int32), n_paths - known_p)
            columns[:, 1:] = n_types + np.arange(n_alloc, dtype=np.int32)
            values = np.concatenate([-np.ones((count, 1)), coefficients], axis=1)
            self._session.add_rows(
                RowBatch(
                    np.arange(0, per * count, per, dtype=np.int32),
                    columns.ravel(),
                    values.ravel(),
                    np.zeros(count),
                )
            )
        self._in_lp = (n_alloc, n_paths)
