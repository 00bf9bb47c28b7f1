"""A scenario file's plan does not depend on its ids or on the order of its lists.

Every target, resource and attacker type renamed and every list (targets,
types, resources, a resource's targets, sites and routes, a payoff mapping's
types) shuffled: the plan is the same up to that renaming. What an optimal
plan guarantees is compared: status and value (within the proven gaps); the
coverage itself where the optimum is unique (ORIGAMI). The other methods may
return any of several optimal coverages (idle resources can stand anywhere
that keeps the attacker's response), and with them the attacker's utility
may differ (seed 11009 below: the defender is indifferent at one target).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from entente import solve
from entente._exceptions import MethodError
from entente.planfile import plan_summary
from entente.scenario import compile_scenario, parse_scenario
from tests.scenario.random_scenarios import Doc, random_scenario, renamed_and_reordered

FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RATIONAL = ("origami", "multiple-lps", "milp", "brute-force", "column-generation", "robust")


def _summary(doc: Doc, method: str) -> tuple[dict[str, Any], float] | None:
    game = compile_scenario(parse_scenario(doc))
    gap = None if method in RATIONAL else 0.05 * game.defender_range()  # PASAQ is slow at 1e-3
    try:
        plan = solve(game, method, gap=gap) if gap else solve(game, method)
    except MethodError:  # the method does not apply to this scenario
        return None
    return plan_summary(game, plan), game.defender_range()


def _same_plan(doc: Doc, method: str, rng: np.random.Generator) -> None:
    other, targets, types = renamed_and_reordered(doc, rng)
    first = _summary(doc, method)
    if first is None:
        return
    a, range_d = first
    second = _summary(other, method)
    assert second is not None
    b, _ = second
    assert (a["status"], a["verified"]) == (b["status"], b["verified"])
    slack = (a["gap"] or 0.0) + (b["gap"] or 0.0) + 2e-6 * range_d
    assert abs(a["defender_utility"] - b["defender_utility"]) <= slack
    if method == "origami":
        for t, c in a["coverage"].items():
            assert b["coverage"][targets[t]] == pytest.approx(c, abs=1e-9)
    assert set(b["types"]) == {types.get(k, k) for k in a["types"]}


@pytest.mark.parametrize("method", [*RATIONAL, "auto"])
@FEW
@given(seed=st.integers(0, 2**32 - 1))
def test_guards_renamed_and_reordered(method: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    _same_plan(random_scenario(rng), method, rng)


@FEW
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=11009)
def test_patrols_and_barriers_renamed_and_reordered(seed: int) -> None:
    rng = np.random.default_rng(seed)
    doc = random_scenario(rng, kinds=("guard", "patrol", "static"))
    for method in ("brute-force", "column-generation"):
        _same_plan(doc, method, rng)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_behavioural_types_renamed_and_reordered(seed: int) -> None:
    rng = np.random.default_rng(seed)
    doc = random_scenario(rng, models=("rational", "quantal", "suqr"), max_targets=3)
    _same_plan(doc, "auto", rng)
