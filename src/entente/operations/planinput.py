"""A plan document (the plan file of ``entente solve -o``) read for drawing rosters.

The document is checked before anything is drawn, and every problem names
its field: the embedded scenario must validate and match its SHA-256, and
the strategy must be a comb (marginals per target id, a unit count and an
effectiveness, per-resource counts) or a mixture (probabilities over joint
deployments, each giving every unit of every resource the targets it
covers, in route order) that fits the scenario's targets and resources.

Units are numbered in the order rosters list them: resources as in the
scenario file, then unit 1, 2, ... within each. A unit's daily assignment
is a *choice*: an index into :attr:`RosterPlan.routes`, where choice 0 is
the empty route (an idle unit).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

import numpy as np

from entente._exceptions import FieldProblem, InputError
from entente.model import FloatArray
from entente.operations.checkpoints import checkpoint_mixture
from entente.operations.randomness import RandomWords
from entente.operations.sampling import (
    I64,
    IntArray,
    draw_comb,
    draw_mixture,
    quantise_marginals,
    quantise_probabilities,
)
from entente.planload import embedded_scenario
from entente.scenario import Scenario
from entente.scenario.slots import game_target_ids

__all__ = ["PLAN_TOLERANCE", "CombSampler", "MixtureSampler", "RosterPlan", "roster_plan"]

PLAN_TOLERANCE = 1e-6
"""How far marginals and probabilities may stray from their bounds (solver tolerances)."""


@dataclass(frozen=True, eq=False)
class CombSampler:
    """Comb sampling of pooled guard units; choice ``t + 1`` is target ``t``."""

    quanta: I64
    units: int

    def draw(self, days: int, words: RandomWords) -> IntArray:
        return draw_comb(self.quanta, self.units, days, words) + 1


@dataclass(frozen=True, eq=False)
class MixtureSampler:
    """One joint deployment per day; ``choices[i]`` is deployment ``i``'s choice per unit."""

    cumulative: I64
    choices: IntArray

    def draw(self, days: int, words: RandomWords) -> IntArray:
        return self.choices[draw_mixture(self.cumulative, days, words)]


@dataclass(frozen=True, eq=False)
class RosterPlan:
    """What drawing and exporting rosters needs from a plan document."""

    document: Mapping[str, Any]
    scenario: Scenario
    source: str
    target_ids: tuple[str, ...]
    resource_ids: tuple[str, ...]
    unit_resource: IntArray
    unit_number: IntArray
    unit_effectiveness: FloatArray
    routes: tuple[tuple[int, ...], ...]
    form: Literal["comb", "mixture"]
    sampler: CombSampler | MixtureSampler

    @property
    def units(self) -> int:
        return int(self.unit_resource.shape[0])

    def route_incidence(self) -> IntArray:
        """``(routes, targets)``: how many times each route covers each target (0 or 1)."""
        incidence = np.zeros((len(self.routes), len(self.target_ids)), dtype=np.intp)
        for c, route in enumerate(self.routes):
            incidence[c, list(route)] = 1
        return incidence


def roster_plan(document: Mapping[str, Any], *, source: str = "<plan>") -> RosterPlan:
    """Validate a plan document and prepare it for sampling; raises InputError naming the field."""
    if not isinstance(document, Mapping):
        raise _error(source, [FieldProblem("", "a plan must be a JSON object")])
    scenario = embedded_scenario(document, source)
    strategy = document.get("strategy")
    if not isinstance(strategy, Mapping):
        status = document.get("status")
        raise _error(
            source,
            [
                FieldProblem(
                    "strategy", f"the plan has no strategy to draw from (status {status!r})"
                )
            ],
        )
    doc = scenario.document
    target_ids = game_target_ids(doc)  # site@slot ids when the scenario has time slots
    resources = doc["resources"]
    counts = [r["count"] for r in resources]
    unit_resource = np.repeat(np.arange(len(resources)), counts).astype(np.intp)
    # 1, 2, ..., count within each resource
    first = np.repeat(np.cumsum(counts) - counts, counts)
    unit_number = np.arange(len(unit_resource)) - first + 1
    form = strategy.get("form")
    if form == "checkpoints":  # units hold roads: a mixture over labelled edges
        strategy, target_ids, problems = checkpoint_mixture(strategy, doc)
        if problems:
            raise _error(source, problems)
        form = "mixture"
    if form == "comb":
        problems = list(_comb_problems(strategy, target_ids, resources))
        if problems:
            raise _error(source, problems)
        sampler: CombSampler | MixtureSampler = _comb_sampler(strategy, target_ids)
        effectiveness = np.full(len(unit_resource), float(strategy["effectiveness"]))
        routes: tuple[tuple[int, ...], ...] = ((), *((t,) for t in range(len(target_ids))))
    elif form == "mixture":
        problems = list(_mixture_problems(strategy, target_ids, resources))
        if problems:
            raise _error(source, problems)
        sampler, routes = _mixture_sampler(strategy, target_ids, resources)
        effectiveness = np.array(
            [resources[r].get("effectiveness", 1.0) for r in unit_resource], dtype=np.float64
        )
    else:
        raise _error(
            source, [FieldProblem("strategy.form", f"must be 'comb' or 'mixture', got {form!r}")]
        )
    return RosterPlan(
        document=document,
        scenario=scenario,
        source=source,
        target_ids=target_ids,
        resource_ids=tuple(r["id"] for r in resources),
        unit_resource=unit_resource,
        unit_number=unit_number.astype(np.intp),
        unit_effectiveness=effectiveness,
        routes=routes,
        form=form,
        sampler=sampler,
    )


def _error(source: str, problems: list[FieldProblem]) -> InputError:
    shown = "; ".join(str(p) for p in problems[:10])
    more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
    return InputError(f"{source}: {shown}{more}")


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)


def _comb_problems(
    strategy: Mapping[str, Any], target_ids: tuple[str, ...], resources: list[Any]
) -> Iterator[FieldProblem]:
    units = strategy.get("units")
    if isinstance(units, bool) or not isinstance(units, int) or units < 0:
        yield FieldProblem("strategy.units", f"must be a non-negative integer, got {units!r}")
        return
    e = strategy.get("effectiveness")
    if not _is_number(e) or not 0.0 <= e <= 1.0:
        yield FieldProblem("strategy.effectiveness", f"must be in [0, 1], got {e!r}")
    pooled = strategy.get("resources")
    expected = {r["id"]: r["count"] for r in resources}
    if not isinstance(pooled, Mapping) or dict(pooled) != expected:
        yield FieldProblem(
            "strategy.resources",
            f"must give the scenario's resource counts {expected}, got {pooled!r}",
        )
    elif sum(expected.values()) != units:
        yield FieldProblem(
            "strategy.units",
            f"is {units} but the resources have {sum(expected.values())} units",
        )
    marginals = strategy.get("marginals")
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


def _comb_sampler(strategy: Mapping[str, Any], target_ids: tuple[str, ...]) -> CombSampler:
    marginals = np.array([strategy["marginals"][t] for t in target_ids], dtype=np.float64)
    units = int(strategy["units"])
    return CombSampler(quantise_marginals(marginals, units), units)


def _mixture_problems(
    strategy: Mapping[str, Any], target_ids: tuple[str, ...], resources: list[Any]
) -> Iterator[FieldProblem]:
    deployments = strategy.get("deployments")
    if not isinstance(deployments, list) or not deployments:
        yield FieldProblem("strategy.deployments", "must be a non-empty list")
        return
    known = set(target_ids)
    counts = {r["id"]: r["count"] for r in resources}
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


def _mixture_sampler(
    strategy: Mapping[str, Any], target_ids: tuple[str, ...], resources: list[Any]
) -> tuple[MixtureSampler, tuple[tuple[int, ...], ...]]:
    index = {t: i for i, t in enumerate(target_ids)}
    route_ids: dict[tuple[int, ...], int] = {(): 0}
    deployments = strategy["deployments"]
    n_units = sum(r["count"] for r in resources)
    choices = np.zeros((len(deployments), n_units), dtype=np.intp)
    for i, deployment in enumerate(deployments):
        column = 0
        for resource in resources:
            units = deployment["resources"].get(resource["id"], [])
            for j in range(resource["count"]):
                route = tuple(index[t] for t in units[j]) if j < len(units) else ()
                choices[i, column] = route_ids.setdefault(route, len(route_ids))
                column += 1
    probabilities = np.array([d["probability"] for d in deployments], dtype=np.float64)
    sampler = MixtureSampler(quantise_probabilities(probabilities), choices)
    return sampler, tuple(route_ids)
