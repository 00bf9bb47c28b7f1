"""Interval attacker payoffs (Kiekintveld, Islam & Kreinovich, AAMAS 2013).

A scenario may give an attacker payoff as ``[low, high]``; the game's
point payoffs are then the midpoints, and :class:`AttackerBounds` keeps the
box. Under coverage ``c`` the attacker's utility at ``t`` lies in
``[Ua_low(t, c), Ua_high(t, c)]`` with::

    Ua_low(t, c)  = c Ua_c_low[t]  + (1 - c) Ua_u_low[t]
    Ua_high(t, c) = c Ua_c_high[t] + (1 - c) Ua_u_high[t]

and target ``t`` is a possible best response exactly when
``Ua_high(t, c) >= max_s Ua_low(s, c)`` (each payoff moves independently
within its interval).
"""

from __future__ import annotations

from dataclasses import dataclass

from entente.model.game import FloatArray

__all__ = ["AttackerBounds"]


@dataclass(frozen=True, eq=False)
class AttackerBounds:
    """Lowest and highest attacker payoffs, each of shape ``(types, targets)``."""

    covered_low: FloatArray
    covered_high: FloatArray
    uncovered_low: FloatArray
    uncovered_high: FloatArray

    def low(self, coverage: FloatArray) -> FloatArray:
        """The attacker's lowest possible utility per type x target."""
        return self.uncovered_low + coverage * (self.covered_low - self.uncovered_low)

    def high(self, coverage: FloatArray) -> FloatArray:
        """The attacker's highest possible utility per type x target."""
        return self.uncovered_high + coverage * (self.covered_high - self.uncovered_high)
