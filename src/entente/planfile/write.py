"""Plans as JSON: the keys of ``entente solve --json`` and the plan file.

The summary (:func:`plan_summary`) holds exactly the keys DESIGN.md fixes
for ``solve --json``. The plan file (:func:`plan_document`) adds what later
steps need without the solver: the mixed strategy, the bound and message,
the certificate, the scenario itself with its hash, and the versions used.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import numpy as np
import orjson

from entente.model import Game
from entente.scenario import Scenario
from entente.solvers import CombStrategy, MixtureStrategy, Plan
from entente.solvers.plan import CheckpointStrategy

__all__ = ["PLAN_FORMAT", "dumps", "plan_document", "plan_summary"]

PLAN_FORMAT = "entente-plan/1"


def _number(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def plan_summary(game: Game, plan: Plan) -> dict[str, Any]:
    """The ``solve --json`` object."""
    ids = game.target_ids
    types = {
        game.type_ids[k]: {
            "attacked": None if r.attacked is None else ids[r.attacked],
            "attacker_utility": r.attacker_utility,
            "defender_utility": r.defender_utility,
        }
        for k, r in enumerate(plan.responses)
    }
    single = plan.responses[0] if len(plan.responses) == 1 else None
    network = _network_summary(game, plan, types)
    return {
        "status": plan.status,
        "method": plan.method,
        "defender_utility": _number(plan.defender_utility),
        "attacker_utility": _number(plan.attacker_utility),
        "attacked": None if single is None or single.attacked is None else ids[single.attacked],
        "types": types,
        "coverage": None
        if plan.coverage is None
        else dict(zip(ids, plan.coverage.tolist(), strict=True)),
        "gap": _number(plan.gap),
        "verified": plan.verified,
        "seconds": plan.seconds,
        "bound": _number(plan.bound),
        "message": plan.message,
        **network,
    }


def _network_summary(game: Game, plan: Plan, types: dict[str, Any]) -> dict[str, Any]:
    """Checkpoint games: ``checkpoints`` (edge id -> probability that a checkpoint stands
    there) and each type's best path (``types[type].path``: source, nodes, edges)."""
    network = game.network
    strategy = plan.strategy
    if network is None or not isinstance(strategy, CheckpointStrategy):
        return {}
    for type_id, response in zip(types, plan.responses, strict=True):
        if response.path is None or response.source is None:
            continue
        nodes = network.path_nodes(response.source, response.path)
        types[type_id]["path"] = {
            "source": network.node_ids[response.source],
            "nodes": [network.node_ids[v] for v in nodes],
            "edges": [network.edge_ids[e] for e in response.path],
        }
    presence = strategy.presence(network)
    return {"checkpoints": dict(zip(network.edge_ids, presence.tolist(), strict=True))}


def plan_document(scenario: Scenario, game: Game, plan: Plan) -> dict[str, Any]:
    """The plan file: the summary plus strategy, certificate, scenario and versions."""
    document = plan_summary(game, plan)
    document.update(
        {
            "format": PLAN_FORMAT,
            "strategy": _strategy(game, plan),
            "certificate": _certificate(plan),
            "scenario_sha256": scenario.sha256(),
            "scenario": scenario.document,
            "versions": _versions(),
        }
    )
    return document


def dumps(document: dict[str, Any], *, indent: bool = False) -> bytes:
    """Serialise with orjson (fast for millions of targets); numpy-safe."""
    option = orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(document, option=option)


def _strategy(game: Game, plan: Plan) -> dict[str, Any] | None:
    strategy = plan.strategy
    if isinstance(strategy, CombStrategy):
        return {
            "form": "comb",
            "units": strategy.units,
            "effectiveness": strategy.effectiveness,
            "resources": {r.id: r.count for r in game.resources},
            "marginals": dict(zip(game.target_ids, strategy.marginals.tolist(), strict=True)),
        }
    if isinstance(strategy, CheckpointStrategy) and game.network is not None:
        edge_ids = game.network.edge_ids
        return {
            "form": "checkpoints",
            "allocations": [
                {
                    "probability": float(p),
                    "resources": {
                        resource.id: [edge_ids[e] for e in edges]
                        for resource, edges in zip(
                            game.network.checkpoints, allocation, strict=True
                        )
                    },
                }
                for p, allocation in zip(strategy.probabilities, strategy.allocations, strict=True)
            ],
        }
    if isinstance(strategy, MixtureStrategy):
        ids = game.target_ids
        return {
            "form": "mixture",
            "deployments": [
                {
                    "probability": float(p),
                    "resources": {
                        resource.id: [[ids[t] for t in unit] for unit in units]
                        for resource, units in zip(game.resources, deployment, strict=True)
                    },
                }
                for p, deployment in zip(strategy.probabilities, strategy.deployments, strict=True)
            ],
        }
    return None


def _certificate(plan: Plan) -> dict[str, Any] | None:
    if plan.certificate is None:
        return None
    return {
        "passed": plan.certificate.passed,
        "tolerance": plan.certificate.tolerance,
        "checks": [
            {"name": c.name, "passed": c.passed, "detail": c.detail}
            for c in plan.certificate.checks
        ],
    }


def _versions() -> dict[str, str]:
    versions = {}
    for package in ("entente", "numpy", "scipy", "highspy", "pydantic"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "unknown"
    return versions
