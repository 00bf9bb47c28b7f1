"""Tours built greedily for priced routes: the heuristics that run before the MILP.

For prizes on sites (the weight a unit would add there), a tour grows from
the base by the insertion with the best prize per extra kilometre among
those that keep it within the endurance (cheapest position for each site),
the classic insertion heuristic of orienteering (Tsiligirides 1984). Units
of one resource are built one after another, each on the prizes the
previous ones left (a site already watched is worth ``1 - e`` as much).
"""

from __future__ import annotations

import numpy as np

from entente.model import FloatArray
from entente.model.route_space import RouteSpace

__all__ = ["greedy_tours"]


def greedy_tours(
    space: RouteSpace, prizes: FloatArray, units: int, effectiveness: float
) -> list[tuple[int, ...]]:
    """Up to ``units`` tours (site positions in flying order) for ``prizes`` per site."""
    left = np.array(prizes, dtype=np.float64)
    reach = np.zeros(space.n_sites, dtype=bool)
    reach[space.reachable()] = True
    tours = []
    for _ in range(units):
        route = _one_tour(space, np.where(reach, left, 0.0))
        if not route:
            break
        tours.append(route)
        left[list(route)] *= 1.0 - effectiveness
    return tours


def _one_tour(space: RouteSpace, prizes: FloatArray) -> tuple[int, ...]:
    d = space.distances
    candidates = np.flatnonzero(prizes > 0)
    nodes: list[int] = [0, 0]  # base .. base; site p is node p + 1
    length = 0.0
    limit = space.budget + space.tolerance()
    cap = space.n_sites if space.max_sites is None else space.max_sites
    while candidates.size and len(nodes) - 2 < cap:
        before, after = np.array(nodes[:-1]), np.array(nodes[1:])
        c = candidates + 1
        extra = d[np.ix_(before, c)] + d[np.ix_(c, after)].T - d[before, after][:, None]
        extra = extra + space.stop
        where = np.argmin(extra, axis=0)
        cost = extra[where, np.arange(c.size)]
        fits = length + cost <= limit
        if not np.any(fits):
            break
        score = np.where(fits, prizes[candidates] / (cost + 1e-9 * max(1.0, space.budget)), -1)
        k = int(np.argmax(score))
        nodes.insert(int(where[k]) + 1, int(c[k]))
        length += float(cost[k])
        candidates = np.delete(candidates, k)
    return tuple(n - 1 for n in nodes[1:-1])
