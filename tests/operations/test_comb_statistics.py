"""Comb plans end to end: the drawn rosters cover each target as often as the plan says."""

from __future__ import annotations

from typing import Any

import numpy as np

from entente.operations import draw_rosters
from tests.operations.plans import with_strategy


def test_paris_frequencies_match_the_marginals(paris_plan: dict[str, Any]) -> None:
    rosters = draw_rosters(paris_plan, 50_000, seed=1)
    ids = rosters.plan.target_ids
    marginals = np.array([paris_plan["strategy"]["marginals"][t] for t in ids])
    counts = rosters.cover_counts()
    assert counts.max() == 1  # units of a guard resource never stack
    # the marginals add up to the 20 units: every day uses all 20
    assert np.all(counts.sum(axis=1) == 20)
    observed = counts.mean(axis=0)
    assert np.all(np.abs(observed - marginals) < 5 * np.sqrt(0.25 / rosters.days))


def test_coverage_equals_plan_coverage_with_effectiveness(paris_plan: dict[str, Any]) -> None:
    rosters = draw_rosters(paris_plan, 20_000, seed=3)
    ids = rosters.plan.target_ids
    coverage = np.array([paris_plan["coverage"][t] for t in ids])
    observed = rosters.interdiction().mean(axis=0)
    assert np.all(np.abs(observed - coverage) < 5 * np.sqrt(0.25 / rosters.days))


def test_zero_days_and_idle_units(paris_plan: dict[str, Any]) -> None:
    assert draw_rosters(paris_plan, 0).choices.shape == (0, 20)
    strategy = dict(paris_plan["strategy"])
    strategy["marginals"] = dict.fromkeys(strategy["marginals"], 0.0)
    rosters = draw_rosters(with_strategy(paris_plan, strategy), 5, seed=1)
    assert np.all(rosters.choices == 0)
    assert rosters.targets(1, 0) == ()
