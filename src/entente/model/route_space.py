"""Generated patrol routes kept implicit: a base, sites and an endurance, never the route list.

A patrol resource with ``routes`` may fly, in each slot, any closed tour
from its base through a set of its sites whose length (plus ``stop`` per
site watched) fits ``budget``; at most ``max_sites`` sites when given. The
family of such sets can be astronomically large (every subset of 200 sites
within reach), so solvers price routes instead of listing them
(:mod:`entente.solvers.schedules._route_milp`); :meth:`RouteSpace.routes`
lists them only for the small games where that is cheaper.

Node 0 of ``distances`` is the base, node ``p + 1`` the ``p``-th site;
``slot_targets[s][p]`` is the target the ``p``-th site is in slot ``s``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from entente.model.game import FloatArray, Game, Resource
from entente.model.routes import enumerate_routes, tour

__all__ = ["HELD_KARP_SITES", "RouteSpace", "enumerated", "priced"]

HELD_KARP_SITES = 12
"""Up to this many sites, a route's shortest order is found exactly (Held-Karp)."""


@dataclass(frozen=True, eq=False)
class RouteSpace:
    """Every tour from the base within the budget, per slot, as a rule rather than a list."""

    distances: FloatArray
    slot_targets: tuple[tuple[int, ...], ...]
    budget: float
    stop: float = 0.0
    max_sites: int | None = None

    @property
    def n_sites(self) -> int:
        return int(self.distances.shape[0]) - 1

    def tolerance(self) -> float:
        return 1e-9 * max(1.0, self.budget)

    def reachable(self) -> list[int]:
        """Sites (positions) a unit can watch alone and come back from within the budget."""
        out_back = self.distances[0, 1:] + self.distances[1:, 0] + self.stop
        return [int(p) for p in np.flatnonzero(out_back <= self.budget + self.tolerance())]

    def length(self, sites: Sequence[int]) -> float:
        """Length of the closed tour visiting ``sites`` (positions) in the order given."""
        nodes = [0, *(p + 1 for p in sites), 0]
        hops = sum(float(self.distances[a, b]) for a, b in itertools.pairwise(nodes))
        return hops + self.stop * len(sites)

    def fits(self, sites: Sequence[int]) -> bool:
        """Whether some order of ``sites`` fits (the given order, else Held-Karp when small)."""
        if len(set(sites)) != len(sites):
            return False
        if self.max_sites is not None and len(sites) > self.max_sites:
            return False
        if self.length(sites) <= self.budget + self.tolerance():
            return True
        if len(sites) > HELD_KARP_SITES:
            return False
        _, best = tour(self.distances, 0, [p + 1 for p in sites], self.stop)
        return best <= self.budget + self.tolerance()

    def shortened(self, sites: Sequence[int]) -> tuple[int, ...]:
        """``sites`` reordered by 2-opt moves (never longer): the order a unit flies them."""
        nodes = np.array([0, *(p + 1 for p in sites), 0])
        d = self.distances
        improved = True
        while improved:
            improved = False
            for i in range(1, len(nodes) - 2):
                j = np.arange(i + 1, len(nodes) - 1)
                a, b, c, e = nodes[i - 1], nodes[i], nodes[j], nodes[j + 1]
                delta = d[a, c] + d[b, e] - d[a, b] - d[c, e]
                k = int(np.argmin(delta))
                if delta[k] < -1e-12 * max(1.0, self.budget):
                    nodes[i : j[k] + 1] = nodes[i : j[k] + 1][::-1]
                    improved = True
        return tuple(int(n) - 1 for n in nodes[1:-1])

    def positions(self, slot: int) -> dict[int, int]:
        """Target -> site position, for the targets of ``slot``."""
        return {t: p for p, t in enumerate(self.slot_targets[slot])}

    def routes(self, slot: int) -> list[tuple[int, ...]]:
        """Every route of ``slot`` as targets in visiting order (enumeration: small games)."""
        found = enumerate_routes(
            self.distances,
            0,
            [p + 1 for p in self.reachable()],
            self.budget,
            stop_cost=self.stop,
            max_sites=self.max_sites,
        )
        targets = self.slot_targets[slot]
        return [tuple(targets[node - 1] for node in order) for order, _ in found]


def priced(game: Game) -> list[int]:
    """Indices of the resources whose routes are priced, not listed."""
    return [r for r, resource in enumerate(game.resources) if resource.routes is not None]


def enumerated(game: Game) -> Game:
    """The same game with every route listed (for solvers that need the list: small games)."""
    if not priced(game):
        return game
    resources = tuple(_listed(game, resource) for resource in game.resources)
    return dataclasses.replace(game, resources=resources)


def _listed(game: Game, resource: Resource) -> Resource:
    space = resource.routes
    if space is None:
        return resource
    schedules = tuple(route for slot in range(game.n_slots) for route in space.routes(slot))
    return dataclasses.replace(resource, schedules=schedules, routes=None)
