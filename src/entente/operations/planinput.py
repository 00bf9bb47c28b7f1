"""A verified plan record prepared for drawing rosters.

The plan is read (and its certificate re-run) by
:func:`entente.planfile.read_plan`; this module turns its typed strategy
into samplers. Units are numbered in the order rosters list them: resources
in the game's order, then unit 1, 2, ... within each. A unit's daily
assignment is a *choice*: an index into :attr:`RosterPlan.routes`, where
choice 0 is the empty route (an idle unit).

A roster lists one row per unit per day, so a plan whose resources hold more
than :data:`MAX_ROSTER_UNITS` units is refused (naming the resource's
count): the plan itself is fine, but no one reads a roster of a billion rows.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from entente._exceptions import FieldProblem, InputError
from entente.model import FloatArray, Game, Resource
from entente.model.network import Checkpoint
from entente.operations.checkpoints import checkpoint_mixture
from entente.operations.places import Places, places_of
from entente.operations.randomness import RandomWords
from entente.operations.sampling import (
    I64,
    IntArray,
    draw_comb,
    draw_mixture,
    quantise_marginals,
    quantise_probabilities,
)
from entente.planfile import PlanRecord, read_plan, record
from entente.scenario import Scenario
from entente.solvers import CombStrategy, MixtureStrategy, Plan

__all__ = ["MAX_ROSTER_UNITS", "CombSampler", "MixtureSampler", "RosterPlan", "roster_plan"]

MAX_ROSTER_UNITS = 1_000_000
"""The most units a roster lists (one row per unit per day)."""


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
    """What drawing and exporting rosters needs from a verified plan record."""

    record: PlanRecord
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

    @property
    def source(self) -> str:
        return self.record.source

    @property
    def scenario(self) -> Scenario:
        """The plan's scenario (time slots, time zone, places); InputError for a game in code."""
        if self.record.scenario is None:
            raise InputError(
                f"{self.source}: this needs the plan's scenario (slots, time zone, places); "
                "the plan was made for a game built in code"
            )
        return self.record.scenario

    @functools.cached_property
    def places(self) -> Places:
        """What the choices' target indices stand for: sites (x slots), or roads."""
        return places_of(self.scenario.document, roads=self.record.game.network is not None)

    @property
    def scenario_name(self) -> str:
        scenario = self.record.scenario
        return self.record.game.name if scenario is None else scenario.name

    @property
    def scenario_sha256(self) -> str | None:
        scenario = self.record.scenario
        return None if scenario is None else scenario.sha256()

    def route_incidence(self) -> IntArray:
        """``(routes, targets)``: how many times each route covers each target (0 or 1)."""
        incidence = np.zeros((len(self.routes), len(self.target_ids)), dtype=np.intp)
        for c, route in enumerate(self.routes):
            incidence[c, list(route)] = 1
        return incidence


def roster_plan(
    plan: PlanRecord | Mapping[str, Any] | tuple[Game, Plan], *, source: str = "<plan>"
) -> RosterPlan:
    """Prepare a plan for sampling: a verified record, a plan document (read and verified
    here), or ``(game, plan)`` for a game built in code. InputError names the field."""
    if isinstance(plan, tuple):
        plan = record(*plan, source=source)
    elif not isinstance(plan, PlanRecord):
        if not isinstance(plan, Mapping):
            raise InputError(f"{source}: a plan must be a JSON object")
        plan = read_plan(plan, source=source)
    game, strategy = plan.game, plan.plan.strategy
    if strategy is None:
        raise _error(
            plan.source,
            [
                FieldProblem(
                    "strategy",
                    f"the plan has no strategy to draw from (status {plan.plan.status!r})",
                )
            ],
        )
    pool = _pool(game)
    counts = _unit_counts(pool, plan.source)
    unit_resource = np.repeat(np.arange(len(counts)), counts).astype(np.intp)
    first = np.repeat(np.cumsum(counts) - counts, counts)  # 1, 2, ..., count within each resource
    unit_number = (np.arange(len(unit_resource)) - first + 1).astype(np.intp)
    target_ids = game.target_ids
    if isinstance(strategy, CombStrategy):
        sampler: CombSampler | MixtureSampler = CombSampler(
            quantise_marginals(strategy.marginals, strategy.units), strategy.units
        )
        effectiveness = np.full(len(unit_resource), strategy.effectiveness)
        routes: tuple[tuple[int, ...], ...] = ((), *((t,) for t in range(len(target_ids))))
        form: Literal["comb", "mixture"] = "comb"
    else:
        if not isinstance(strategy, MixtureStrategy):  # roads: a mixture over labelled edges
            strategy, target_ids = _checkpoint_mixture(plan)
        sampler, routes = _mixture_sampler(strategy, counts)
        effectiveness = np.array([pool[r].effectiveness for r in unit_resource])
        form = "mixture"
    return RosterPlan(
        record=plan,
        target_ids=target_ids,
        resource_ids=tuple(r.id for r in pool),
        unit_resource=unit_resource,
        unit_number=unit_number,
        unit_effectiveness=effectiveness.astype(np.float64),
        routes=routes,
        form=form,
        sampler=sampler,
    )


def _pool(game: Game) -> tuple[Resource, ...] | tuple[Checkpoint, ...]:
    """The resources whose units a roster lists (a checkpoint game's: its checkpoints)."""
    return game.resources if game.network is None else game.network.checkpoints


def _unit_counts(pool: tuple[Resource, ...] | tuple[Checkpoint, ...], source: str) -> list[int]:
    """Units per resource; InputError when a roster would list too many of them."""
    counts = [r.count for r in pool]
    if sum(counts) > MAX_ROSTER_UNITS:
        largest = max(range(len(counts)), key=counts.__getitem__)
        raise _error(
            source,
            [
                FieldProblem(
                    f"resources[{largest}].count",
                    f"{counts[largest]:,} units of {pool[largest].id!r}: a roster lists "
                    f"one row per unit per day, at most {MAX_ROSTER_UNITS:,} units in all",
                )
            ],
        )
    return counts


def _checkpoint_mixture(plan: PlanRecord) -> tuple[MixtureStrategy, tuple[str, ...]]:
    """A checkpoint plan as a mixture whose "targets" are labelled roads."""
    document, scenario = plan.document, plan.scenario
    if document is None or scenario is None:
        raise InputError(f"{plan.source}: checkpoint rosters need the plan file's road graph")
    mixture, labels, problems = checkpoint_mixture(document["strategy"], scenario.document)
    if problems:
        raise _error(plan.source, problems)
    index = {label: i for i, label in enumerate(labels)}
    deployments = tuple(
        tuple(
            tuple(tuple(index[t] for t in unit) for unit in d["resources"].get(r.id, []))
            for r in _pool(plan.game)
        )
        for d in mixture["deployments"]
    )
    probabilities = np.array([d["probability"] for d in mixture["deployments"]], dtype=np.float64)
    return MixtureStrategy(probabilities, deployments), labels


def _error(source: str, problems: list[FieldProblem]) -> InputError:
    shown = "; ".join(str(p) for p in problems[:10])
    more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
    return InputError(f"{source}: {shown}{more}")


def _mixture_sampler(
    strategy: MixtureStrategy, counts: list[int]
) -> tuple[MixtureSampler, tuple[tuple[int, ...], ...]]:
    route_ids: dict[tuple[int, ...], int] = {(): 0}
    choices = np.zeros((len(strategy.deployments), sum(counts)), dtype=np.intp)
    for i, deployment in enumerate(strategy.deployments):
        column = 0
        for units, count in zip(deployment, counts, strict=True):
            for j in range(count):
                route = tuple(units[j]) if j < len(units) else ()
                choices[i, column] = route_ids.setdefault(route, len(route_ids))
                column += 1
    sampler = MixtureSampler(quantise_probabilities(strategy.probabilities), choices)
    return sampler, tuple(route_ids)
