"""HiGHS, called one way: arrays in, a small result out, nothing on stdout.

Every instance is made with ``output_flag`` and ``log_to_console`` off, so
HiGHS logs nothing; nothing here touches file descriptors (a library must
not: other threads print too). HiGHS still prints its banner once per
process, at the first instance: the CLI consumes it at start-up
(:func:`entente.cli._output.quiet_highs_banner`), before any thread runs.
Every status is mapped explicitly; anything unexpected raises
:class:`SolverError` instead of being read as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from entente._exceptions import SolverError
from entente.model import FloatArray

__all__ = [
    "LinearProgram",
    "LinearResult",
    "new_highs",
    "pin_threads",
    "solve_linear",
]

INF = highspy.kHighsInf
FEASIBILITY_TOLERANCE = 1e-9
_THREADS: list[int] = []


def pin_threads(count: int | None) -> int | None:
    """Run every later HiGHS solve in this process on ``count`` threads (None: HiGHS decides).

    Parallel sweeps pin each worker to one thread, so that ``n`` workers use
    ``n`` cores, not ``n`` times HiGHS's default, and so that a solve gives
    the same numbers in any process (HiGHS's MIP search depends on its
    thread count). HiGHS sizes one task scheduler per process at its first
    solve and refuses later solves with another count, so a change resets
    that scheduler; call this between solves, never during one. Returns the
    previous setting.
    """
    previous = _THREADS[0] if _THREADS else None
    if count != previous:
        _THREADS[:] = [] if count is None else [int(count)]
        highspy.Highs.resetGlobalScheduler(True)
    return previous


@dataclass(frozen=True)
class LinearProgram:
    """maximise ``cost @ x + offset`` s.t. ``row_lower <= A x <= row_upper`` and
    ``col_lower <= x <= col_upper``.

    ``integer`` marks integer columns (none: an LP). Use ``INF`` for no bound.
    """

    cost: FloatArray
    matrix: sp.csc_array | sp.csc_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: npt.NDArray[np.bool_] | None = None
    offset: float = 0.0


LinearStatus = Literal["optimal", "infeasible", "time_limit"]


@dataclass(frozen=True)
class LinearResult:
    """``x`` is the best solution found (None if none); ``bound`` the proven upper bound.

    ``duals``: the row duals of an optimal LP (None for a MIP or without an optimum).
    """

    status: LinearStatus
    x: FloatArray | None
    objective: float | None
    bound: float | None
    nodes: int = 0
    duals: FloatArray | None = None


def solve_linear(
    program: LinearProgram,
    *,
    time_limit: float | None = None,
    mip_abs_gap: float | None = None,
    start: FloatArray | None = None,
    presolve: bool = True,
) -> LinearResult:
    """Solve ``program`` with HiGHS and map its status; raise SolverError on anything odd.

    HiGHS 1.16 occasionally ends in "Solve error" after presolve, or with a
    MIP start returns the start itself as the solution (see :func:`_stale`);
    each is retried, first without the start, then without presolve, before
    the error is reported. ``presolve=False`` never presolves: HiGHS 1.16's
    MIP presolve has returned a wrong "optimal" (objective and bound both
    below a feasible point) on Bayesian MILPs with bounds 1e-9 wide.
    """
    attempts = [(start, presolve), (None, presolve), (None, False)]
    if start is None:
        attempts = attempts[1:]
    for number, (first, presolve) in enumerate(attempts, start=1):
        try:
            result = _attempt(program, time_limit, mip_abs_gap, first, presolve)
        except SolverError:
            if number == len(attempts):
                raise
            continue
        if first is None or not _stale(result, program):
            return result
    raise SolverError("HiGHS gave no usable answer")  # unreachable: the last attempt raises


def new_highs() -> highspy.Highs:
    """A quiet HiGHS instance with entente's tolerances and thread setting."""
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("log_to_console", False)
    if _THREADS:
        highs.setOptionValue("threads", _THREADS[0])
    for option in ("primal_feasibility_tolerance", "dual_feasibility_tolerance"):
        highs.setOptionValue(option, FEASIBILITY_TOLERANCE)
    highs.setOptionValue("mip_feasibility_tolerance", FEASIBILITY_TOLERANCE)
    return highs


def _attempt(
    program: LinearProgram,
    time_limit: float | None,
    mip_abs_gap: float | None,
    start: FloatArray | None,
    presolve: bool,
) -> LinearResult:
    highs = new_highs()
    if not presolve:
        highs.setOptionValue("presolve", "off")
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(max(time_limit, 0.0)))
    if mip_abs_gap is not None:
        highs.setOptionValue("mip_abs_gap", float(mip_abs_gap))
        highs.setOptionValue("mip_rel_gap", 0.0)
    highs.passModel(_to_highs_lp(program))
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = np.asarray(start, dtype=np.float64).tolist()
        highs.setSolution(solution)
    highs.run()
    return _result(highs, program)


def _stale(result: LinearResult, program: LinearProgram) -> bool:
    """HiGHS 1.16 may return the MIP start itself when presolve alone solves the MIP.

    The objective it reports is the true one; the point is not. Detect the
    mismatch so the caller can solve again without the start.
    """
    if result.x is None or result.objective is None:
        return False
    value = float(program.cost @ result.x) + program.offset
    return abs(value - result.objective) > 1e-9 * max(1.0, abs(result.objective))


def _to_highs_lp(program: LinearProgram) -> highspy.HighsLp:
    matrix = sp.csc_array(program.matrix)
    n_rows, n_cols = matrix.shape
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.asarray(program.cost, dtype=np.float64)
    lp.offset_ = float(program.offset)
    lp.col_lower_ = np.asarray(program.col_lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(program.col_upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(program.row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(program.row_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(np.float64)
    if program.integer is not None and np.any(program.integer):
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in program.integer
        ]
    return lp


def _result(highs: highspy.Highs, program: LinearProgram) -> LinearResult:
    status = highs.getModelStatus()
    info = highs.getInfo()
    is_mip = program.integer is not None and bool(np.any(program.integer))
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.array(highs.getSolution().col_value, dtype=np.float64) if has_solution else None
    objective = float(info.objective_function_value) if has_solution else None
    model_status = highspy.HighsModelStatus
    if status == model_status.kOptimal:
        if x is None:
            raise SolverError("HiGHS reported optimal without a feasible solution")
        bound = float(info.mip_dual_bound) if is_mip else objective
        duals = None if is_mip else np.array(highs.getSolution().row_dual, dtype=np.float64)
        return LinearResult("optimal", x, objective, bound, int(info.mip_node_count), duals)
    if status in (model_status.kInfeasible, model_status.kUnboundedOrInfeasible):
        return LinearResult("infeasible", None, None, None)
    if status == model_status.kTimeLimit:
        bound = float(info.mip_dual_bound) if is_mip else None
        if bound is not None and not np.isfinite(bound):
            bound = None
        return LinearResult("time_limit", x, objective, bound, int(info.mip_node_count))
    raise SolverError(f"HiGHS ended with status {highs.modelStatusToString(status)!r}")
