"""Plan documents for roster tests: solved from small games, or written by hand."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import orjson

from entente.planfile import PLAN_FORMAT, plan_document
from entente.scenario import compile_scenario, parse_scenario
from entente.solvers import solve


def scenario_doc(
    n_targets: int, counts: dict[str, int], rng: np.random.Generator
) -> dict[str, Any]:
    """A one-type scenario with random payoffs (Kiekintveld's protocol, rounded)."""
    targets = [
        {
            "id": f"t{i}",
            "name": f"Place {i}",
            "lat": 48.8 + i / 100,
            "lon": 2.3 + i / 100,
            "defender": {
                "covered": float(rng.integers(0, 10)),
                "uncovered": float(-rng.integers(1, 100)),
            },
            "attacker": {
                "covered": float(-rng.integers(1, 100)),
                "uncovered": float(rng.integers(1, 100)),
            },
        }
        for i in range(n_targets)
    ]
    resources = [{"id": rid, "count": c} for rid, c in counts.items()]
    return {"name": "small", "targets": targets, "resources": resources}


def solved_plan(document: dict[str, Any], method: str = "auto") -> dict[str, Any]:
    """The plan file document of ``document`` solved by ``method``."""
    scenario = parse_scenario(orjson.dumps(document), source="<test>", format="json")
    game = compile_scenario(scenario)
    return plan_document(scenario, game, solve(game, method))


def with_strategy(plan: dict[str, Any], strategy: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``plan`` whose strategy is replaced (the scenario stays consistent)."""
    out = copy.deepcopy(plan)
    out["strategy"] = strategy
    return out


def hand_plan(document: dict[str, Any], strategy: dict[str, Any]) -> dict[str, Any]:
    """A plan file for ``document`` holding a hand-written ``strategy``."""
    scenario = parse_scenario(orjson.dumps(document), source="<test>", format="json")
    return {
        "format": PLAN_FORMAT,
        "status": "optimal",
        "method": "by-hand",
        "strategy": strategy,
        "scenario": scenario.document,
        "scenario_sha256": scenario.sha256(),
    }
