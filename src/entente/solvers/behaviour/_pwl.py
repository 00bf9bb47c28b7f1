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
"""

from __future__ import annotations

import numpy as np

from entente.model import FloatArray

__all__ = ["over_estimator", "segment_length"]


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
