"""The most sites one unit can watch on a tour: a bound from pairs of sites that cannot share one.

A tour from the base through sites ``a`` and ``b`` (in either order) is at
least ``d(0, a) + d(a, b) + d(b, 0) + 2 stop`` long (triangle inequality),
so two sites for which that exceeds the budget never share a tour. The
sites of any tour are then a clique of the compatible pairs, and the
largest such set (a small MILP on HiGHS: ``max sum y``, ``y_a + y_b <= 1``
per incompatible pair) bounds the sites per tour. Under its time limit the
MILP's dual bound is used, never its incumbent, so the bound stays valid;
only a proven bound is kept for the next solve on the same route space.

The marginal relaxation (:mod:`entente.solvers.schedules._marginals`)
uses both: ``sum_t x_t <= units * most_sites`` and, per incompatible pair,
``x_a + x_b <= units``. The exact orienteering MILP
with unit prizes (:mod:`entente.solvers.schedules._route_milp`) is far
weaker in practice: on 200 coast sites its dual bound stays at 200 after
15 s, where the pairs give 124 in 0.1 s.
"""

from __future__ import annotations

import math
import weakref

import numpy as np

from entente.model.route_space import RouteSpace
from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.lp.highs import solve_linear

__all__ = ["conflicts", "most_sites"]

TIME_LIMIT = 2.0
"""Most seconds for the MILP (less if the solve has less left); past it, its dual bound."""

_CACHE: weakref.WeakKeyDictionary[RouteSpace, int] = weakref.WeakKeyDictionary()
_PAIRS: weakref.WeakKeyDictionary[RouteSpace, list[tuple[int, int]]] = weakref.WeakKeyDictionary()


def conflicts(space: RouteSpace) -> list[tuple[int, int]]:
    """Pairs of reachable sites (positions) that no tour of ``space`` watches together."""
    if space not in _PAIRS:
        sites = space.reachable()
        nodes = [0, *(p + 1 for p in sites)]
        d = space.distances[np.ix_(nodes, nodes)]
        out_back = d[0, 1:][:, None] + d[1:, 1:] + d[1:, 0][None, :] + 2.0 * space.stop
        out_back = np.minimum(out_back, out_back.T)  # either order
        pairs = np.argwhere(np.triu(out_back > space.budget + space.tolerance(), k=1))
        _PAIRS[space] = [(sites[int(a)], sites[int(b)]) for a, b in pairs]
    return _PAIRS[space]


def most_sites(space: RouteSpace, time_limit: float | None = None) -> int:
    """An upper bound on the sites of one tour of ``space``, within ``time_limit`` seconds."""
    if space not in _CACHE:
        bound, proven = _solve(
            space, TIME_LIMIT if time_limit is None else min(time_limit, TIME_LIMIT)
        )
        if not proven:
            return bound
        _CACHE[space] = bound
    return _CACHE[space]


def _solve(space: RouteSpace, time_limit: float) -> tuple[int, bool]:
    """The bound, and whether it is the MILP's optimum (else the best its time allowed)."""
    sites = space.reachable()
    trivial = len(sites) if space.max_sites is None else min(len(sites), space.max_sites)
    pairs = conflicts(space)
    if not pairs:
        return trivial, True
    model = ModelBuilder()
    y = model.columns(len(sites), 0.0, 1.0, cost=1.0, integer=True)
    column = {p: y + k for k, p in enumerate(sites)}
    for a, b in pairs:
        model.row({column[a]: 1.0, column[b]: 1.0}, upper=1.0)
    if space.max_sites is not None:
        model.row({y + k: 1.0 for k in range(len(sites))}, upper=float(space.max_sites))
    result = solve_linear(model.program(), time_limit=time_limit)
    if result.bound is None or not math.isfinite(result.bound):
        return trivial, False
    return min(trivial, math.floor(result.bound + 1e-6)), result.status == "optimal"
