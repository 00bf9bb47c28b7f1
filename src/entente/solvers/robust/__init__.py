"""Robust plans: interval payoffs and unreliable tie-breaking, solved as a maximin MILP.

Kiekintveld, Islam & Kreinovich, "Security games with interval
uncertainty", AAMAS 2013 (:mod:`~entente.solvers.robust.interval`): each type
may attack any target that is a best response for some payoffs in its
intervals, or within ``margin`` of the best; the defender maximises its
worst case::

    max  sum_k p_k z_k
    s.t. z_k <= Ud(k, t, c_t)   for every t type k might attack

with every big-M derived from the payoff ranges.
"""

from entente.solvers.robust.interval import robust

__all__ = ["robust"]
