"""Mixture plans: one joint deployment per day, with exactly the plan's probabilities."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from entente.operations import draw_rosters, roster_plan
from entente.operations.sampling import MIXTURE_BITS, draw_mixture, quantise_probabilities
from tests.operations.plans import hand_plan, scenario_doc, solved_plan


class Words:
    """A stand-in random source that returns chosen 64-bit words."""

    seed = 0

    def __init__(self, words: list[int]) -> None:
        self._words = np.array(words, dtype=np.uint64)

    def words64(self, shape: int) -> np.ndarray:
        return self._words[:shape]


def test_inverse_transform_hits_each_deployment_on_exactly_its_quanta() -> None:
    cumulative = quantise_probabilities(np.array([0.25, 0.0, 0.5, 0.25]))
    assert cumulative[-1] == 1 << MIXTURE_BITS
    edges = [0, *cumulative.tolist()]
    shift = 64 - MIXTURE_BITS
    for i in range(4):
        low, high = edges[i], edges[i + 1]
        if low == high:
            continue  # a zero-probability deployment is never drawn
        words = Words([low << shift, (high - 1) << shift, ((high - 1) << shift) | (2**shift - 1)])
        assert draw_mixture(cumulative, 3, words).tolist() == [i, i, i]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "probabilities",
    [[1.0], [0.1, 0.2, 0.7], [1 / 3] * 3, [1e-12, 1 - 1e-12], [0.0, 0.5, 0.0, 0.5]],
)
def test_quantised_probabilities_are_faithful(probabilities: list[float]) -> None:
    p = np.array(probabilities)
    quanta = np.diff(np.concatenate([[0], quantise_probabilities(p)]))
    assert quanta.sum() == 1 << MIXTURE_BITS
    assert np.all(quanta[p == 0] == 0)
    assert np.max(np.abs(quanta / 2.0**MIXTURE_BITS - p / p.sum())) <= 2.0**-MIXTURE_BITS


def _two_drones_plan(rng: np.random.Generator) -> dict[str, Any]:
    """Two resources with effectiveness 0.5 whose units always fly the same route.

    Sampling each resource from its own marginals would put them on the same
    route only half the time; the joint draw must do it every day.
    """
    doc = scenario_doc(4, {"drone-a": 1, "drone-b": 1}, rng)
    for r in doc["resources"]:
        r.update(
            effectiveness=0.5,
            kind="patrol",
            schedules=[["t0", "t1"], ["t2", "t3"], ["t3", "t0"]],
        )
    strategy = {
        "form": "mixture",
        "deployments": [
            {
                "probability": 0.5,
                "resources": {"drone-a": [["t0", "t1"]], "drone-b": [["t0", "t1"]]},
            },
            {
                "probability": 0.3,
                "resources": {"drone-a": [["t2", "t3"]], "drone-b": [["t2", "t3"]]},
            },
            {"probability": 0.2, "resources": {"drone-a": [["t3", "t0"]], "drone-b": [[]]}},
        ],
    }
    return hand_plan(doc, strategy)


def test_joint_deployments_keep_the_joint_interdiction(rng: np.random.Generator) -> None:
    plan = _two_drones_plan(rng)
    rosters = draw_rosters(plan, 20_000, seed=7)
    counts = rosters.cover_counts()
    # route order is kept, and both drones fly the same route on the first two kinds of day
    day_routes = {(rosters.targets(d, 0), rosters.targets(d, 1)) for d in (1, 2, 3, 4, 5, 6)}
    assert day_routes <= {
        (("t0", "t1"), ("t0", "t1")),
        (("t2", "t3"), ("t2", "t3")),
        (("t3", "t0"), ()),
    }
    # exact expected interdiction of the plan: t0 = .5 * .75 + .2 * .5
    expected = np.array([0.5 * 0.75 + 0.2 * 0.5, 0.5 * 0.75, 0.3 * 0.75, 0.3 * 0.75 + 0.2 * 0.5])
    observed = rosters.interdiction().mean(axis=0)
    sigma = np.sqrt(0.25 / rosters.days)
    assert np.all(np.abs(observed - expected) < 5 * sigma)
    # never one drone on (t0, t1) without the other: the joint is kept
    both = (counts[:, 0] == 2) & (counts[:, 1] == 2)
    assert np.array_equal(both, (counts[:, 1] > 0))


def test_brute_force_mixture_reproduces_its_coverage(rng: np.random.Generator) -> None:
    plan = solved_plan(scenario_doc(4, {"fr": 2, "uk": 1}, rng), "brute-force")
    prepared = roster_plan(plan)
    assert prepared.form == "mixture"
    rosters = draw_rosters(prepared, 40_000, seed=11)
    coverage = np.array([plan["coverage"][t] for t in prepared.target_ids])
    observed = rosters.interdiction().mean(axis=0)
    assert np.all(np.abs(observed - coverage) < 5 * np.sqrt(0.25 / rosters.days))
    # each deployment appears with its probability
    deployments = plan["strategy"]["deployments"]
    keys = [
        tuple(tuple(tuple(u) for u in d["resources"][r]) for r in ("fr", "uk")) for d in deployments
    ]
    drawn = [
        (
            (rosters.targets(d, 0), rosters.targets(d, 1)),
            (rosters.targets(d, 2),),
        )
        for d in range(1, 2001)
    ]
    for key, deployment in zip(keys, deployments, strict=True):
        share = sum(k == key for k in drawn) / len(drawn)
        assert abs(share - deployment["probability"]) < 5 * np.sqrt(0.25 / len(drawn))
