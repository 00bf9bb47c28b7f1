"""PASAQ's MILP ``M(r)``: the best rational part while every logit type reaches its level.

Rows (see :mod:`entente.solvers.behaviour.pasaq`): the coverage box, one
incremental segment set per target with ordering binaries, one relaxed
level row per logit type (:func:`~entente.solvers.behaviour._pwl.level_row`)
and DOBSS rows for every rational type.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model import CoverageBox, FloatArray, Game, Quantal, Suqr, logit_scores
from entente.solvers.behaviour._pwl import level_row, over_estimator
from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.rows import Row, program_from_rows

__all__ = ["Logit", "logit_arrays", "milp_program"]


@dataclass
class Logit:
    """A logit type's scores, shifted so that its largest weight on the box is 1."""

    k: int
    alpha: FloatArray
    beta: FloatArray
    shift: float


def logit_arrays(game: Game, box: CoverageBox, k: int) -> Logit | None:
    behaviour = game.behaviour(k)
    if not isinstance(behaviour, Quantal | Suqr):
        return None
    alpha, beta = logit_scores(behaviour, game.attacker_covered[k], game.attacker_uncovered[k])
    shift = float(np.max(alpha + np.maximum(beta * box.lower, beta * box.upper)))
    return Logit(k, alpha - shift, np.asarray(beta, dtype=np.float64), shift)


def milp_program(
    game: Game,
    box: CoverageBox,
    breaks: list[FloatArray],
    logit: list[Logit],
    rational: list[int],
    levels: FloatArray,
) -> LinearProgram:
    n = game.n_targets
    seg_start = n + np.concatenate([[0], np.cumsum([len(b) - 1 for b in breaks])]).astype(int)
    n_seg = int(seg_start[-1] - n)
    ord_start = (
        n + n_seg + np.concatenate([[0], np.cumsum([len(b) - 2 for b in breaks])]).astype(int)
    )
    n_ord = int(ord_start[-1] - n - n_seg)
    r0 = n + n_seg + n_ord  # rational columns: per type q (n), a, d
    n_cols = r0 + len(rational) * (n + 2)
    col_lower = np.zeros(n_cols)
    col_upper = np.ones(n_cols)
    col_lower[:n], col_upper[:n] = box.lower, box.upper
    integer = np.zeros(n_cols, dtype=bool)
    integer[n + n_seg : r0] = True
    cost = np.zeros(n_cols)
    rows: list[Row] = [(list(range(n)), [1.0] * n, -INF, box.budget)]
    for t, x in enumerate(breaks):
        s = np.diff(x)
        cols = list(range(int(seg_start[t]), int(seg_start[t + 1])))
        col_upper[cols] = s
        rows.append(([t, *cols], [1.0] + [-1.0] * len(cols), float(x[0]), float(x[0])))
        for j in range(len(cols) - 1):
            z = int(ord_start[t]) + j
            rows.append(([cols[j], z], [1.0, -float(s[j])], 0.0, INF))
            rows.append(([cols[j + 1], z], [1.0, -float(s[j + 1])], -INF, 0.0))
    du_all, dd_all = game.defender_uncovered, game.defender_covered - game.defender_uncovered
    for i, lg in enumerate(logit):
        k, r = lg.k, float(levels[i])
        cols, slopes, constant = [], [], 0.0
        for t, x in enumerate(breaks):
            v = over_estimator(x, lg.alpha[t], lg.beta[t], du_all[k, t], dd_all[k, t], r)
            constant += float(v[0])
            cols.extend(range(int(seg_start[t]), int(seg_start[t + 1])))
            s = np.diff(x)
            slopes.append(np.divide(np.diff(v), s, out=np.zeros_like(s), where=s > 0))
        coefficients, lower, _ = level_row(np.concatenate(slopes), col_upper[cols], constant)
        rows.append((cols, coefficients.tolist(), lower, INF))
        if not rational:
            cost[cols] += game.priors[k] * coefficients
    _rational_rows(game, box, rational, r0, rows, col_lower, col_upper, integer, cost)
    return program_from_rows(rows, cost, col_lower, col_upper, integer)


def _rational_rows(
    game: Game,
    box: CoverageBox,
    rational: list[int],
    r0: int,
    rows: list[Row],
    col_lower: FloatArray,
    col_upper: FloatArray,
    integer: np.ndarray,
    cost: FloatArray,
) -> None:
    """DOBSS rows (Paruchuri et al. 2008) with big-Ms from the payoff ranges."""
    n = game.n_targets
    ua_low, ua_high = game.attacker_utility(box.upper), game.attacker_utility(box.lower)
    ud_low, ud_high = game.defender_utility(box.lower), game.defender_utility(box.upper)
    delta_a = game.attacker_uncovered - game.attacker_covered
    delta_d = game.defender_covered - game.defender_uncovered
    for j, k in enumerate(rational):
        q0, a, d = r0 + j * (n + 2), r0 + j * (n + 2) + n, r0 + j * (n + 2) + n + 1
        integer[q0 : q0 + n] = True
        a_high, d_high = float(np.max(ua_high[k])), float(np.max(ud_high[k]))
        col_lower[a], col_upper[a] = float(np.min(ua_low[k])), a_high
        col_lower[d], col_upper[d] = float(np.min(ud_low[k])), d_high
        cost[d] = game.priors[k]
        rows.append((list(range(q0, q0 + n)), [1.0] * n, 1.0, 1.0))
        for t in range(n):
            au, du = float(game.attacker_uncovered[k, t]), float(game.defender_uncovered[k, t])
            m_a = a_high - float(ua_low[k, t])
            m_d = d_high - float(ud_low[k, t])
            rows.append(([a, t], [1.0, float(delta_a[k, t])], au, INF))
            rows.append(([a, t, q0 + t], [1.0, float(delta_a[k, t]), m_a], -INF, au + m_a))
            rows.append(([d, t, q0 + t], [1.0, -float(delta_d[k, t]), m_d], -INF, du + m_d))
