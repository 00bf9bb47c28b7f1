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
    tours: list[tuple[int, ...]] = []
    while len(tours) < units:
        prizes = np.where(reach, left, 0.0)
        route = _one_tour(space, prizes)
        if not route:
            break
        if len(route) == np.count_nonzero(prizes > 0):  # took every site: so will the rest
            return tours + [route] * (units - len(tours))
        tours.append(route)
        left[list(route)] *= 1.0 - effectiveness
    return tours


def _one_tour(space: RouteSpace, prizes: FloatArray) -> tuple[int, ...]:
    """Best prize per extra km insertion until none fits; insertion costs kept incrementally."""
    d = space.distances
    c = np.flatnonzero(prizes > 0) + 1  # candidate nodes
    nodes: list[int] = [0, 0]  # base .. base; site p is node p + 1
    # cheapest insertion of each candidate: its extra length and the edge (a, b) it splits
    cost = d[0, c] + d[c, 0] + space.stop
    edge_a, edge_b = np.zeros(c.size, dtype=np.intp), np.zeros(c.size, dtype=np.intp)
    length, limit = 0.0, space.budget + space.tolerance()
    cap = space.n_sites if space.max_sites is None else space.max_sites
    floor = 1e-9 * max(1.0, space.budget)
    while len(nodes) - 2 < min(cap, c.size):
        fits = length + cost <= limit
        if not np.any(fits):
            break
        k = int(np.argmax(np.where(fits, prizes[c - 1] / (cost + floor), -1.0)))
        v, a, b = int(c[k]), int(edge_a[k]), int(edge_b[k])
        nodes.insert(nodes.index(a) + 1, v)  # edge a -> b: the base opens the tour
        length += float(cost[k])
        cost[k] = np.inf  # taken
        open_ = np.isfinite(cost)
        stale = (edge_a == a) & (edge_b == b) & open_
        for x, y in ((a, v), (v, b)):  # the two new edges
            extra = d[x, c] + d[c, y] - d[x, y] + space.stop
            better = (extra < cost) & open_ & ~stale
            cost[better], edge_a[better], edge_b[better] = extra[better], x, y
        if np.any(stale):  # their edge is gone: look again along the whole tour
            before, after = np.array(nodes[:-1]), np.array(nodes[1:])
            cs = c[stale]
            extra = d[np.ix_(before, cs)] + d[np.ix_(cs, after)].T - d[before, after][:, None]
            where = np.argmin(extra, axis=0)
            cost[stale] = extra[where, np.arange(cs.size)] + space.stop
            edge_a[stale], edge_b[stale] = before[where], after[where]
    return tuple(n - 1 for n in nodes[1:-1])
