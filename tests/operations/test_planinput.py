"""A broken or tampered plan document is refused with the field named, before any draw."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from entente import InputError
from entente.operations import draw_rosters
from tests.operations.plans import hand_plan, scenario_doc


def _set(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(plan: dict[str, Any]) -> None:
        node: Any = plan
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _first_target(plan: dict[str, Any]) -> str:
    return plan["scenario"]["targets"][0]["id"]


CASES = [
    ("no-scenario", lambda p: p.pop("scenario"), "scenario"),
    ("tampered", lambda p: p["scenario"]["targets"][0]["defender"].update(covered=5.0), "scenario_sha256"),
    ("no-strategy", _set(["strategy"], None), "strategy"),
    ("form", _set(["strategy", "form"], "lottery"), "strategy.form"),
    ("units", _set(["strategy", "units"], -1), "strategy.units"),
    ("unit-count", _set(["strategy", "units"], 19), "strategy.units"),
    ("resources", _set(["strategy", "resources"], {"fr-teams": 20}), "strategy.resources"),
    ("effectiveness", _set(["strategy", "effectiveness"], 1.5), "strategy.effectiveness"),
    ("over-one", lambda p: p["strategy"]["marginals"].update({_first_target(p): 1.2}), "strategy.marginals.stade-de-france"),
    ("nan", lambda p: p["strategy"]["marginals"].update({_first_target(p): float("nan")}), "strategy.marginals.stade-de-france"),
    ("unknown", lambda p: p["strategy"]["marginals"].update({"atlantis": 0.0}), "strategy.marginals.atlantis"),
    ("missing", lambda p: p["strategy"]["marginals"].pop(_first_target(p)), "no marginal for target(s) stade-de-france"),
    ("over-budget", lambda p: p["strategy"]["marginals"].update({t: 0.9 for t in p["strategy"]["marginals"]}), "more than the 20 units"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "field"), CASES, ids=[c[0] for c in CASES])
def test_comb_plan_problems_name_the_field(
    paris_plan: dict[str, Any], name: str, edit: Callable[[dict[str, Any]], None], field: str
) -> None:
    plan = copy.deepcopy(paris_plan)
    edit(plan)
    with pytest.raises(InputError) as caught:
        draw_rosters(plan, 1, source="plan.json")
    message = str(caught.value)
    assert message.startswith("plan.json")
    assert field in message


def _mixture(paris_plan: dict[str, Any], deployments: list[Any]) -> dict[str, Any]:
    plan = copy.deepcopy(paris_plan)
    plan["strategy"] = {"form": "mixture", "deployments": deployments}
    return plan


MIXTURE_CASES = [
    ("empty", [], "strategy.deployments: must be a non-empty list"),
    ("sum", [{"probability": 0.5, "resources": {}}], "probabilities add up to 0.5"),
    ("negative", [{"probability": -0.5, "resources": {}}, {"probability": 1.5, "resources": {}}], "strategy.deployments[0].probability"),
    ("resource", [{"probability": 1.0, "resources": {"navy": []}}], "strategy.deployments[0].resources.navy: not a resource"),
    ("too-many", [{"probability": 1.0, "resources": {"uk-teams": [[]] * 5}}], "resources.uk-teams: must be a list of at most 4"),
    ("target", [{"probability": 1.0, "resources": {"uk-teams": [["atlantis"]]}}], "resources.uk-teams[0]: must be a list of target ids"),
    ("not-object", ["x"], "strategy.deployments[0]: must be an object"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "deployments", "field"), MIXTURE_CASES, ids=[c[0] for c in MIXTURE_CASES]
)
def test_mixture_plan_problems_name_the_field(
    paris_plan: dict[str, Any], name: str, deployments: list[Any], field: str
) -> None:
    with pytest.raises(InputError, match=r"plan\.json") as caught:
        draw_rosters(_mixture(paris_plan, deployments), 1, source="plan.json")
    assert field in str(caught.value)


def test_not_a_plan_and_bad_days(paris_plan: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="JSON object"):
        draw_rosters([1, 2], 1)  # type: ignore[arg-type]
    for days in (-1, 2.5, True):
        with pytest.raises(InputError, match="days"):
            draw_rosters(paris_plan, days)  # type: ignore[arg-type]


def test_short_unit_lists_mean_idle_units() -> None:
    """Guard units beyond the targets are not listed in a deployment: they stay idle."""
    doc = scenario_doc(2, {"lookout": 1, "team": 5}, np.random.default_rng(3))
    strategy = {
        "form": "mixture",
        "deployments": [
            {"probability": 1.0, "resources": {"lookout": [["t0"]], "team": [["t1"], []]}}
        ],
    }
    rosters = draw_rosters(hand_plan(doc, strategy), 2, seed=0)
    assert rosters.plan.units == 6
    assert all(rosters.targets(d, 0) == ("t0",) for d in (1, 2))
    assert all(rosters.targets(d, 1) == ("t1",) for d in (1, 2))  # team unit 1
    assert all(rosters.targets(d, u) == () for d in (1, 2) for u in range(2, 6))
