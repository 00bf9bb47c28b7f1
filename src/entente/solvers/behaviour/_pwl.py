"""Piecewise-linear over-estimators of the logit check terms (PASAQ's approximation).

Yang, Ordóñez & Tambe, AAMAS 2012 (PASAQ) approximate each target's term
``g(c) = exp(a + beta c) (Du + Dd c - r)`` by a piecewise-linear function.
Here the approximation is made *sound*: on a segment ``[x_j, x_{j+1}]`` of
length ``s`` the term exceeds its chord by at most::

    E_j = s^2 / 8 * max_segment exp(a + beta c) * max(0, psi(x_j), psi(x_{j+1}))
    psi(c) = -(beta^2 (Du + Dd c - r) + 2 beta Dd)          (-g'' = exp(.) psi)

so lifting each breakpoint by the larger ``E`` of its two segments gives a
continuous piecewise-linear ``g_hat >= g``. A constraint ``sum_t g_hat >= 0``
is then a relaxation of ``sum_t g >= 0``: infeasible relaxed, infeasible
exactly. Relative to the weight at a point the lift is at most
``rho(s) = s^2/4 exp(2 |beta| s) (beta^2 H + 2 |beta| Dd)`` with ``H`` the
largest ``|Du + Dd c - r|``, so segments of length ``s`` with ``rho(s) <=
gap / 4`` keep the defender's value within ``gap / 4`` (:func:`segment_length`).

The row must stay a relaxation once HiGHS reads it (:func:`level_row`). The
weights are shifted so that the largest is 1, so a sharp type (``|beta|``
in the tens) has terms near ``exp(-60)`` at high coverage: after the row is
divided by its largest coefficient, many slopes fall below HiGHS's
``small_matrix_value`` (1e-9), which it silently drops, and the row's
activity at the coverages that matter is far below the feasibility
tolerance. A level that such a coverage reaches was then declared
infeasible and its box discarded: the proven bound fell below feasible
coverages (issue 16, case 6). So coefficients below :data:`TINY` are
dropped here and the row's lower end moved down by the most they can add
(``sum v_j s_j`` over the dropped positive slopes, each segment at most
``s_j`` long), plus :data:`SLACK`, a hundred times HiGHS's feasibility
tolerance (its presolve still called rows infeasible whose true margin was
near that tolerance): every coverage that satisfies the exact row satisfies
the one HiGHS solves, with room to spare. Where a type's terms are that
small the row says little, and the search reports a time limit and an
honest gap rather than a bound it cannot prove.
"""

from __future__ import annotations

import numpy as np

from entente.model import FloatArray

__all__ = ["SLACK", "TINY", "level_row", "over_estimator", "segment_length"]

TINY = 1e-8
"""Coefficients below this (rows scaled to a largest coefficient of 1) are dropped, soundly."""
SLACK = 1e-7
"""Absolute room added to every level row (rows scaled to 1): 100 x HiGHS's tolerance."""


def segment_length(beta: FloatArray, span: FloatArray, dd: FloatArray, rho: float) -> FloatArray:
    """Per target, the longest segment whose relative lift is at most ``rho``."""
    b = np.abs(beta)
    curvature = b * b * span + 2.0 * b * dd
    with np.errstate(divide="ignore"):
        s = np.where(curvature > 0, np.sqrt(4.0 * rho / np.maximum(curvature, 1e-300)), 1.0)
    # exp(2 |beta| s) <= e for s <= 1 / (2 |beta|): shrink by sqrt(e) to cover it
    s = s / np.sqrt(np.e)
    with np.errstate(divide="ignore"):
        s = np.minimum(s, np.where(b > 0, 0.5 / np.maximum(b, 1e-300), 1.0))
    return np.asarray(np.minimum(s, 1.0), dtype=np.float64)


def over_estimator(
    x: FloatArray, a: float, beta: float, du: float, dd: float, r: float
) -> FloatArray:
    """Breakpoint values of the lifted interpolant ``g_hat >= g`` on breakpoints ``x``."""
    w = np.exp(a + beta * x)
    g = w * (du + dd * x - r)
    psi = -(beta * beta * (du + dd * x - r) + 2.0 * beta * dd)
    s = np.diff(x)
    lift = s * s / 8.0 * np.maximum(w[:-1], w[1:]) * np.maximum(0.0, np.maximum(psi[:-1], psi[1:]))
    at = np.zeros_like(x)
    at[:-1] = lift
    at[1:] = np.maximum(at[1:], lift)
    # a few ulps for rounding in exp and the products
    return np.asarray(g + at + 1e-12 * np.abs(g) + 1e-300, dtype=np.float64)


def level_row(
    slopes: FloatArray, lengths: FloatArray, constant: float
) -> tuple[FloatArray, float, float]:
    """``sum slopes x + constant >= 0`` (``0 <= x <= lengths``) as HiGHS can hold it, relaxed.

    Returns ``(coefficients, lower, scale)``: the row divided by ``scale``,
    coefficients below :data:`TINY` set to zero and ``lower`` moved down by
    what they could contribute plus :data:`SLACK`, so every ``x`` feasible
    for the exact row is feasible for the returned one.
    """
    scale = max(float(np.max(np.abs(slopes))) if slopes.size else 0.0, abs(constant), 1e-300)
    coefficients = slopes / scale
    tiny = np.abs(coefficients) < TINY
    lost = float(np.sum(np.maximum(coefficients[tiny], 0.0) * lengths[tiny]))
    coefficients = np.where(tiny, 0.0, coefficients)
    return coefficients, -constant / scale - lost - SLACK, scale
