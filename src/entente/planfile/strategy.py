"""A plan file's ``strategy`` read back into the solver's typed strategy.

Every problem names its field: a comb gives marginals per target id, a unit
count and an effectiveness, and the scenario's per-resource counts; a
mixture gives probabilities over joint deployments, each listing every unit
of every resource the targets it covers, in route order (a short list means
idle units); a checkpoint mixture gives allocations of edge ids per
checkpoint resource. Whether the strategy realises the plan's coverage is
the certificate's question (:mod:`entente.planfile.read`), not this one's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard

import numpy as np

from entente._exceptions import FieldProblem
from entente.model import Game
from entente.solvers import CombStrategy, MixtureStrategy
from entente.solvers.plan import CheckpointStrategy, Strategy

__all__ = ["PLAN_TOLERANCE", "read_strategy"]

PLAN_TOLERANCE = 1e-6
"""How far marginals and probabilities may stray from their bounds (solver tolerances)."""


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)


def read_strategy(
    strategy: Mapping[str, Any], game: Game
) -> tuple[Strategy | None, list[FieldProblem]]:
    """The typed strategy, or None and the problems found (each naming its field)."""
    form = strategy.get("form")
    if form == "comb":
        problems = list(_comb_problems(strategy, game))
        if problems:
            return None, problems
        marginals = np.array([strategy["marginals"][t] for t in game.target_ids], dtype=float)
        return CombStrategy(marginals, int(strategy["units"]), float(strategy["effectiveness"])), []
    if form == "mixture":
        problems = list(_mixture_problems(strategy, game))
        return (None, problems) if problems else (_mixture(strategy, game), [])
    if form == "checkpoints" and game.network is not None:
        return _checkpoints(strategy, game)
    return None, [
        FieldProblem("strategy.form", f"must be 'comb', 'mixture' or 'checkpoints', got {form!r}")
    ]


def _comb_problems(strategy: Mapping[str, Any], game: Game) -> Iterator[FieldProblem]:
    units = strategy.get("units")
    if isinstance(units, bool) or not isinstance(units, int) or units < 0:
        yield FieldProblem("strategy.units", f"must be a non-negative integer, got {units!r}")
        return
    e = strategy.get("effectiveness")
    if not _is_number(e) or not 0.0 <= e <= 1.0:
        yield FieldProblem("strategy.effectiveness", f"must be in [0, 1], got {e!r}")
    pooled = strategy.get("resources")
    expected = {r.id: r.count for r in game.resources}
    if not isinstance(pooled, Mapping) or dict(pooled) != expected:
        yield FieldProblem(
            "strategy.resources",
            f"must give the scenario's resource counts {expected}, got {pooled!r}",
        )
    elif sum(expected.values()) != units:
        yield FieldProblem(
            "strategy.units", f"is {units} but the resources have {sum(expected.values())} units"
        )
    yield from _marginal_problems(strategy.get("marginals"), units, game.target_ids)


def _marginal_problems(
    marginals: object, units: int, target_ids: tuple[str, ...]
) -> Iterator[FieldProblem]:
    if not isinstance(marginals, Mapping):
        yield FieldProblem("strategy.marginals", "must map target ids to probabilities")
        return
    unknown = [t for t in marginals if t not in set(target_ids)]
    for target in unknown[:5]:
        yield FieldProblem(f"strategy.marginals.{target}", "not a target of the scenario")
    missing = [t for t in target_ids if t not in marginals]
    if missing:
        yield FieldProblem("strategy.marginals", f"no marginal for target(s) {', '.join(missing)}")
    bad = False
    for target, value in marginals.items():
        if not _is_number(value) or not -PLAN_TOLERANCE <= value <= 1 + PLAN_TOLERANCE:
            bad = True
            yield FieldProblem(f"strategy.marginals.{target}", f"must be in [0, 1], got {value!r}")
    if not bad and not unknown and not missing:
        total = float(sum(marginals.values()))
        if total > units + PLAN_TOLERANCE * max(1, units):
            yield FieldProblem(
                "strategy.marginals", f"add up to {total:g}, more than the {units} units"
            )


def _mixture_problems(strategy: Mapping[str, Any], game: Game) -> Iterator[FieldProblem]:
    deployments = strategy.get("deployments")
    if not isinstance(deployments, list) or not deployments:
        yield FieldProblem("strategy.deployments", "must be a non-empty list")
        return
    known = set(game.target_ids)
    counts = {r.id: r.count for r in game.resources}
    total = 0.0
    for i, deployment in enumerate(deployments):
        path = f"strategy.deployments[{i}]"
        if not isinstance(deployment, Mapping):
            yield FieldProblem(path, "must be an object with probability and resources")
            continue
        p = deployment.get("probability")
        if not _is_number(p) or not -PLAN_TOLERANCE <= p <= 1 + PLAN_TOLERANCE:
            yield FieldProblem(f"{path}.probability", f"must be in [0, 1], got {p!r}")
        else:
            total += p
        yield from _deployment_problems(
            f"{path}.resources", deployment.get("resources"), counts, known
        )
    if abs(total - 1.0) > PLAN_TOLERANCE:
        yield FieldProblem("strategy.deployments", f"probabilities add up to {total!r}, not 1")


def _deployment_problems(
    path: str, units_by_resource: object, counts: dict[str, int], known: set[str]
) -> Iterator[FieldProblem]:
    if not isinstance(units_by_resource, Mapping):
        yield FieldProblem(path, "must map resource ids to lists of unit routes")
        return
    for resource_id in units_by_resource:
        if resource_id not in counts:
            yield FieldProblem(f"{path}.{resource_id}", "not a resource of the scenario")
    for resource_id, count in counts.items():
        units = units_by_resource.get(resource_id, [])
        if not isinstance(units, list) or len(units) > count:
            yield FieldProblem(
                f"{path}.{resource_id}", f"must be a list of at most {count} unit routes"
            )
            continue
        for j, route in enumerate(units):
            if not isinstance(route, list) or not all(
                isinstance(t, str) and t in known for t in route
            ):
                yield FieldProblem(
                    f"{path}.{resource_id}[{j}]", f"must be a list of target ids, got {route!r}"
                )


def _mixture(strategy: Mapping[str, Any], game: Game) -> MixtureStrategy:
    index = {t: i for i, t in enumerate(game.target_ids)}
    deployments = tuple(
        tuple(
            tuple(tuple(index[t] for t in unit) for unit in d["resources"].get(r.id, []))
            for r in game.resources
        )
        for d in strategy["deployments"]
    )
    probabilities = np.array([d["probability"] for d in strategy["deployments"]], dtype=float)
    return MixtureStrategy(probabilities, deployments)


def _checkpoints(
    strategy: Mapping[str, Any], game: Game
) -> tuple[Strategy | None, list[FieldProblem]]:
    network = game.network
    assert network is not None
    edges = {e: i for i, e in enumerate(network.edge_ids)}
    allocations = strategy.get("allocations")
    if not isinstance(allocations, list) or not allocations:
        return None, [FieldProblem("strategy.allocations", "must be a non-empty list")]
    probabilities, held = [], []
    for i, allocation in enumerate(allocations):
        path = f"strategy.allocations[{i}]"
        try:
            p = allocation["probability"]
            by_resource = allocation["resources"]
            held.append(
                tuple(
                    tuple(edges[e] for e in by_resource.get(c.id, [])) for c in network.checkpoints
                )
            )
        except (KeyError, TypeError, AttributeError):
            return None, [FieldProblem(path, "must give a probability and edge ids per resource")]
        if not _is_number(p):
            return None, [FieldProblem(f"{path}.probability", f"must be a number, got {p!r}")]
        probabilities.append(float(p))
    return CheckpointStrategy(np.array(probabilities), tuple(held)), []
