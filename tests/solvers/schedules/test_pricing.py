"""Pricing: the exact MILP equals exhaustive search; the heuristic never claims more."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from entente import make_game
from entente.model import Resource
from entente.model.pure_strategies import slot_options
from entente.solvers.schedules._pricing import SlotPricer

EFFECTIVENESS = (1.0, 0.9, 0.5, 0.3)


def _pricer(rng: np.random.Generator) -> SlotPricer:
    n = int(rng.integers(2, 6))
    resources = []
    for r in range(int(rng.integers(1, 4))):
        e = float(rng.choice(EFFECTIVENESS))
        count = int(rng.integers(1, 3))
        if rng.random() < 0.4:
            allowed = rng.choice(n, int(rng.integers(1, n + 1)), replace=False)
            targets = tuple(sorted(allowed.tolist())) if rng.random() < 0.5 else None
            resources.append(Resource(f"g{r}", count, "guard", e, targets=targets))
        else:
            routes = {
                tuple(sorted(rng.choice(n, int(rng.integers(1, min(3, n) + 1)), replace=False)))
                for _ in range(int(rng.integers(1, 5)))
            }
            resources.append(Resource(f"p{r}", count, "patrol", e, schedules=tuple(sorted(routes))))
    game = make_game(
        defender_covered=np.zeros(n),
        defender_uncovered=-np.ones(n),
        attacker_covered=np.zeros(n),
        attacker_uncovered=np.ones(n),
        resources=resources,
    )
    return SlotPricer(game, slot_options(game)[0])


def _exhaustive(pricer: SlotPricer, w: np.ndarray) -> float:
    options = pricer.options
    per_resource = []
    for schedules, units, stacks in zip(
        options.schedules, options.units, options.stacking, strict=True
    ):
        pick = itertools.combinations_with_replacement if stacks else itertools.combinations
        per_resource.append([c for k in range(units + 1) for c in pick(range(len(schedules)), k)])
    return max(float(w @ pricer.interdiction(tuple(c))) for c in itertools.product(*per_resource))


@pytest.mark.parametrize("seed", range(200))
def test_exact_pricing_equals_exhaustive_search(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pricer = _pricer(rng)
    w = rng.normal(size=pricer.n)
    best = _exhaustive(pricer, w)
    exact = pricer.exact(w, tolerance=1e-9, time_limit=None)
    heuristic = pricer.heuristic(w)
    assert exact.value == pytest.approx(best, abs=1e-7)
    assert exact.bound >= best - 1e-7
    assert exact.value == pytest.approx(float(w @ pricer.interdiction(exact.choice)))
    assert heuristic.value <= best + 1e-9
