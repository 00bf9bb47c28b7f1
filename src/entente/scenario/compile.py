"""compile: a validated scenario becomes a :class:`~entente.model.Game`.

This is the one place where ids become indices. Rules that span several
fields (every attacker type named, ids unique, payoff order, priors summing
to one) are checked here, and problems found by the model's own validation
are translated back into the paths of the file.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterator, Mapping
from itertools import repeat
from operator import itemgetter
from typing import Any, cast

import numpy as np

from entente._exceptions import FieldProblem, ScenarioError
from entente.model import Game, GameProblem, Resource, ResourceKind, game_problems
from entente.scenario.compile_behaviour import (
    attacker_bounds,
    behaviour_structure_problems,
    behaviours,
    locate_behaviour,
    point,
    points,
)
from entente.scenario.forecast import weather_problems
from entente.scenario.geography import geography_problems
from entente.scenario.load import Scenario
from entente.scenario.network import compile_network, uses_network
from entente.scenario.occurrences import slot_time_problems
from entente.scenario.resources import compile_resources
from entente.scenario.schema import PayoffPair, ScenarioDoc
from entente.scenario.slots import TargetIndex, expand_slots, slot_locator

__all__ = ["compile_scenario"]

SINGLE_TYPE_ID = "attacker"


def compile_scenario(scenario: Scenario) -> Game:
    """The game a scenario describes; raises ScenarioError naming every bad field."""
    doc = scenario.document
    if uses_network(doc):
        return _compile_network_game(scenario)
    problems = list(_structure_problems(doc))
    index = TargetIndex.of(doc)
    resources, resource_problems = compile_resources(doc, index)
    problems += [*_duplicate_ids("slots", list(index.slots)), *geography_problems(doc)]
    problems += slot_time_problems(doc)
    problems += weather_problems(doc)
    problems += resource_problems
    if problems:
        raise ScenarioError(scenario.source, problems)
    game = _build(doc, scenario.name)
    game = expand_slots(doc, dataclasses.replace(game, resources=resources), index)
    locate = slot_locator(doc, index, _locate)
    model_problems = list(dict.fromkeys(locate(p) for p in game_problems(game)))
    if model_problems:
        raise ScenarioError(scenario.source, model_problems)
    return game


def _compile_network_game(scenario: Scenario) -> Game:
    """A checkpoint game: the targets' payoffs as usual, the resources in its network."""
    doc = scenario.document
    problems = list(_structure_problems(doc))
    network, network_problems = compile_network(doc, scenario.source)
    problems += network_problems
    if problems or network is None:
        raise ScenarioError(scenario.source, problems)
    game = dataclasses.replace(_build(doc, scenario.name), resources=(), network=network)
    model_problems = list(dict.fromkeys(_locate(p, doc) for p in game_problems(game)))
    if model_problems:
        raise ScenarioError(scenario.source, model_problems)
    return game


def _type_ids(doc: ScenarioDoc) -> list[str]:
    attackers = doc.get("attackers")
    return [a["id"] for a in attackers] if attackers else [SINGLE_TYPE_ID]


def _structure_problems(doc: ScenarioDoc) -> Iterator[FieldProblem]:
    yield from _duplicate_ids("targets", [t["id"] for t in doc["targets"]])
    yield from _duplicate_ids("resources", [r["id"] for r in doc["resources"]])
    attackers = doc.get("attackers")
    if attackers:
        yield from _duplicate_ids("attackers", [a["id"] for a in attackers])
    types = _type_ids(doc)
    targets = doc["targets"]
    for side in ("defender", "attacker"):
        entries = list(map(itemgetter(side), targets))
        if _all_have(entries, "covered"):
            continue  # every entry is a {covered, uncovered} pair: nothing to cross-check
        for i, entry in enumerate(entries):
            yield from _payoff_form_problems(f"targets[{i}].{side}", entry, types, attackers)
    has_lat = list(map(operator.contains, targets, repeat("lat")))
    if has_lat != list(map(operator.contains, targets, repeat("lon"))):
        for i, target in enumerate(targets):
            if ("lat" in target) != ("lon" in target):
                yield FieldProblem(f"targets[{i}]", "give both lat and lon, or neither")
    yield from behaviour_structure_problems(doc)


def _all_have(mappings: list[Any], key: str) -> bool:
    """Whether every mapping has ``key`` (one C-level pass; no Python call per item)."""
    return sum(map(operator.contains, mappings, repeat(key))) == len(mappings)


def _duplicate_ids(field: str, ids: list[str]) -> Iterator[FieldProblem]:
    if len(set(ids)) == len(ids):
        return
    first: dict[str, int] = {}
    for i, identifier in enumerate(ids):
        if identifier in first:
            yield FieldProblem(
                f"{field}[{i}].id",
                f"duplicate id {identifier!r} (also {field}[{first[identifier]}])",
            )
        else:
            first[identifier] = i


def _payoff_form_problems(
    path: str, payoffs: Mapping[str, Any], types: list[str], attackers: object
) -> Iterator[FieldProblem]:
    if "covered" in payoffs or "uncovered" in payoffs:
        return
    if not attackers:
        yield FieldProblem(
            path,
            "payoffs by attacker type need the types declared in an `attackers:` list; "
            "with one attacker give {covered, uncovered}",
        )
        return
    unknown = [key for key in payoffs if key not in types]
    for key in unknown:
        yield FieldProblem(f"{path}.{key}", f"unknown attacker type (declared: {', '.join(types)})")
    missing = [t for t in types if t not in payoffs]
    if missing:
        yield FieldProblem(path, f"no payoffs for attacker type(s) {', '.join(missing)}")


def _payoff_columns(doc: ScenarioDoc, side: str, types: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(types x targets) arrays of covered and uncovered payoffs for one side."""
    targets = doc["targets"]
    entries: list[Any] = list(map(itemgetter(side), targets))
    if _all_have(entries, "covered"):
        covered = _column(entries, "covered", side)
        uncovered = _column(entries, "uncovered", side)
        return np.tile(covered, (len(types), 1)), np.tile(uncovered, (len(types), 1))
    covered = np.empty((len(types), len(entries)))
    uncovered = np.empty((len(types), len(entries)))
    for j, entry in enumerate(entries):
        for k, type_id in enumerate(types):
            pair: PayoffPair = entry if "covered" in entry else entry[type_id]
            covered[k, j], uncovered[k, j] = point(pair["covered"]), point(pair["uncovered"])
    return covered, uncovered


def _column(entries: list[Any], key: str, side: str) -> np.ndarray:
    """One payoff column as floats; intervals (attacker side) become their midpoints."""
    values = list(map(itemgetter(key), entries))
    try:
        return np.fromiter(values, np.float64, len(values))
    except (TypeError, ValueError):  # some values are [low, high] intervals
        return np.fromiter(points(values, side), np.float64, len(values))


def _build(doc: ScenarioDoc, name: str) -> Game:
    types = _type_ids(doc)
    targets = doc["targets"]
    defender_c, defender_u = _payoff_columns(doc, "defender", types)
    attacker_c, attacker_u = _payoff_columns(doc, "attacker", types)
    attackers = doc.get("attackers")
    priors = np.array([a["prior"] for a in attackers]) if attackers else np.ones(1)
    floors = np.zeros(len(targets))
    if any(map(operator.contains, targets, repeat("min_coverage"))):
        floors = np.fromiter(
            (t.get("min_coverage", 0.0) for t in targets), np.float64, len(targets)
        )
    arrays = [defender_c, defender_u, attacker_c, attacker_u, priors, floors]
    for array in arrays:
        array.setflags(write=False)
    return Game(
        target_ids=tuple(map(itemgetter("id"), targets)),
        type_ids=tuple(types),
        priors=priors,
        defender_covered=defender_c,
        defender_uncovered=defender_u,
        attacker_covered=attacker_c,
        attacker_uncovered=attacker_u,
        resources=tuple(
            Resource(
                id=r["id"],
                count=r["count"],
                kind=cast(ResourceKind, r.get("kind", "guard")),
                effectiveness=r.get("effectiveness", 1.0),
            )
            for r in doc["resources"]
            if r.get("kind") != "checkpoint"  # these stand in the game's network
        ),
        min_coverage=floors,
        name=name,
        behaviours=behaviours(doc),
        attacker_bounds=attacker_bounds(doc, types),
    )


def _locate(problem: GameProblem, doc: ScenarioDoc) -> FieldProblem:
    """Translate a model-level problem into the path of the field in the file."""
    k, t, r = problem.type_index, problem.target_index, problem.resource_index
    field = problem.field
    if field.startswith("behaviours"):
        return locate_behaviour(problem, doc)
    if field.startswith(("defender_", "attacker_")) and t is not None:
        side = field.split("_")[0]
        path = f"targets[{t}].{side}"
        entry = doc["targets"][t][side]  # type: ignore[literal-required]
        if "covered" not in entry and k is not None:
            path += f".{_type_ids(doc)[k]}"
        return FieldProblem(path, problem.message)
    if field == "priors":
        return FieldProblem("attackers" if k is None else f"attackers[{k}].prior", problem.message)
    if field == "min_coverage" and t is not None:
        return FieldProblem(f"targets[{t}].min_coverage", problem.message)
    if field in ("count", "effectiveness", "kind") and r is not None:
        return FieldProblem(f"resources[{r}].{field}", problem.message)
    return FieldProblem(problem.path(), problem.message)
