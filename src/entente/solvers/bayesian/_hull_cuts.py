"""Cutting planes that give the perspective formulation its convex-hull strength.

In the hull formulation of Casorrán et al. (EJOR 2019) the coverage is split
per type ``k`` into the coverages it has when ``k`` attacks each candidate
``t``: ``c_s = sum_t z[k, t, s]``, and when ``k`` attacks ``t`` no target
``s`` may tempt it more, which (scaled by ``q[k, t]``) reads
``D[k, s] z[k, t, s] >= (Ua_u[k, s] - Ua_u[k, t]) q[k, t] + D[k, t] w[k, t]``
with ``w[k, t] = z[k, t, t]``, and ``z[k, t, s] >= lower_s q[k, t]``.
Projecting ``z`` out gives, for every type ``k``, target ``s`` with
``D[k, s] > 0`` and subset ``S`` of candidates, the valid inequality::

    D[k, s] c_s >= sum_{t in S} ((Ua_u[k, s] - Ua_u[k, t]) q[k, t] + D[k, t] w[k, t])
                 + sum_{t not in S} D[k, s] lower_s q[k, t]

(at an integer point only the attacked ``t`` counts, and its term is the
coverage ``s`` needs so as not to beat ``t``). For given LP values the most
violated ``S`` holds the ``t`` whose first term exceeds the second, so
separation is exact and takes one vectorised pass per type. A few rounds
close almost all of the gap between the perspective LP and the full hull
LP (measured: 14.86 -> 11.94 against 11.93 at 50 targets and 10 types) at
a hundredth of its cost.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from entente.model import CoverageBox, FloatArray, Game
from entente.solvers.bayesian._perspective import PerspectiveLayout
from entente.solvers.lp.deadline import expired, remaining
from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.session import LPSession, LPSolution, LPTimeLimit, RowBatch

__all__ = ["ROOT_ROUNDS", "hull_cuts", "tighten", "with_root_cuts"]

ROOT_ROUNDS = 50
INTEGRAL_Q = 1e-9


def hull_cuts(
    game: Game, box: CoverageBox, layout: PerspectiveLayout, x: FloatArray, tol: float
) -> RowBatch:
    """The inequalities above that ``x`` violates by more than ``tol`` (payoff units)."""
    au = game.attacker_uncovered
    delta = game.attacker_uncovered - game.attacker_covered
    coverage = x[: layout.n]
    starts: list[int] = [0]
    columns: list[FloatArray] = []
    values: list[FloatArray] = []
    for k, candidates in enumerate(layout.candidates):
        own = np.flatnonzero(layout.owner == k)
        q, w = x[layout.q[own]], x[layout.w[own]]
        if q.max() >= 1.0 - INTEGRAL_Q:
            continue  # k attacks one target: the LP point is in k's hull already
        # gain[s, t]: coefficient of q[k, t] when t is in S; floor[s, t]: when it is not
        gain = au[k][:, None] - au[k, candidates][None, :]
        need = gain * q[None, :] + delta[k, candidates][None, :] * w[None, :]
        floor = (delta[k] * box.lower)[:, None] * np.ones(len(candidates))[None, :]
        chosen = need > floor * q[None, :]
        required = np.where(chosen, need, floor * q[None, :]).sum(axis=1)
        violated = np.flatnonzero((delta[k] > 0) & (required - delta[k] * coverage > tol))
        for s in violated:
            in_s = chosen[s]
            q_coef = np.where(in_s, -gain[s], -floor[s])
            w_coef = np.where(in_s, -delta[k, candidates], 0.0)
            cols = np.concatenate([[s], layout.q[own], layout.w[own]])
            vals = np.concatenate([[delta[k, s]], q_coef, w_coef])
            keep = vals != 0.0
            columns.append(cols[keep])
            values.append(vals[keep])
            starts.append(starts[-1] + int(np.count_nonzero(keep)))
    count = len(starts) - 1
    return RowBatch(
        starts=np.array(starts[:-1], dtype=np.int32),
        columns=np.concatenate(columns).astype(np.int32) if columns else np.zeros(0, np.int32),
        values=np.concatenate(values) if values else np.zeros(0),
        lower=np.zeros(count),
    )


def tighten(
    session: LPSession,
    game: Game,
    box: CoverageBox,
    layout: PerspectiveLayout,
    solution: LPSolution,
    *,
    rounds: int,
    stop_below: float,
    batches: list[RowBatch] | None = None,
    deadline: float | None = None,
) -> LPSolution | None:
    """Add violated cuts and re-solve, up to ``rounds`` times.

    Stops early when no cut is violated, when the bound falls to
    ``stop_below`` (the node can be pruned), when a round improves the
    bound by less than a millionth of the payoff scale or when ``deadline``
    (a ``time.perf_counter()`` value) has passed. Added batches are
    appended to ``batches`` if given. None if the LP becomes infeasible or the
    dual simplex proves it cannot end above ``stop_below``.
    """
    tol = 1e-7 * game.payoff_scale()
    for _ in range(rounds):
        if solution.objective <= stop_below:
            break
        if expired(deadline):
            break
        batch = hull_cuts(game, box, layout, solution.x, tol)
        if batch.count == 0:
            break
        session.add_rows(batch)
        if batches is not None:
            batches.append(batch)
        try:
            tighter = session.solve(remaining(deadline, 0.01), cutoff=stop_below)
        except LPTimeLimit:
            break  # the last solution's bound holds (fewer cuts)
        if tighter is None:  # infeasible, or cut off at ``stop_below``
            return None
        progress = solution.objective - tighter.objective
        solution = tighter
        if progress < 1e-6 * game.payoff_scale():
            break
    return solution


def with_root_cuts(
    program: LinearProgram,
    game: Game,
    box: CoverageBox,
    layout: PerspectiveLayout,
    deadline: float | None = None,
) -> tuple[LinearProgram, int]:
    """``program`` with the cuts its LP relaxation needs at the root, and how many."""
    session = LPSession(program)
    try:
        solution = session.solve(remaining(deadline, 0.01))
    except LPTimeLimit:
        return program, 0
    batches: list[RowBatch] = []
    if solution is not None:
        tighten(
            session,
            game,
            box,
            layout,
            solution,
            rounds=ROOT_ROUNDS,
            stop_below=-INF,
            batches=batches,
            deadline=deadline,
        )
    if not batches:
        return program, 0
    cuts = [
        sp.csr_array(
            (b.values, b.columns, np.append(b.starts, len(b.values))),
            shape=(b.count, program.matrix.shape[1]),
        )
        for b in batches
    ]
    matrix = sp.csc_array(sp.vstack([sp.csr_array(program.matrix), *cuts]))
    lower = np.concatenate([program.row_lower, *(b.lower for b in batches)])
    count = len(lower) - len(program.row_lower)
    upper = np.concatenate([program.row_upper, np.full(count, INF)])
    return replace(program, matrix=matrix, row_lower=lower, row_upper=upper), count
