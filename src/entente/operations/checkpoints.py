"""Checkpoint plans drawn as rosters: each unit's "place" is a road, named by its ends.

The plan file of a checkpoint game holds ``strategy.form: checkpoints``
(allocations of edge ids per resource). Rosters are drawn from it exactly
as from a mixture of joint deployments: each allocation is one joint
deployment in which every unit holds one edge, listed by its endpoints'
names (``name`` when the node has one, else its id) and the edge id, so
that an order reads ``Pont de la Concorde (rive gauche) - Concorde (e12)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from entente._exceptions import FieldProblem
from entente.scenario.schema import ScenarioDoc

__all__ = ["checkpoint_mixture", "edge_labels", "edge_names"]


def edge_names(doc: ScenarioDoc) -> dict[str, str]:
    """Edge id -> ``"from - to"`` (node names, else ids) for an inline network, in file order."""
    network = doc.get("network", {})
    names = {n["id"]: n.get("name", n["id"]) for n in network.get("nodes", [])}
    return {
        e["id"]: f"{names.get(e['from'], e['from'])} - {names.get(e['to'], e['to'])}"
        for e in network.get("edges", [])
    }


def edge_labels(doc: ScenarioDoc) -> dict[str, str]:
    """Edge id -> ``"from - to (id)"`` for an inline network (GraphML: node ids)."""
    return {e: f"{name} ({e})" for e, name in edge_names(doc).items()}


def checkpoint_mixture(
    strategy: Mapping[str, Any], doc: ScenarioDoc
) -> tuple[dict[str, Any], tuple[str, ...], list[FieldProblem]]:
    """The strategy as a ``mixture`` over labelled edges, the labels, and any problems."""
    labels = edge_labels(doc)
    allocations = strategy.get("allocations")
    problems = list(_problems(allocations, labels))
    if problems:
        return {}, (), problems
    deployments = [
        {
            "probability": allocation["probability"],
            "resources": {
                resource: [[labels[e]] for e in edges]
                for resource, edges in allocation["resources"].items()
            },
        }
        for allocation in allocations  # type: ignore[union-attr]
    ]
    return {"form": "mixture", "deployments": deployments}, tuple(labels.values()), []


def _problems(allocations: object, labels: dict[str, str]) -> Iterator[FieldProblem]:
    if not labels:
        yield FieldProblem("scenario.network", "rosters need the road graph inline (nodes, edges)")
        return
    if not isinstance(allocations, list) or not allocations:
        yield FieldProblem("strategy.allocations", "must be a non-empty list")
        return
    for i, allocation in enumerate(allocations):
        resources = allocation.get("resources") if isinstance(allocation, Mapping) else None
        if not isinstance(resources, Mapping):
            yield FieldProblem(f"strategy.allocations[{i}]", "must give resources: edge ids")
            continue
        for resource, edges in resources.items():
            if not isinstance(edges, list) or not all(e in labels for e in edges):
                yield FieldProblem(
                    f"strategy.allocations[{i}].resources.{resource}",
                    f"must be a list of edge ids of the network, got {edges!r}",
                )
