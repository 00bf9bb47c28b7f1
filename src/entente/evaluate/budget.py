"""The best mix of resources within a budget: what the money buys.

Resources with a ``cost`` (per unit) are bought; the others keep their
scenario count. A mix ``n`` is feasible when ``sum_r n_r cost_r <= budget``.

Exact search over *maximal* mixes. Units may stay idle, so the optimal
defender utility ``U(n)`` never decreases when a unit is added (DESIGN.md);
hence some best feasible mix is maximal: no resource can take one more
unit within the budget. Units of one guard resource never stack on a
target, so a guard count above the number of targets adds nothing and is
capped there (maximality is judged within the caps). Only maximal mixes
are solved, in parallel; they are ranked by defender utility (equal within
``1e-9`` x the payoff scale: cheaper first), and the runner-ups are the
next best maximal mixes, i.e. the other ways to spend the same money.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from entente._exceptions import FieldProblem, InputError, ScenarioError
from entente.evaluate.parallel import run_tasks
from entente.evaluate.solve_task import SolveTask, checked_game, solve_point
from entente.scenario import Scenario
from entente.scenario.schema import ScenarioDoc

__all__ = ["DEFAULT_MAX_MIXES", "BudgetResult", "best_mix", "maximal_mixes"]

DEFAULT_MAX_MIXES = 2000
_EPS = 1e-9


@dataclass(frozen=True)
class BudgetResult:
    """Every maximal mix solved, best first; ``costs`` per unit of the bought resources."""

    scenario: str
    budget: float
    costs: dict[str, float]
    ranked: list[dict[str, Any]]

    @property
    def best(self) -> dict[str, Any]:
        return self.ranked[0]

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        shown = self.ranked if top is None else self.ranked[: top + 1]
        return {
            "scenario": self.scenario,
            "budget": self.budget,
            "costs": self.costs,
            "mixes_solved": len(self.ranked),
            "best": self.best,
            "runner_ups": shown[1:],
        }


def maximal_mixes(costs: list[float], caps: list[int], budget: float) -> Iterator[tuple[int, ...]]:
    """Counts ``n`` with ``n . costs <= budget``, ``n <= caps``, to which no unit can be added."""

    def extend(prefix: tuple[int, ...], left: float) -> Iterator[tuple[int, ...]]:
        r = len(prefix)
        if r == len(costs):
            full = all(
                n == cap or left < cost - _EPS
                for n, cap, cost in zip(prefix, caps, costs, strict=True)
            )
            if full:
                yield prefix
            return
        most = min(caps[r], int((left + _EPS) // costs[r]))
        for n in range(most, -1, -1):
            yield from extend((*prefix, n), left - n * costs[r])

    yield from extend((), budget)


def _bought(scenario: Scenario) -> tuple[list[int], list[float]]:
    resources = scenario.document["resources"]
    indices = [i for i, r in enumerate(resources) if "cost" in r]
    if not indices:
        raise ScenarioError(
            scenario.source,
            [
                FieldProblem(
                    "resources",
                    "no resource has a cost: add `cost:` (per unit) to the resources the "
                    "budget buys",
                )
            ],
        )
    return indices, [float(resources[i]["cost"]) for i in indices]


def best_mix(
    scenario: Scenario,
    budget: float,
    *,
    max_mixes: int = DEFAULT_MAX_MIXES,
    method: str = "auto",
    time_limit: float | None = None,
    cluster: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BudgetResult:
    """Solve every maximal mix within ``budget`` and rank them (see the module docstring)."""
    if not budget >= 0:
        raise InputError(f"--budget must be a non-negative number, got {budget}")
    indices, costs = _bought(scenario)
    resources = scenario.document["resources"]
    n_targets = len(scenario.document["targets"])
    caps = [
        n_targets if resources[i].get("kind", "guard") == "guard" else int(budget // c)
        for i, c in zip(indices, costs, strict=True)
    ]
    mixes = []
    for mix in maximal_mixes(costs, caps, budget):
        mixes.append(mix)
        if len(mixes) > max_mixes:
            raise InputError(
                f"more than {max_mixes} maximal mixes fit in the budget {budget:g}: raise "
                "--max-mixes or coarsen the costs"
            )
    ids = [resources[i]["id"] for i in indices]
    tasks = [
        SolveTask(
            _with_counts(scenario, indices, mix),
            dict(zip(ids, mix, strict=True)),
            method,
            time_limit,
        )
        for mix in mixes
    ]
    solved = run_tasks(solve_point, tasks, cluster=cluster, workers=workers, progress=progress)
    unit_cost = dict(zip(ids, costs, strict=True))
    points = [{"mix": p.pop("key"), **p} for p in solved]
    for point in points:
        point["cost"] = sum(unit_cost[r] * n for r, n in point["mix"].items())
    scale = max(
        (abs(p["defender_utility"]) for p in points if p["defender_utility"] is not None),
        default=1.0,
    )
    points.sort(key=lambda p: _rank(p, scale))
    return BudgetResult(scenario.name, float(budget), unit_cost, points)


def _with_counts(scenario: Scenario, indices: list[int], mix: tuple[int, ...]) -> ScenarioDoc:
    document = copy.deepcopy(scenario.document)
    for i, n in zip(indices, mix, strict=True):
        document["resources"][i]["count"] = n
    label = ", ".join(
        f"{document['resources'][i]['id']}={n}" for i, n in zip(indices, mix, strict=True)
    )
    checked_game(document, f"{scenario.source} with {label}")
    return document


def _rank(point: dict[str, Any], scale: float) -> tuple[Any, ...]:
    value = point["defender_utility"]
    if value is None:
        return (1, 0.0, point["cost"], tuple(point["mix"].values()))
    rounded = round(value / (_EPS * max(scale, 1.0)))
    return (0, -rounded, point["cost"], tuple(point["mix"].values()))
