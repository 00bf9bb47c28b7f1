"""Maximin plans against interval payoffs and unreliable tie-breaking.

Kiekintveld, Islam & Kreinovich, "Security games with interval
uncertainty", AAMAS 2013: the attacker's payoffs lie anywhere in their
intervals, so type ``k`` may attack any target ``t`` that is a best response
for *some* payoffs in the box, ``Ua_high(k, t, c) >= R_k(c) - margin`` with
``R_k(c) = max_s Ua_low(k, s, c)``. ``margin`` (the tie-robust plan) also
counts targets within ``margin`` of the best as possible attacks; with
point payoffs and ``margin = 0`` this is the pessimistic (weak Stackelberg)
value. The defender maximises its worst case, exactly, by a MILP (small and
medium games; ISEGS bisects the same feasibility problem)::

    max  sum_k p_k z_k
    s.t. lower <= c <= upper,  sum_t c_t <= B
         R_k >= Ua_low(k, t, c_t)                          every k, t
         R_k <= Ua_low(k, t, c_t) + M1 (1 - h[k, t]),   sum_t h[k, t] = 1
         Ua_high(k, t, c_t) <= R_k - margin - s + M2 (1 - y[k, t])
         z_k <= Ud(k, t, c_t) + M3 y[k, t]                  every k, t
         h[k, t] + y[k, t] <= 1                             every k, t

``y[k, t] = 1`` excludes ``t`` from type ``k``'s attack set, which needs
``t`` strictly (by ``s``) below the best guaranteed level. Big-Ms come from
the payoff ranges: ``M1 = max Ua_low - min_t Ua_low(t)``, ``M2 =
max Ua_high(t) - min R + margin + s``, ``M3 = max Ud - min_t Ud(t)``.

Two solves keep the bound honest: with ``s = 2e-7 x`` the type's attacker range the
plan's exclusions survive evaluation (whose tie tolerance is ``1e-9 x``
that range), and with ``s = 1e-9 x`` that range, a relaxation of that evaluation, the
MILP's dual bound bounds the true maximin value. The plan's
``defender_utility`` is the worst case; its responses name each type's
worst target.
"""

from __future__ import annotations

import numpy as np

from entente._exceptions import MethodError
from entente.model import CoverageBox, FloatArray, Game, coverage_box
from entente.model.outcome import outcome
from entente.model.scales import payoff_scales
from entente.solvers._timing import timed
from entente.solvers.certify.proof import RobustClaim
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear
from entente.solvers.lp.rows import Row, program_from_rows
from entente.solvers.plan import CombStrategy, Plan, Status, TypeResponse

__all__ = ["robust"]

_PLAN_SLACK = 2e-7
_BOUND_SLACK = 1e-9


@timed
def robust(
    game: Game,
    *,
    margin: float = 0.0,
    time_limit: float | None = None,
    gap: float | None = None,
) -> Plan:
    """The maximin plan over interval payoffs and ties within ``margin`` (all types rational)."""
    if not game.all_rational:
        raise MethodError("robust plans are for rational attacker types (quantal/SUQR: gosaq)")
    if not (np.isfinite(margin) and margin >= 0):
        raise MethodError(f"the tie margin must be a number >= 0, got {margin}")
    box = coverage_box(game)
    if box is None:
        raise MethodError("robust needs guard resources that pool into one coverage budget")
    reason = box.infeasibility()
    if reason is not None:
        return Plan(status="infeasible", method="robust", message=reason)
    gap = 1e-6 * game.defender_range() if gap is None else gap
    # each type's attacker range (intervals included): its tie slack's unit, so that no
    # type's ties depend on another player's units
    ranges = payoff_scales(game).attacker_scale
    first = solve_linear(
        _program(game, box, margin + _PLAN_SLACK * ranges),
        time_limit=time_limit,
        mip_abs_gap=0.25 * gap,
    )
    if first.x is None:
        return Plan(status="time_limit", method="robust", message="no plan before the time limit")
    coverage = np.clip(first.x[: game.n_targets], box.lower, box.upper)
    second = solve_linear(
        _program(game, box, margin + _BOUND_SLACK * ranges),
        time_limit=time_limit,
        mip_abs_gap=0.25 * gap,
        start=first.x,
    )
    bound = second.bound if second.bound is not None else float(np.max(game.defender_covered))
    status: Status = "optimal" if first.status == second.status == "optimal" else "time_limit"
    plan = _plan(game, box, coverage, margin, bound, status)
    if status == "optimal" and plan.gap is not None and plan.gap > gap:
        plan = plan.replace(status="time_limit", message=plan.message + "; gap above tolerance")
    return plan


def _plan(
    game: Game, box: CoverageBox, coverage: FloatArray, margin: float, bound: float, status: Status
) -> Plan:
    coverage = np.asarray(coverage, dtype=np.float64)
    coverage.setflags(write=False)
    worst = outcome(game, coverage, "pessimistic", margin=margin)
    value = worst.defender_utility
    if value > bound and value - bound <= 1e-9 * game.defender_range():
        bound = value
    return Plan(
        status=status,
        method="robust",
        message=f"{status.replace('_', ' ')} maximin plan (tie margin {margin:g})",
        coverage=coverage,
        strategy=CombStrategy(box.marginals(coverage), box.units, box.effectiveness),
        responses=tuple(
            TypeResponse(o.attacked, o.attacker_utility, o.defender_utility) for o in worst.types
        ),
        defender_utility=value,
        attacker_utility=worst.attacker_utility,
        bound=bound,
        gap=bound - value,
        proof=RobustClaim(margin),
    )


def _program(game: Game, box: CoverageBox, slacks: FloatArray) -> LinearProgram:
    """Columns: c (n), then per type: R, z, h (n), y (n); ``slacks[k]``: type k's ``s``."""
    n, n_types = game.n_targets, game.n_types
    bounds = game.attacker_bounds
    if bounds is None:
        lo_c = hi_c = game.attacker_covered
        lo_u = hi_u = game.attacker_uncovered
    else:
        lo_c, hi_c = bounds.covered_low, bounds.covered_high
        lo_u, hi_u = bounds.uncovered_low, bounds.uncovered_high
    dc, du = game.defender_covered, game.defender_uncovered
    width = 2 + 2 * n
    n_cols = n + n_types * width
    rows: list[Row] = [(list(range(n)), [1.0] * n, -INF, box.budget)]
    col_lower = np.concatenate([box.lower, np.zeros(n_types * width)])
    col_upper = np.concatenate([box.upper, np.ones(n_types * width)])
    integer = np.zeros(n_cols, dtype=bool)
    cost = np.zeros(n_cols)
    for k in range(n_types):
        base = n + k * width
        r_col, z_col = base, base + 1
        h0, y0 = base + 2, base + 2 + n
        integer[h0 : h0 + 2 * n] = True
        low_t = np.minimum(lo_c[k], lo_u[k])  # Ua_low over coverage in [0, 1]
        high_t = np.maximum(lo_c[k], lo_u[k])
        r_min, r_max = float(np.max(low_t)), float(np.max(high_t))
        z_min = float(np.min(np.minimum(dc[k], du[k])))
        z_max = float(np.max(np.maximum(dc[k], du[k])))
        col_lower[r_col], col_upper[r_col] = r_min, r_max
        col_lower[z_col], col_upper[z_col] = z_min, z_max
        cost[z_col] = game.priors[k]
        slack = float(slacks[k])
        rows.append((list(range(h0, h0 + n)), [1.0] * n, 1.0, 1.0))
        for t in range(n):
            slope_low = float(lo_c[k, t] - lo_u[k, t])
            slope_high = float(hi_c[k, t] - hi_u[k, t])
            m1 = r_max - float(low_t[t])
            m2 = float(max(hi_c[k, t], hi_u[k, t])) - r_min + slack
            m3 = z_max - float(min(dc[k, t], du[k, t]))
            # R - slope_low c_t >= lo_u
            rows.append(([r_col, t], [1.0, -slope_low], float(lo_u[k, t]), INF))
            # R - slope_low c_t + M1 h <= lo_u + M1
            rows.append(([r_col, t, h0 + t], [1.0, -slope_low, m1], -INF, float(lo_u[k, t]) + m1))
            # hi_u + slope_high c_t - R + M2 y <= -slack + M2
            rows.append(
                ([t, r_col, y0 + t], [slope_high, -1.0, m2], -INF, m2 - slack - float(hi_u[k, t]))
            )
            # h + y <= 1: the target that sets R is a best response, never excluded (without
            # this row the bound's MILP, whose slack is at HiGHS's feasibility tolerance,
            # excluded every target and bounded by the largest defender payoff)
            rows.append(([h0 + t, y0 + t], [1.0, 1.0], -INF, 1.0))
            # z - (dc - du) c_t - M3 y <= du
            rows.append(
                ([z_col, t, y0 + t], [1.0, -float(dc[k, t] - du[k, t]), -m3], -INF, float(du[k, t]))
            )
    return program_from_rows(rows, cost, col_lower, col_upper, integer)
