"""A plan file read for display: targets with places, values and outcomes; routes; barriers.

The plan file (:mod:`entente.planfile`) carries the ``solve --json`` keys, the
strategy and the scenario it was solved from. It is read and verified by
:func:`entente.planfile.read_plan` (the certificate re-run); this module
derives what a planner looks at:

* a target's **value**: what full coverage there is worth to the defender,
  prior-weighted over attacker types, ``sum_k p_k (D^c_kt - D^u_kt)``;
* a target's outcome if attacked: ``U_d(k, t, c_t)`` and ``U_a(k, t, c_t)``;
* **routes**: for each patrol resource and slot, each distinct route flown in
  the mixture with the expected number of units flying it,
  ``sum_i q_i * #{units of r flying it in deployment i}``; a unit's schedule
  over several slots (a week of nights) is split into one route per slot, in
  flying order;
* **barriers**: for each static resource, the probability that a unit stands at
  each site (1 for a placement that is the same in every deployment).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from entente._exceptions import InputError
from entente.model import Game
from entente.planfile import PlanRecord
from entente.planfile import read_plan as read_record
from entente.scenario import Scenario

__all__ = ["Barrier", "PlanView", "Route", "TargetView", "read_plan", "slot_of", "view_plan"]


@dataclass(frozen=True)
class TargetView:
    """One target as the report shows it."""

    id: str
    name: str
    lat: float | None
    lon: float | None
    coverage: float
    value: float
    defender_utility: float
    attacker_utility: dict[str, float]
    attacked_by: tuple[str, ...]


@dataclass(frozen=True)
class Route:
    """A patrol route and the expected number of units flying it per deployment."""

    resource: str
    targets: tuple[str, ...]
    expected_units: float
    slot: str | None = None


@dataclass(frozen=True)
class Barrier:
    """A static unit's site and the probability that a unit stands there."""

    resource: str
    target: str
    probability: float


@dataclass(frozen=True)
class PlanView:
    """Everything the report draws, derived once from the verified plan record."""

    record: PlanRecord
    scenario: Scenario
    game: Game
    targets: tuple[TargetView, ...]
    routes: tuple[Route, ...]
    barriers: tuple[Barrier, ...]

    @property
    def document(self) -> Mapping[str, Any]:
        """The plan file's JSON object."""
        assert self.record.document is not None
        return self.record.document

    @property
    def located(self) -> tuple[TargetView, ...]:
        """Targets with coordinates, in file order."""
        return tuple(t for t in self.targets if t.lat is not None and t.lon is not None)


def read_plan(data: bytes, *, source: str = "<plan>") -> PlanView:
    """A plan file's bytes read, verified and viewed; InputError names what is wrong."""
    return view_plan(read_record(data, source=source))


def view_plan(plan: PlanRecord | Mapping[str, Any], *, source: str = "<plan>") -> PlanView:
    """The view of a verified plan record (a plan document is read and verified first)."""
    record = plan if isinstance(plan, PlanRecord) else read_record(plan, source=source)
    scenario, document, coverage = record.scenario, record.document, record.plan.coverage
    if scenario is None or document is None:
        raise InputError(f"{record.source}: a report needs the plan's scenario (a plan file)")
    if coverage is None:
        raise InputError(f"{record.source}: coverage: no coverage (status {record.plan.status!r})")
    return PlanView(
        record=record,
        scenario=scenario,
        game=record.game,
        targets=_targets(document, scenario, record.game, coverage),
        routes=_routes(document, scenario),
        barriers=_barriers(document, scenario),
    )


def _targets(
    document: Mapping[str, Any], scenario: Scenario, game: Game, coverage: np.ndarray
) -> tuple[TargetView, ...]:
    defender = game.defender_utility(coverage)
    attacker = game.attacker_utility(coverage)
    value = game.priors @ (game.defender_covered - game.defender_uncovered)
    expected = game.priors @ defender
    attacked: dict[str, list[str]] = defaultdict(list)
    for type_id, response in document["types"].items():
        if response.get("attacked") is not None:
            attacked[response["attacked"]].append(type_id)
    places: dict[str, Mapping[str, Any]] = {t["id"]: t for t in scenario.document["targets"]}
    nodes = {n["id"]: n for n in scenario.document.get("network", {}).get("nodes", [])}
    views = []
    for j, target_id in enumerate(game.target_ids):
        # a target in a time slot, ``site@slot``, is drawn at its site
        site, _, slot = target_id.partition("@")
        place = places.get(target_id) or places.get(site, {})
        name = str(place.get("name", site))
        node: Mapping[str, Any] = nodes.get(place.get("node", ""), {})  # checkpoint games
        views.append(
            TargetView(
                id=target_id,
                name=f"{name} ({slot})" if target_id not in places and slot else name,
                lat=place.get("lat", node.get("lat")),
                lon=place.get("lon", node.get("lon")),
                coverage=float(coverage[j]),
                value=float(value[j]),
                defender_utility=float(expected[j]),
                attacker_utility={
                    type_id: float(attacker[k, j]) for k, type_id in enumerate(game.type_ids)
                },
                attacked_by=tuple(attacked.get(target_id, ())),
            )
        )
    return tuple(views)


def _kinds(scenario: Scenario) -> dict[str, str]:
    resources: list[Mapping[str, Any]] = list(scenario.document["resources"])
    return {r["id"]: r.get("kind", "guard") for r in resources}


def _deployments(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    strategy = document.get("strategy")
    if isinstance(strategy, dict) and strategy.get("form") == "mixture":
        return list(strategy.get("deployments", []))
    return []


def _routes(document: Mapping[str, Any], scenario: Scenario) -> tuple[Route, ...]:
    kinds = _kinds(scenario)
    flown: dict[tuple[str, tuple[str, ...]], float] = defaultdict(float)
    for deployment in _deployments(document):
        for resource, units in deployment["resources"].items():
            if kinds.get(resource) != "patrol":
                continue
            for unit in units:
                for route in _per_slot(unit):
                    flown[(resource, route)] += float(deployment["probability"])
    slots = {s: i for i, s in enumerate(_slot_ids(scenario))}
    ordered = sorted(
        flown.items(),
        key=lambda item: (
            slots.get(slot_of(item[0][1][0]) or "", 0),
            item[0][0],
            -item[1],
            item[0][1],
        ),
    )
    return tuple(Route(r, targets, units, slot_of(targets[0])) for (r, targets), units in ordered)


def slot_of(target_id: str) -> str | None:
    """The slot of a ``site@slot`` target id; None for a target without a slot."""
    _, at, slot = target_id.partition("@")
    return slot if at else None


def _slot_ids(scenario: Scenario) -> list[str]:
    return [s["id"] for s in scenario.document.get("slots", [])]


def _per_slot(unit: list[str]) -> list[tuple[str, ...]]:
    """A unit's schedule cut into one route per slot, each in flying order."""
    routes: dict[str | None, list[str]] = {}
    for target in unit:
        routes.setdefault(slot_of(target), []).append(target)
    return [tuple(r) for r in routes.values()]


def _barriers(document: Mapping[str, Any], scenario: Scenario) -> tuple[Barrier, ...]:
    kinds = _kinds(scenario)
    placed: dict[tuple[str, str], float] = defaultdict(float)
    for deployment in _deployments(document):
        for resource, units in deployment["resources"].items():
            if kinds.get(resource) != "static":
                continue
            for unit in units:
                for target in unit:
                    placed[(resource, target)] += float(deployment["probability"])
    return tuple(Barrier(r, t, p) for (r, t), p in sorted(placed.items()))
