"""The convex check behind GOSAQ: is defender utility ``r`` reachable by one logit type?

Yang, Ordóñez & Tambe, "Computing optimal strategy against quantal response
in security games", AAMAS 2012 (GOSAQ). Against a logit type with scores
``alpha_t + beta_t c_t`` the defender's utility is the ratio
``F(c) = sum_t w_t(c_t) Ud_t(c_t) / sum_t w_t(c_t)``, ``w_t = exp(score_t)``,
so ``F(c) >= r`` iff ``G(c; r) = sum_t g_t(c_t) >= 0`` with::

    g_t(c) = w_t(c) (Du_t + Dd_t c - r)

Substituting ``y_t = exp(beta_t c_t)`` makes ``g_t`` concave in ``y_t`` and the
budget ``sum_t ln(y_t) / beta_t <= B`` convex whenever every ``beta_t <= 0``
(quantal response always; SUQR when ``w_coverage <= 0``). The check
``max_{c in box, sum c <= B} G(c; r)`` is then a convex program and its
Lagrangian dual in the one budget multiplier ``mu`` has no gap::

    Phi(mu; r) = mu B + sum_t max_{c in [l_t, u_t]} (g_t(c) - mu c)

Each inner maximum is unimodal in ``c`` (concave in ``y``), found by
bisection on the sign of ``g_t'(c) - mu``, all targets at once; ``Phi`` is
convex in ``mu`` and minimised by a search on the sign of ``B - sum_t c_t(mu)``
that tries :data:`_PROBES` multipliers at once (one array operation for all
of them: each round shrinks the bracket 16-fold, and the inner bisections start
from the maximisers at the bracket's ends, which fall as ``mu`` grows). Any
``mu >= 0`` gives an upper bound (weak duality), which is what the proof
and the certificate rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model import CoverageBox, FloatArray, Game, Quantal, Suqr, logit_scores

__all__ = ["LogitType", "logit_type", "maximise_check"]

_INNER_STEPS = 64
_OUTER_ROUNDS = 60
_PROBES = 15


@dataclass(frozen=True, eq=False)
class LogitType:
    """One behavioural type on a coverage box, exponents shifted so that ``w <= 1``."""

    alpha: FloatArray
    beta: FloatArray
    du: FloatArray
    dd: FloatArray
    lower: FloatArray
    upper: FloatArray
    budget: float
    shift: float

    def weights(self, c: FloatArray) -> FloatArray:
        return np.asarray(np.exp(self.alpha + self.beta * c), dtype=np.float64)

    def value(self, c: FloatArray) -> float:
        """The defender's expected utility ``F(c)`` against this type."""
        score = self.alpha + self.beta * c
        w = np.exp(score - np.max(score))
        return float(np.dot(w, self.du + self.dd * c) / np.sum(w))

    def check(self, c: FloatArray, r: float) -> float:
        """``G(c; r)``."""
        return float(np.dot(self.weights(c), self.du + self.dd * c - r))


def logit_type(game: Game, box: CoverageBox, k: int) -> LogitType:
    """The arrays of type ``k`` (which must be quantal or SUQR) on ``box``."""
    behaviour = game.behaviour(k)
    if not isinstance(behaviour, Quantal | Suqr):
        raise ValueError("logit_type needs a quantal or SUQR type")
    alpha, beta = logit_scores(behaviour, game.attacker_covered[k], game.attacker_uncovered[k])
    top = alpha + np.maximum(beta * box.lower, beta * box.upper)
    shift = float(np.max(top))
    return LogitType(
        alpha=alpha - shift,
        beta=np.asarray(beta, dtype=np.float64),
        du=np.asarray(game.defender_uncovered[k], dtype=np.float64),
        dd=np.asarray(game.defender_covered[k] - game.defender_uncovered[k], dtype=np.float64),
        lower=np.asarray(box.lower, dtype=np.float64),
        upper=np.asarray(box.upper, dtype=np.float64),
        budget=box.budget,
        shift=shift,
    )


def _slope(lt: LogitType, c: FloatArray, r: float) -> FloatArray:
    """``g_t'(c)``."""
    return np.asarray(
        np.exp(lt.alpha + lt.beta * c) * (lt.beta * (lt.du + lt.dd * c - r) + lt.dd),
        dtype=np.float64,
    )


def inner_argmax(
    lt: LogitType,
    r: float,
    mu: float | FloatArray,
    floor: FloatArray | None = None,
    ceiling: FloatArray | None = None,
) -> FloatArray:
    """Per target, the maximiser of ``g_t(c) - mu c`` on ``[l_t, u_t]`` (unimodal).

    ``mu`` may be a column of multipliers: then one row of maximisers per
    multiplier. ``floor`` and ``ceiling``, if known, bracket the maximisers
    (they fall as ``mu`` grows): the bisection then starts from them. It stops
    once no bracket can be halved any more.
    """
    lower = lt.lower if floor is None else floor
    upper = lt.upper if ceiling is None else ceiling
    shape = np.broadcast_shapes(np.shape(mu), lower.shape)
    low, high = np.broadcast_to(lower, shape), np.broadcast_to(upper, shape)
    at_low = _slope(lt, low, r) - mu <= 0
    at_high = _slope(lt, high, r) - mu >= 0
    for _ in range(_INNER_STEPS):
        mid = 0.5 * (low + high)
        if not np.any((low < mid) & (mid < high)):
            break
        rising = _slope(lt, mid, r) - mu > 0
        low = np.where(rising, mid, low)
        high = np.where(rising, high, mid)
    c = np.where(at_high, upper, 0.5 * (low + high))
    return np.asarray(np.where(at_low, lower, c), dtype=np.float64)


def dual_value(lt: LogitType, r: float, mu: float, c: FloatArray) -> float:
    """``Phi(mu; r)`` given the inner maximisers ``c``."""
    g = lt.weights(c) * (lt.du + lt.dd * c - r)
    return float(mu * lt.budget + np.sum(g - mu * c))


@dataclass(frozen=True)
class CheckResult:
    """The dual bound ``bound`` (at ``multiplier``) and a feasible maximiser ``coverage``."""

    bound: float
    multiplier: float
    coverage: FloatArray


def maximise_check(lt: LogitType, r: float) -> CheckResult:
    """``max G(c; r)`` over the box: dual bound, multiplier and primal point."""
    c0 = inner_argmax(lt, r, 0.0)
    if float(np.sum(c0)) <= lt.budget:
        return CheckResult(dual_value(lt, r, 0.0, c0), 0.0, c0)
    # every inner slope is below this, so at mu_max each target sits at its floor
    span = np.maximum(np.abs(lt.du - r), np.abs(lt.du + lt.dd - r))
    mu_high = float(np.max(np.abs(lt.beta) * span + lt.dd)) + 1.0
    # weights span hundreds of orders of magnitude: search on log(mu) first
    mu_low = mu_high * 1e-300
    c_low, c_high = inner_argmax(lt, r, mu_low), lt.lower  # maximisers at the bracket's ends
    if float(np.sum(c_low)) <= lt.budget:
        mu_low, c_low = 0.0, c0
    steps = np.arange(1, _PROBES + 1) / (_PROBES + 1)
    for _ in range(_OUTER_ROUNDS):
        if mu_high - mu_low <= 1e-15 * mu_high:
            break
        if mu_low > 0 and mu_high > 2.0 * mu_low:
            probes = mu_low * (mu_high / mu_low) ** steps
        else:
            probes = mu_low + (mu_high - mu_low) * steps
        rows = inner_argmax(lt, r, probes[:, None], c_high, c_low)
        over = np.flatnonzero(np.sum(rows, axis=1) > lt.budget)
        first_within = int(over[-1]) + 1 if over.size else 0
        if first_within > 0:
            mu_low, c_low = float(probes[first_within - 1]), rows[first_within - 1]
        if first_within < _PROBES:
            mu_high, c_high = float(probes[first_within]), rows[first_within]
    # c_high spends at most the budget (feasible); c_low at least
    bound = min(dual_value(lt, r, mu_high, c_high), dual_value(lt, r, mu_low, c_low))
    multiplier = mu_high if dual_value(lt, r, mu_high, c_high) <= bound else mu_low
    return CheckResult(bound, multiplier, _fill(lt, r, c_high, c_low))


def _fill(lt: LogitType, r: float, c: FloatArray, reach: FloatArray) -> FloatArray:
    """Spend the budget left at ``c`` toward ``reach`` where that raises ``G``."""
    c = c.copy()
    spare = lt.budget - float(np.sum(c))
    gain = lt.weights(reach) * (lt.du + lt.dd * reach - r) - lt.weights(c) * (lt.du + lt.dd * c - r)
    for t in np.argsort(-gain):
        if spare <= 0 or gain[t] <= 0:
            break
        step = min(spare, float(reach[t] - c[t]))
        c[t] += step
        spare -= step
    return np.minimum(np.maximum(c, lt.lower), lt.upper)
