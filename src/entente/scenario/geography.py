"""Distances between the places of a scenario: from coordinates, or from an explicit graph.

Nodes are the targets (sites) and the ``places`` (drone bases). With a
``graph:`` the distance is the shortest path over its edges; otherwise the
great-circle distance between coordinates (:mod:`entente.model.routes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from entente._exceptions import FieldProblem
from entente.model import FloatArray
from entente.model.routes import graph_distances, haversine_km
from entente.scenario.schema import PlaceDoc, ScenarioDoc, TargetDoc

__all__ = ["Geography", "geography_problems"]


@dataclass(frozen=True, eq=False)
class Geography:
    """Node ids (sites first, then places), their field paths, and the distance matrix."""

    ids: tuple[str, ...]
    paths: tuple[str, ...]
    distances: FloatArray | None
    located: tuple[bool, ...]

    @classmethod
    def of(cls, doc: ScenarioDoc) -> Geography:
        entries: list[tuple[TargetDoc | PlaceDoc, str]] = [
            (t, f"targets[{i}]") for i, t in enumerate(doc["targets"])
        ]
        entries += [(p, f"places[{i}]") for i, p in enumerate(doc.get("places", []))]
        ids = tuple(e["id"] for e, _ in entries)
        located = tuple("lat" in e and "lon" in e for e, _ in entries)
        position = {node: i for i, node in enumerate(ids)}
        if "graph" in doc:
            edges = [
                (position[e["between"][0]], position[e["between"][1]], e["km"])
                for e in doc["graph"]
                if all(end in position for end in e["between"])
            ]
            distances: FloatArray | None = graph_distances(len(ids), edges)
        elif all(located):
            lat = [e.get("lat", 0.0) for e, _ in entries]
            lon = [e.get("lon", 0.0) for e, _ in entries]
            distances = haversine_km(lat, lon)
        else:
            distances = None
        return cls(ids, tuple(path for _, path in entries), distances, located)

    def node(self, node_id: str) -> int | None:
        try:
            return self.ids.index(node_id)
        except ValueError:
            return None

    def unlocated(self, nodes: list[int]) -> str:
        """Why distances between ``nodes`` are unknown, or ``""``."""
        if self.distances is not None:
            return ""
        missing = [i for i in nodes if not self.located[i]]
        if not missing:
            return ""
        first = missing[0]
        return (
            f"{self.paths[first]} ({self.ids[first]!r}) has no lat/lon: give coordinates "
            "to every place the routes use, or a `graph` of distances"
        )


def geography_problems(doc: ScenarioDoc) -> Iterator[FieldProblem]:
    """Duplicate place ids, places that reuse a target id, and graph edges to unknown nodes."""
    if "places" not in doc and "graph" not in doc:
        return
    target_ids = {t["id"] for t in doc["targets"]}
    seen: dict[str, int] = {}
    for i, place in enumerate(doc.get("places", [])):
        if place["id"] in target_ids:
            yield FieldProblem(f"places[{i}].id", f"{place['id']!r} is also a target id")
        elif place["id"] in seen:
            yield FieldProblem(
                f"places[{i}].id",
                f"duplicate id {place['id']!r} (also places[{seen[place['id']]}])",
            )
        seen.setdefault(place["id"], i)
        if ("lat" in place) != ("lon" in place):
            yield FieldProblem(f"places[{i}]", "give both lat and lon, or neither")
    nodes = target_ids | set(seen)
    for i, edge in enumerate(doc.get("graph", [])):
        for j, end in enumerate(edge["between"]):
            if end not in nodes:
                yield FieldProblem(f"graph[{i}].between[{j}]", f"unknown place or target {end!r}")
    if np.any([e["between"][0] == e["between"][1] for e in doc.get("graph", [])]):
        yield FieldProblem("graph", "an edge must join two different places")
