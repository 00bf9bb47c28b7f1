"""Sweeps: what one more unit of a resource is worth, and how a plan's value moves with a payoff.

A resource sweep solves the scenario once per count ``n`` of one resource
(every other field unchanged) and reports the optimal defender utility
``U(n)``, the interdiction rate (prior-weighted coverage where each type
attacks) and the *value of the extra units* between consecutive counts::

    gain(n_i) = (U(n_i) - U(n_{i-1})) / (n_i - n_{i-1})

Units may stay idle, so ``U`` never decreases in ``n`` (DESIGN.md) and
every gain is >= 0 up to the solvers' gap. A payoff sweep sets one payoff
(``TARGET.defender.covered``, ``TARGET.attacker.TYPE.uncovered``, ...) to
each value in turn: the sensitivity of the plan to a guess. Every variant
is validated before any solve starts (an impossible value is an error
naming it), then solved on a process pool or a Dask cluster
(:mod:`entente.evaluate.parallel`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from entente._exceptions import InputError
from entente.evaluate.parallel import run_tasks
from entente.evaluate.solve_task import SolveTask, checked_game, solve_point
from entente.scenario import Scenario
from entente.scenario.schema import ScenarioDoc

__all__ = [
    "PayoffPath",
    "SweepResult",
    "parse_payoff_path",
    "payoff_variants",
    "resource_variants",
    "run_sweep",
]


@dataclass(frozen=True)
class PayoffPath:
    """One payoff of one target: ``side`` defender/attacker, ``type_id`` or None, ``field``."""

    target: str
    side: str
    type_id: str | None
    field: str

    def __str__(self) -> str:
        parts = [self.target, self.side, *([self.type_id] if self.type_id else []), self.field]
        return ".".join(parts)


@dataclass(frozen=True)
class SweepResult:
    """The parameter swept and one summary per value, in the order given."""

    scenario: str
    parameter: dict[str, Any]
    points: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "parameter": self.parameter, "points": self.points}


def parse_payoff_path(text: str) -> PayoffPath:
    """``TARGET.SIDE[.TYPE].FIELD`` with SIDE defender|attacker and FIELD covered|uncovered."""
    parts = text.split(".")
    if len(parts) not in (3, 4) or parts[1] not in ("defender", "attacker"):
        raise InputError(
            f"--payoff {text!r}: expected TARGET.defender|attacker[.TYPE].covered|uncovered"
        )
    if parts[-1] not in ("covered", "uncovered"):
        raise InputError(f"--payoff {text!r}: the last part must be covered or uncovered")
    return PayoffPath(parts[0], parts[1], parts[2] if len(parts) == 4 else None, parts[-1])


def resource_variants(
    scenario: Scenario, resource_id: str, counts: list[int]
) -> list[tuple[int, ScenarioDoc]]:
    """The scenario with resource ``resource_id`` at each count; validated."""
    ids = [r["id"] for r in scenario.document["resources"]]
    if resource_id not in ids:
        raise InputError(
            f"--resource {resource_id!r}: not a resource of {scenario.source} "
            f"(resources: {', '.join(ids)})"
        )
    if not counts or any(c < 0 for c in counts):
        raise InputError(f"--counts: need non-negative counts, got {counts}")
    index = ids.index(resource_id)
    variants = []
    for count in distinct(counts):
        document = copy.deepcopy(scenario.document)
        document["resources"][index]["count"] = count
        checked_game(document, f"{scenario.source} with {resource_id} count {count}")
        variants.append((count, document))
    return variants


def payoff_variants(
    scenario: Scenario, path: PayoffPath, values: list[float]
) -> list[tuple[float, ScenarioDoc]]:
    """The scenario with the payoff at ``path`` set to each value; validated."""
    targets = [t["id"] for t in scenario.document["targets"]]
    if path.target not in targets:
        raise InputError(f"--payoff {path}: no target {path.target!r} in {scenario.source}")
    types = [a["id"] for a in scenario.document.get("attackers") or []]
    if path.type_id is not None and path.type_id not in types:
        raise InputError(f"--payoff {path}: no attacker type {path.type_id!r}")
    variants = []
    for value in distinct(values):
        document = copy.deepcopy(scenario.document)
        entry = document["targets"][targets.index(path.target)]
        _set_payoff(entry, path, types, value)
        checked_game(document, f"{scenario.source} with {path} = {value:g}")
        variants.append((value, document))
    return variants


def _set_payoff(entry: Any, path: PayoffPath, types: list[str], value: float) -> None:
    payoffs = entry[path.side]
    if "covered" in payoffs:  # one pair shared by every type
        if path.type_id is None:
            payoffs[path.field] = value
            return
        entry[path.side] = payoffs = {t: dict(payoffs) for t in types}
    elif path.type_id is None:
        raise InputError(
            f"--payoff {path}: {path.target}'s {path.side} payoffs differ by attacker type; "
            f"name one: {path.target}.{path.side}.TYPE.{path.field}"
        )
    payoffs[path.type_id][path.field] = value


def run_sweep(
    scenario: Scenario,
    parameter: dict[str, Any],
    variants: list[tuple[Any, ScenarioDoc]],
    *,
    method: str = "auto",
    time_limit: float | None = None,
    cluster: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Solve every variant (in parallel) and add the gain between consecutive ones."""
    tasks = [SolveTask(doc, key, method, time_limit) for key, doc in variants]
    solved = run_tasks(solve_point, tasks, cluster=cluster, workers=workers, progress=progress)
    points = [{"value": point.pop("key"), **point} for point in solved]
    for previous, point in zip([None, *points[:-1]], points, strict=True):
        point["gain"] = _gain(previous, point)
    return SweepResult(scenario.name, parameter, points)


def _gain(previous: dict[str, Any] | None, point: dict[str, Any]) -> float | None:
    if previous is None or previous["defender_utility"] is None:
        return None
    if point["defender_utility"] is None or point["value"] == previous["value"]:
        return None
    step = point["value"] - previous["value"]
    return float((point["defender_utility"] - previous["defender_utility"]) / step)


def distinct(values: Sequence[Any]) -> list[Any]:
    """``values`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))
