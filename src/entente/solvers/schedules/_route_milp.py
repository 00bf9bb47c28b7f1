"""Each unit's tour as MILP rows: a prize-collecting route from the base within the endurance.

For a patrol resource with priced routes (:mod:`entente.model.route_space`),
the pricing MILP (:mod:`entente.solvers.schedules._pricing_milp`) gets, per
unit ``u``, binaries ``y[u, i]`` (site ``i`` watched: its count column, as
a schedule's would be) and arcs ``x[u, a, b]`` over the base (node 0) and
the candidate sites, with the Miller-Tucker-Zemlin order ``o[u, i]`` in the
lifted form of Desrochers & Laporte (1991)::

    out(i) = in(i) = y[u, i];   out(0) = in(0) <= 1
    o_i - o_j + P x_ij + (P - 2) x_ji <= P - 1,   1 <= o_i <= P
    sum d_ab x_ab + stop * sum_i y[u, i] <= budget;   sum_i y[u, i] <= max_sites

Only sites with a positive weight are candidates: watching another never
gains, and leaving a site out never lengthens a tour (the distances obey
the triangle inequality), so the optimum is unchanged. An arc ``a -> b``
with ``d(0, a) + d(a, b) + d(b, 0)`` over the budget lies on no tour and is
left out. Units of one resource are interchangeable: their prizes are
ordered (``prize(u) >= prize(u + 1)``) to cut symmetric copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from entente.model import FloatArray
from entente.model.route_space import RouteSpace
from entente.solvers.lp.builder import ModelBuilder

__all__ = ["TourBlock", "add_tours"]


@dataclass(frozen=True)
class TourBlock:
    """Where one resource's tours sit among the MILP's columns."""

    sites: tuple[int, ...]  # route-space positions of the candidate sites
    units: int
    visit: int  # y[u, i] at visit + u * P + i
    arcs: tuple[tuple[int, int], ...]  # (a, b) nodes: 0 the base, i + 1 candidate i
    arc: int  # x[u, k] at arc + u * len(arcs) + k
    order: int  # o[u, i] at order + u * P + i

    @property
    def size(self) -> int:
        return len(self.sites)

    def routes(self, x: FloatArray) -> list[tuple[int, ...]]:
        """Each active unit's route (site positions in flying order), read off a solution."""
        out = []
        for u in range(self.units):
            chosen = x[self.arc + u * len(self.arcs) : self.arc + (u + 1) * len(self.arcs)]
            following = {a: b for (a, b), v in zip(self.arcs, chosen, strict=True) if v > 0.5}
            route: list[int] = []
            node = following.get(0, 0)
            while node != 0 and len(route) <= self.size:
                route.append(self.sites[node - 1])
                node = following.get(node, 0)
            if route:
                out.append(tuple(route))
        return out

    def start(self, x: FloatArray, routes: Sequence[Sequence[int]], prizes: FloatArray) -> None:
        """Write ``routes`` (site positions; non-candidates dropped) into the MIP start ``x``."""
        node = {p: i + 1 for i, p in enumerate(self.sites)}
        kept = [[node[p] for p in route if p in node] for route in routes]
        kept = sorted((r for r in kept if r), key=lambda r: -sum(prizes[n - 1] for n in r))
        index = {arc: k for k, arc in enumerate(self.arcs)}
        for u, nodes in enumerate(kept[: self.units]):
            for rank, n in enumerate(nodes, start=1):
                x[self.visit + u * self.size + n - 1] = 1.0
                x[self.order + u * self.size + n - 1] = float(rank)
            for a, b in zip([0, *nodes], [*nodes, 0], strict=True):
                x[self.arc + u * len(self.arcs) + index[(a, b)]] = 1.0


def add_tours(
    builder: ModelBuilder,
    space: RouteSpace,
    sites: Sequence[int],
    prizes: FloatArray,
    units: int,
    visit: int,
) -> TourBlock:
    """Rows and columns of ``units`` tours over ``sites``, whose visits start at ``visit``."""
    size = len(sites)
    nodes = [0, *(p + 1 for p in sites)]
    d = space.distances[np.ix_(nodes, nodes)]
    limit = space.budget + space.tolerance()
    arcs = tuple(
        (a, b)
        for a in range(size + 1)
        for b in range(size + 1)
        if a != b and d[0, a] + d[a, b] + d[b, 0] + space.stop * ((a > 0) + (b > 0)) <= limit
    )
    arc = builder.columns(units * len(arcs), 0.0, 1.0, integer=True)
    order = builder.columns(units * size, 1.0, float(max(size, 1)))
    block = TourBlock(tuple(sites), units, visit, arcs, arc, order)
    for u in range(units):
        _unit_rows(builder, block, u, d, space)
        if u > 0:  # interchangeable units: the first ones collect the most
            row = {visit + (u - 1) * size + i: float(prizes[i]) for i in range(size)}
            for i in range(size):
                row[visit + u * size + i] = -float(prizes[i])
            builder.row(row, lower=0.0)
    return block


def _unit_rows(
    builder: ModelBuilder, block: TourBlock, u: int, d: FloatArray, space: RouteSpace
) -> None:
    size, arcs = block.size, block.arcs
    y = block.visit + u * size
    x = block.arc + u * len(arcs)
    o = block.order + u * size
    out: list[dict[int, float]] = [{} for _ in range(size + 1)]
    into: list[dict[int, float]] = [{} for _ in range(size + 1)]
    for k, (a, b) in enumerate(arcs):
        out[a][x + k] = 1.0
        into[b][x + k] = 1.0
    for i in range(1, size + 1):
        builder.row({**out[i], y + i - 1: -1.0}, 0.0, 0.0)
        builder.row({**into[i], y + i - 1: -1.0}, 0.0, 0.0)
    builder.row(out[0], upper=1.0)
    builder.row({**out[0], **{k: -1.0 for k in into[0]}}, 0.0, 0.0)
    index = {arc: k for k, arc in enumerate(arcs)}
    for (a, b), k in index.items():
        if a == 0 or b == 0:
            continue
        row = {o + a - 1: 1.0, o + b - 1: -1.0, x + k: float(size)}
        back = index.get((b, a))
        if back is not None and size > 2:
            row[x + back] = float(size - 2)
        builder.row(row, upper=float(size - 1))
    length = {x + k: float(d[a, b]) for k, (a, b) in enumerate(arcs)}
    for i in range(size):
        length[y + i] = space.stop
    builder.row(length, upper=space.budget + space.tolerance())
    if space.max_sites is not None and space.max_sites < size:
        builder.row({y + i: 1.0 for i in range(size)}, upper=float(space.max_sites))
