"""Resources of every kind, from the file to the model, with errors that name the field.

- ``guard``: ``targets`` (optional) restricts where its units may stand.
- ``patrol``: ``schedules`` (explicit routes, the stable form) and/or
  ``routes: {base, endurance_km}`` (every route within reach on the site
  graph). With both, the explicit routes are used and each must fit the
  endurance. Generated routes are listed only when at most
  :data:`ENUMERATE_UP_TO` sites are within reach; beyond, the resource
  carries its :class:`~entente.model.route_space.RouteSpace` and column
  generation prices tours (compile time linear in sites).
- ``static``: ``sites`` where its units may stand, one unit per site, the
  same all week.

A reference names a site (the route, restriction or barrier then holds in
every slot) or a ``site@slot`` (that slot only); see
:mod:`entente.scenario.slots`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from entente._exceptions import FieldProblem
from entente.model import FloatArray, Resource
from entente.model.route_space import RouteSpace
from entente.model.routes import enumerate_routes, tour
from entente.scenario.geography import Geography
from entente.scenario.schema import ResourceDoc, RoutesDoc, ScenarioDoc
from entente.scenario.slots import TargetIndex

__all__ = ["ENUMERATE_UP_TO", "compile_resources"]

ENUMERATE_UP_TO = 10
"""Most sites within reach for which generated routes are listed (at most 1,023 sets)."""

_FIELDS_BY_KIND = {
    "guard": {"targets", "slot_counts"},
    "patrol": {"schedules", "routes", "slot_counts", "max_wind_kn"},
    "static": {"sites"},
    "checkpoint": {"edges"},
}
_KIND_SPECIFIC = {"targets", "schedules", "routes", "sites", "slot_counts", "max_wind_kn", "edges"}


def compile_resources(
    doc: ScenarioDoc, index: TargetIndex
) -> tuple[tuple[Resource, ...], list[FieldProblem]]:
    """The model's resources and every problem found on the way."""
    geography = Geography.of(doc) if any("routes" in r for r in doc["resources"]) else None
    resources, problems = [], []
    for r, entry in enumerate(doc["resources"]):
        compiler = _Compiler(entry, f"resources[{r}]", index, geography)
        resource = compiler.compile()
        problems.extend(compiler.problems)
        if resource is not None:
            resources.append(resource)
    return tuple(resources), problems


@dataclass(frozen=True)
class _Limits:
    """What a route must respect: its base, budget (km) and per-site cost (km); distances."""

    distances: FloatArray
    names: tuple[str, ...]
    base: int
    budget: float
    stop: float
    sites: list[int]
    max_sites: int | None


class _Compiler:
    """Compiles one resource entry; collects problems instead of stopping at the first."""

    def __init__(
        self, entry: ResourceDoc, path: str, index: TargetIndex, geography: Geography | None
    ) -> None:
        self.entry, self.path, self.index, self.geography = entry, path, index, geography
        self.kind = entry.get("kind", "guard")
        self.problems: list[FieldProblem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(FieldProblem(f"{self.path}{field}", message))

    def compile(self) -> Resource | None:
        if self.kind == "checkpoint":  # compiled with its network (scenario.network)
            self.fail(".kind", "checkpoints stand on the roads of a `network:`")
            return None
        for field in sorted(_KIND_SPECIFIC - _FIELDS_BY_KIND[self.kind]):
            if field in self.entry:
                self.fail(f".{field}", _wrong_kind(self.kind, field))
        schedules: tuple[tuple[int, ...], ...] = ()
        self.space: RouteSpace | None = None
        targets = None
        if self.kind == "guard" and "targets" in self.entry:
            targets = self._guard_targets(self.entry["targets"])
        elif self.kind == "patrol":
            schedules = self._patrol_schedules()
        elif self.kind == "static":
            schedules = self._sites()
        slot_counts = self._slot_counts()
        if self.problems:
            return None
        return Resource(
            id=self.entry["id"],
            count=self.entry["count"],
            kind=self.kind,
            effectiveness=self.entry.get("effectiveness", 1.0),
            schedules=schedules,
            targets=targets,
            slot_counts=slot_counts,
            routes=self.space,
        )

    # -- guards and statics -------------------------------------------------

    def _guard_targets(self, refs: list[str]) -> tuple[int, ...]:
        chosen: list[int] = []
        for j, ref in enumerate(refs):
            found, _, problem = self.index.resolve(ref)
            if problem:
                self.fail(f".targets[{j}]", problem)
            elif set(found) & set(chosen):
                self.fail(f".targets[{j}]", f"{ref!r} is listed twice")
            chosen.extend(found)
        return tuple(sorted(chosen))

    def _sites(self) -> tuple[tuple[int, ...], ...]:
        if "sites" not in self.entry:
            self.fail("", "a static resource needs `sites`: where its units may stand")
            return ()
        sites = self.entry["sites"]
        out: list[tuple[int, ...]] = []
        for j, site in enumerate(sites):
            found, _, problem = self.index.resolve(site)
            if problem:
                self.fail(f".sites[{j}]", problem)
            elif tuple(found) in out:
                self.fail(f".sites[{j}]", f"{site!r} is listed twice")
            else:
                out.append(tuple(found))
        return tuple(out)  # units beyond the sites stay idle (DESIGN.md)

    def _slot_counts(self) -> tuple[int, ...] | None:
        counts = self.entry.get("slot_counts")
        if counts is None or self.kind == "static":
            return None
        if not self.index.slots:
            self.fail(".slot_counts", "per-slot counts need the scenario's `slots`")
            return None
        per_slot = [self.entry["count"]] * len(self.index.slots)
        for slot_id, value in counts.items():
            if slot_id not in self.index.slots:
                self.fail(f".slot_counts.{slot_id}", f"unknown slot {slot_id!r}")
            elif value > self.entry["count"]:
                self.fail(
                    f".slot_counts.{slot_id}",
                    f"{value} units, more than the resource's count ({self.entry['count']})",
                )
            else:
                per_slot[self.index.slots.index(slot_id)] = value
        return tuple(per_slot)

    # -- patrols ------------------------------------------------------------

    def _patrol_schedules(self) -> tuple[tuple[int, ...], ...]:
        explicit = self.entry.get("schedules")
        routes = self.entry.get("routes")
        if explicit is None and routes is None:
            self.fail("", "a patrol needs `schedules` (routes) or `routes: {base, endurance_km}`")
            return ()
        limits = self._limits(routes) if routes is not None else None
        if routes is not None and limits is None:
            return ()
        if explicit is not None:
            return _unique(
                s for j, refs in enumerate(explicit) for s in self._explicit(j, refs, limits)
            )
        assert limits is not None
        return self._generated(limits)

    def _explicit(self, j: int, refs: list[str], limits: _Limits | None) -> list[tuple[int, ...]]:
        """One explicit route: per slot (site ids) or in its one slot (``site@slot`` ids)."""
        field = f".schedules[{j}]"
        resolved = [self.index.resolve(ref) for ref in refs]
        for k, (_, _, problem) in enumerate(resolved):
            if problem:
                self.fail(f"{field}[{k}]", problem)
        if any(problem for _, _, problem in resolved):
            return []
        slots = {slot for _, slot, _ in resolved}
        sites = [self.index.site_and_slot(found[0])[0] for found, _, _ in resolved]
        if len(set(sites)) != len(sites):
            self.fail(field, "a route names a site more than once")
            return []
        if len(slots) > 1:
            self.fail(
                field,
                "a route lies within one slot: use site ids (every slot) "
                "or `site@slot` ids of one slot, not both or several",
            )
            return []
        if limits is not None and not self._fits(field, sites, limits):
            return []
        if slots == {None}:
            return [
                tuple(self.index.target(s, slot) for s in sites)
                for slot in range(self.index.n_slots)
            ]
        return [tuple(found[0] for found, _, _ in resolved)]

    def _fits(self, field: str, sites: list[int], limits: _Limits) -> bool:
        _, length = tour(limits.distances, limits.base, sites, limits.stop)
        if length <= limits.budget * (1 + 1e-9):
            return True
        names = ", ".join(self.index.sites[s] for s in sites)
        self.fail(
            field,
            f"the route from {limits.names[limits.base]!r} through {names} is "
            f"{length:.1f} km long, more than the endurance ({limits.budget:.1f} km)",
        )
        return False

    def _generated(self, limits: _Limits) -> tuple[tuple[int, ...], ...]:
        nodes = [limits.base, *limits.sites]
        space = RouteSpace(
            distances=limits.distances[np.ix_(nodes, nodes)],
            slot_targets=tuple(
                tuple(self.index.target(site, slot) for site in limits.sites)
                for slot in range(self.index.n_slots)
            ),
            budget=limits.budget,
            stop=limits.stop,
            max_sites=limits.max_sites,
        )
        if not space.reachable():
            self.fail(".routes", _out_of_reach(limits))
            return ()
        if len(space.reachable()) > ENUMERATE_UP_TO:
            self.space = space  # priced by column generation, never listed
            return ()
        routes = enumerate_routes(
            limits.distances,
            limits.base,
            limits.sites,
            limits.budget,
            stop_cost=limits.stop,
            max_sites=limits.max_sites,
        )
        if not routes:
            self.fail(".routes", _out_of_reach(limits))
            return ()
        return tuple(
            tuple(self.index.target(site, slot) for site in route)
            for slot in range(self.index.n_slots)
            for route, _ in routes
        )

    def _limits(self, routes: RoutesDoc) -> _Limits | None:
        geography = self.geography
        if geography is None:  # built whenever some resource has routes
            raise RuntimeError("routes compiled without a geography")
        budget, stop = self._budget(routes)
        base = geography.node(routes["base"])
        if base is None:
            self.fail(".routes.base", f"unknown place or target {routes['base']!r}")
        sites = list(range(len(self.index.sites)))
        if "sites" in routes:
            sites = []
            for j, site in enumerate(routes["sites"]):
                if site in self.index.sites:
                    sites.append(self.index.sites.index(site))
                else:
                    self.fail(f".routes.sites[{j}]", f"unknown target {site!r}")
        if base is None or budget is None or self.problems:
            return None
        missing = geography.unlocated([base, *sites])
        if missing or geography.distances is None:
            self.fail(".routes", missing)
            return None
        return _Limits(
            geography.distances, geography.ids, base, budget, stop, sites, routes.get("max_sites")
        )

    def _budget(self, routes: RoutesDoc) -> tuple[float | None, float]:
        speed = routes.get("speed_kmh")
        stop = routes.get("watch_min", 0.0) / 60.0 * speed if speed else 0.0
        if "watch_min" in routes and speed is None:
            self.fail(".routes.watch_min", "needs `speed_kmh` to turn minutes into distance")
        if "endurance_km" in routes:
            if "endurance_min" in routes:
                self.fail(".routes", "give endurance_km, or endurance_min with speed_kmh, not both")
            return routes["endurance_km"], stop
        if "endurance_min" in routes:
            if speed is None:
                self.fail(
                    ".routes.endurance_min", "needs `speed_kmh` to turn minutes into distance"
                )
                return None, stop
            return routes["endurance_min"] / 60.0 * speed, stop
        self.fail(".routes", "give endurance_km, or endurance_min with speed_kmh")
        return None, stop


def _unique(schedules: Iterator[tuple[int, ...]]) -> tuple[tuple[int, ...], ...]:
    seen: set[frozenset[int]] = set()
    out = []
    for schedule in schedules:
        if frozenset(schedule) not in seen:
            seen.add(frozenset(schedule))
            out.append(schedule)
    return tuple(out)


def _wrong_kind(kind: str, field: str) -> str:
    hints: dict[str, Any] = {
        "targets": "only guards take `targets`",
        "schedules": "only patrols take `schedules`",
        "routes": "only patrols take `routes`",
        "sites": "only static resources take `sites`",
        "slot_counts": "a static resource stands in every slot",
        "max_wind_kn": "only patrols (drones) are grounded by the wind",
        "edges": "only checkpoints take `edges`",
    }
    return f"not allowed for kind {kind!r}: {hints[field]}"


def _out_of_reach(limits: _Limits) -> str:
    d, base = limits.distances, limits.base
    cost, nearest = min((d[base, s] + d[s, base] + limits.stop, s) for s in limits.sites)
    return (
        f"no route fits: the nearest site from {limits.names[base]!r}, "
        f"{limits.names[nearest]!r}, needs {cost:.1f} km out and back, more than the "
        f"endurance ({limits.budget:.1f} km)"
    )
