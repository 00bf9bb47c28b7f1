"""Compiling behaviours and interval payoffs (issue 4), next to :mod:`compile`.

A single-attacker scenario (no ``attackers:`` list) names its behaviour
with a top-level ``behaviour:``; with an ``attackers:`` list each entry
carries its own (default rational) and a top-level one is an error, so
that no type's behaviour is ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from entente._exceptions import FieldProblem
from entente.model import AttackerBounds, Behaviour, GameProblem, Quantal, Rational, Suqr

__all__ = [
    "attacker_bounds",
    "behaviour_from_doc",
    "behaviour_structure_problems",
    "behaviour_to_doc",
    "behaviours",
    "locate_behaviour",
    "point",
    "points",
]


def point(value: float | list[float]) -> float:
    """The point estimate of a payoff: the number itself, or an interval's midpoint."""
    if isinstance(value, list):
        return 0.5 * (value[0] + value[1])
    return value


def points(values: Iterable[Any], side: str) -> Iterable[float]:
    """Point estimates of one side's payoffs (only the attacker's may be intervals)."""
    return map(point, values) if side == "attacker" else values


def _bounds(value: float | list[float]) -> tuple[float, float]:
    return (value[0], value[1]) if isinstance(value, list) else (value, value)


def behaviour_from_doc(doc: Mapping[str, Any] | None) -> Behaviour:
    """The model object of a validated ``behaviour:`` mapping (None: rational)."""
    if doc is None or doc["model"] == "rational":
        return Rational()
    if doc["model"] == "quantal":
        return Quantal(lam=float(doc["lambda"]))
    weights = doc["weights"]
    return Suqr(
        coverage=float(weights["coverage"]),
        reward=float(weights["reward"]),
        penalty=float(weights["penalty"]),
    )


def behaviour_to_doc(behaviour: Behaviour) -> dict[str, Any]:
    """The ``behaviour:`` mapping that describes ``behaviour`` in a scenario file."""
    if isinstance(behaviour, Quantal):
        return {"model": "quantal", "lambda": behaviour.lam}
    if isinstance(behaviour, Suqr):
        return {
            "model": "suqr",
            "weights": {
                "coverage": behaviour.coverage,
                "reward": behaviour.reward,
                "penalty": behaviour.penalty,
            },
        }
    return {"model": "rational"}


def behaviours(doc: Mapping[str, Any]) -> tuple[Behaviour, ...]:
    """Each type's behaviour; empty when every type is rational (the classic game)."""
    attackers = doc.get("attackers")
    if attackers:
        found = tuple(behaviour_from_doc(a.get("behaviour")) for a in attackers)
    else:
        found = (behaviour_from_doc(doc.get("behaviour")),)
    return () if all(isinstance(b, Rational) for b in found) else found


def behaviour_structure_problems(doc: Mapping[str, Any]) -> Iterator[FieldProblem]:
    if doc.get("attackers") and "behaviour" in doc:
        yield FieldProblem(
            "behaviour",
            "with an `attackers:` list, give each type its own behaviour "
            "(attackers[i].behaviour); a top-level behaviour is for a single attacker",
        )


def attacker_bounds(doc: Mapping[str, Any], types: list[str]) -> AttackerBounds | None:
    """The interval box of the attacker's payoffs, or None when every payoff is a number."""
    targets = doc["targets"]
    n_types, n = len(types), len(targets)
    arrays = {key: np.empty((n_types, n)) for key in ("cl", "ch", "ul", "uh")}
    any_interval = False
    for j, target in enumerate(targets):
        entry = target["attacker"]
        for k, type_id in enumerate(types):
            pair = entry if "covered" in entry else entry[type_id]
            any_interval |= isinstance(pair["covered"], list) or isinstance(pair["uncovered"], list)
            arrays["cl"][k, j], arrays["ch"][k, j] = _bounds(pair["covered"])
            arrays["ul"][k, j], arrays["uh"][k, j] = _bounds(pair["uncovered"])
    if not any_interval:
        return None
    for array in arrays.values():
        array.setflags(write=False)
    return AttackerBounds(
        covered_low=arrays["cl"],
        covered_high=arrays["ch"],
        uncovered_low=arrays["ul"],
        uncovered_high=arrays["uh"],
    )


def locate_behaviour(problem: GameProblem, doc: Mapping[str, Any]) -> FieldProblem:
    """The file path of a behaviour problem found by the model's validation."""
    rest = problem.field.removeprefix("behaviours").lstrip(".")
    base = "behaviour" if not doc.get("attackers") else f"attackers[{problem.type_index}].behaviour"
    return FieldProblem(f"{base}.{rest}" if rest else base, problem.message)
