"""Plan documents for roster tests: solved from small games, or written by hand."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import orjson

from entente.model import deployment_interdiction
from entente.planfile import plan_document
from entente.planfile.strategy import read_strategy
from entente.scenario import compile_scenario, parse_scenario
from entente.solvers import CombStrategy, MixtureStrategy, solve
from entente.solvers.plan import plan_from_coverage


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


def hand_plan(document: dict[str, Any], strategy: dict[str, Any]) -> dict[str, Any]:
    """A plan file for ``document`` holding a hand-written ``strategy``.

    The rest of the file is what that strategy gives (its coverage, each type's
    best response, the values; status ``time_limit`` and the trivial bound: nothing
    proves it optimal),
    so that it passes the certificate plan readers re-run.
    """
    scenario = parse_scenario(orjson.dumps(document), source="<test>", format="json")
    game = compile_scenario(scenario)
    typed, problems = read_strategy(strategy, game)
    assert not problems, problems
    assert typed is not None
    if isinstance(typed, CombStrategy):
        coverage = typed.effectiveness * typed.marginals
    else:
        assert isinstance(typed, MixtureStrategy)
        coverage = sum(
            (
                p * deployment_interdiction(game, d)
                for p, d in zip(typed.probabilities, typed.deployments, strict=True)
            ),
            start=np.zeros(game.n_targets),
        )
    attacker, defender = game.attacker_utility(coverage), game.defender_utility(coverage)
    attacked = []
    for k in range(game.n_types):  # strong Stackelberg: ties go the defender's way
        tied = np.flatnonzero(attacker[k] >= attacker[k].max() - 1e-12 * game.payoff_scale())
        attacked.append(int(tied[np.argmax(defender[k, tied])]))
    # Nothing bounds a hand-written plan but the best payoff each type can leave the defender
    # (the certificate's bound floor fails a bound at the plan's own value when it finds better).
    bound = float(game.priors @ game.defender_covered.max(axis=1))
    plan = plan_from_coverage(
        game, coverage, attacked, method="by-hand", status="time_limit", bound=bound,
        message="written by hand", strategy=typed,
    )  # fmt: skip
    return plan_document(scenario, game, plan)


def with_strategy(plan: dict[str, Any], strategy: dict[str, Any]) -> dict[str, Any]:
    """A plan of ``plan``'s scenario whose strategy is ``strategy`` (the rest re-derived)."""
    return hand_plan(copy.deepcopy(plan["scenario"]), strategy)
