"""One LP kept alive in HiGHS and re-solved after small changes.

Branch-and-cut solves thousands of LPs that differ from the previous one by
a few column bounds or a few added rows; column generation's restricted
master by a few added columns and costs. HiGHS then restarts the simplex
from the last basis instead of from scratch. Everything else (the
silenced file descriptor, explicit status mapping) is as in
:mod:`entente.solvers.lp.highs`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from entente._exceptions import SolverError
from entente.model import FloatArray
from entente.solvers.lp.highs import INF, LinearProgram, _to_highs_lp, new_highs

__all__ = ["Basis", "LPSession", "LPSolution", "LPTimeLimit", "Probe", "RowBatch"]


class LPTimeLimit(Exception):
    """The time limit passed before the LP was solved; the session keeps its last basis."""


@dataclass(frozen=True)
class LPSolution:
    """An optimal LP solution: primal values, objective, reduced costs and row duals."""

    x: FloatArray
    objective: float
    reduced_costs: FloatArray
    row_duals: FloatArray


@dataclass(frozen=True)
class RowBatch:
    """Rows ``lower <= A x`` in compressed-row form, to append to an LP."""

    starts: npt.NDArray[np.int32]
    columns: npt.NDArray[np.int32]
    values: FloatArray
    lower: FloatArray

    @property
    def count(self) -> int:
        return len(self.lower)


@dataclass(frozen=True)
class Probe:
    """A quick look at a nearby LP (:meth:`LPSession.probe`): ``objective`` is
    -inf when it is infeasible or cannot end above the cutoff; ``solved`` tells
    whether it is the optimum (a bound) or, after the iteration cap, the dual
    simplex's objective so far (an estimate)."""

    objective: float
    solved: bool


@dataclass(eq=False)
class Basis:
    """A copy of the session's simplex basis with ``rows`` rows (extended in place
    when the session has grown: the list conversion costs more than the solve)."""

    highs: highspy.HighsBasis
    rows: int


class LPSession:
    """A maximisation LP held by HiGHS (no integrality), changed in place.

    ``primal=True`` keeps the basis for added columns: no presolve, and the
    primal simplex (added columns leave the basis primal feasible).
    ``confirm=False`` takes a warm solve's "infeasible" without re-solving
    from scratch: for heuristics, where a missed point costs nothing and
    the warm basis is worth keeping. ``devex=True`` prices the dual simplex
    by Devex weights: after :meth:`set_basis` HiGHS would otherwise recompute
    exact steepest-edge weights, which cost more than the few dozen
    iterations a branch-and-bound child needs (measured: 30 % less CPU per node).
    """

    def __init__(
        self,
        program: LinearProgram,
        *,
        primal: bool = False,
        confirm: bool = True,
        devex: bool = False,
    ) -> None:
        self._confirm = confirm
        self._highs = new_highs()  # entente's tolerances and pinned threads
        if devex:
            self._highs.setOptionValue("simplex_dual_edge_weight_strategy", 1)
        self._presolve = "off" if primal else "choose"
        self._highs.setOptionValue("presolve", self._presolve)
        if primal:
            self._highs.setOptionValue("simplex_strategy", 4)
        # held as the minimisation of -cost: HiGHS 1.16 honours a cutoff
        # (``objective_bound``) only when minimising
        relaxed = dataclasses.replace(
            program, integer=None, cost=-np.asarray(program.cost), offset=-program.offset
        )
        model = _to_highs_lp(relaxed)
        model.sense_ = highspy.ObjSense.kMinimize
        self._highs.passModel(model)
        self.rows = len(program.row_lower)

    def use_dual_simplex(self, dual: bool) -> None:
        """Switch between the dual simplex (a cold start of many columns) and the primal one."""
        self._highs.setOptionValue("simplex_strategy", 1 if dual else 4)

    def set_costs(self, columns: npt.NDArray[np.int32], costs: FloatArray) -> None:
        """Change the objective coefficients of ``columns``."""
        self._highs.changeColsCost(len(columns), columns, -np.asarray(costs, dtype=np.float64))

    def add_columns(
        self,
        upper: FloatArray,
        starts: npt.NDArray[np.int32],
        rows: npt.NDArray[np.int32],
        values: FloatArray,
    ) -> None:
        """Append columns ``0 <= x <= upper`` with zero cost, in compressed-column form."""
        count = len(upper)
        if count == 0:
            return
        self._highs.addCols(
            count, np.zeros(count), np.zeros(count), upper, len(values), starts, rows, values
        )

    def delete_columns(self, columns: npt.NDArray[np.int32]) -> None:
        """Remove ``columns`` (nonbasic ones keep the basis valid); later columns shift down."""
        if len(columns):
            self._highs.deleteCols(len(columns), columns)

    def set_bounds(
        self, columns: npt.NDArray[np.int32], lower: FloatArray, upper: FloatArray
    ) -> None:
        """Change the bounds of ``columns``."""
        self._highs.changeColsBounds(len(columns), columns, lower, upper)

    def set_coefficient(self, row: int, column: int, value: float) -> None:
        """Set one matrix entry (0 removes it)."""
        self._highs.changeCoeff(int(row), int(column), float(value))

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        """Change the bounds of one row."""
        self._highs.changeRowBounds(int(row), float(lower), float(upper))

    def add_rows(self, batch: RowBatch) -> None:
        """Append ``batch`` (rows with a lower bound and no upper bound)."""
        if batch.count == 0:
            return
        upper = np.full(batch.count, highspy.kHighsInf)
        self._highs.addRows(
            batch.count,
            batch.lower,
            upper,
            len(batch.values),
            batch.starts,
            batch.columns,
            batch.values,
        )
        self.rows += batch.count

    def basis(self) -> Basis | None:
        """A copy of the current basis (None if HiGHS has no valid one)."""
        basis = self._highs.getBasis()
        return Basis(basis, self.rows) if basis.valid else None

    def set_basis(self, basis: Basis) -> None:
        """Restart from ``basis``: a branch-and-bound child starts from its parent's final
        basis, a few dual simplex steps away. Columns must not have changed since;
        rows added since (only appended: cuts) enter with their slack basic."""
        if basis.rows < self.rows:
            highs = highspy.HighsBasis()
            highs.col_status = basis.highs.col_status
            added = [highspy.HighsBasisStatus.kBasic] * (self.rows - basis.rows)
            highs.row_status = [*basis.highs.row_status, *added]
            highs.valid = True
            basis.highs, basis.rows = highs, self.rows
        self._highs.setBasis(basis.highs)

    def solve(
        self, time_limit: float | None = None, cutoff: float | None = None
    ) -> LPSolution | None:
        """Re-solve from the last basis within ``time_limit`` seconds; None if infeasible,
        or (given ``cutoff``) once the dual simplex proves the optimum is at most ``cutoff``:
        a branch-and-bound node that cannot beat the incumbent stops there. A solution
        returned is optimal (its objective may still be at most ``cutoff``).

        Raises :class:`LPTimeLimit` when the limit passes first, SolverError on
        any other status.
        """
        self._limit(time_limit, cutoff)
        status = self._run()
        if status == highspy.HighsModelStatus.kTimeLimit:
            raise LPTimeLimit
        if status == highspy.HighsModelStatus.kOptimal:
            solution = self._highs.getSolution()
            return LPSolution(
                x=np.array(solution.col_value, dtype=np.float64),
                objective=-float(self._highs.getInfo().objective_function_value),
                reduced_costs=-np.array(solution.col_dual, dtype=np.float64),
                row_duals=-np.array(solution.row_dual, dtype=np.float64),
            )
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
            highspy.HighsModelStatus.kObjectiveBound,
        ):
            return None
        name = self._highs.modelStatusToString(status)
        raise SolverError(f"HiGHS ended a warm-started LP with status {name!r}")

    def probe(
        self, cutoff: float, iterations: int, time_limit: float | None = None
    ) -> Probe | None:
        """Run at most ``iterations`` dual simplex steps from the current basis
        (strong branching: a child's bound, cheaply); None if HiGHS ended in
        numerical trouble (no retry from scratch: the caller only loses a score).

        Raises :class:`LPTimeLimit` when ``time_limit`` passes first."""
        self._limit(time_limit, cutoff)
        self._highs.setOptionValue("simplex_iteration_limit", int(iterations))
        try:
            self._highs.run()
        finally:
            self._highs.setOptionValue("simplex_iteration_limit", _NO_LIMIT)
        status = self._highs.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            raise LPTimeLimit
        objective = -float(self._highs.getInfo().objective_function_value)
        if status == highspy.HighsModelStatus.kOptimal:
            return Probe(objective, solved=True)
        if status == highspy.HighsModelStatus.kIterationLimit:
            return Probe(objective, solved=False)
        if status in _SETTLED:  # infeasible or cut off
            return Probe(-np.inf, solved=True)
        return None

    def _limit(self, time_limit: float | None, cutoff: float | None) -> None:
        """The next run's time limit and cutoff (the objective bound of ``min -cost``)."""
        # HiGHS measures its time limit on the instance's clock, which adds up every run
        spent = self._highs.getRunTime()
        limit = INF if time_limit is None else spent + float(max(time_limit, 0.0))
        self._highs.setOptionValue("time_limit", limit)
        self._highs.setOptionValue("objective_bound", INF if cutoff is None else -float(cutoff))

    def _run(self) -> highspy.HighsModelStatus:
        # HiGHS skips presolve when it starts from a valid basis
        presolved = self._presolve != "off" and not self._highs.getBasis().valid
        self._highs.run()
        status = self._highs.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            return status
        if status not in _SETTLED:  # numerical trouble from a warm start: once more from scratch
            status = self._from_scratch()
            presolved = self._presolve != "off"
        if not self._confirm and status in _SETTLED:
            return status
        if presolved and status not in (
            highspy.HighsModelStatus.kOptimal,
            highspy.HighsModelStatus.kTimeLimit,
        ):
            # HiGHS 1.16's presolve can call a feasible LP infeasible when a column's
            # bounds are 1e-9 apart (a tie tolerance; seen with floors at the cap):
            # an infeasible node must be confirmed without it. A warm start from a
            # valid basis ran the dual simplex without presolve: its verdict stands.
            status = self._from_scratch(presolve=False)
        return status

    def _from_scratch(self, *, presolve: bool = True) -> highspy.HighsModelStatus:
        self._highs.setOptionValue("presolve", self._presolve if presolve else "off")
        self._highs.clearSolver()
        self._highs.run()
        self._highs.setOptionValue("presolve", self._presolve)
        return self._highs.getModelStatus()


_NO_LIMIT = 2**31 - 1  # HiGHS's default simplex_iteration_limit (kHighsIInf)

_SETTLED = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
    highspy.HighsModelStatus.kObjectiveBound,
)
