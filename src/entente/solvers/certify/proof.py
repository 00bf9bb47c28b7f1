"""Evidence for a plan's bound that the certificate re-checks on its own.

:class:`DualProof` (one behavioural type on a coverage box; Yang, Ordóñez &
Tambe 2012, GOSAQ): for the level ``r`` and budget multiplier ``mu >= 0``,
weak Lagrangian duality gives, for every feasible coverage ``c``::

    sum_t w_t(c_t) (Ud_t(c_t) - r)
        <= mu B + sum_t max_{c in [l_t, u_t]} [ w_t(c) (Ud_t(c) - r) - mu c ]  =  value

with ``w_t(c) = exp(alpha_t - shift + beta_t c)``. When ``value < 0`` no
coverage reaches defender utility ``r`` against that type, so ``r`` bounds
the optimum. ``shift`` only rescales the inequality (it keeps the exponents
finite).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BoundProof", "DualProof", "RobustClaim"]


@dataclass(frozen=True)
class DualProof:
    """``value < 0`` at ``level`` and ``multiplier``: the optimum is below ``level``."""

    type_index: int
    level: float
    multiplier: float
    shift: float
    value: float


@dataclass(frozen=True)
class RobustClaim:
    """A maximin plan: each type may hit any target it might prefer, within ``margin``.

    The plan's value is the worst case over the attacker's interval payoffs
    (point payoffs when there are none) and over targets within ``margin``
    of the best: ``attacked`` is that worst target.
    """

    margin: float


BoundProof = DualProof | RobustClaim
