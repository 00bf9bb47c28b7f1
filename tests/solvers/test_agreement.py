"""One set of cases, every solver: ORIGAMI, multiple LPs, the MILP (every
formulation) and brute force over the normal form agree to 1e-6.

Games follow Kiekintveld et al.'s protocol (see ``tests/conftest.py``),
plus small-integer payoffs where ties are the rule, zero units, more units
than targets, a single target, effectiveness below one and floors.
"""

from __future__ import annotations

import numpy as np
import pytest

from entente import solve
from entente.model import Game
from entente.solvers import milp
from entente.solvers.bayesian.milp import FORMULATIONS, default_formulation
from tests.games import random_game

AGREEMENT = 1e-6


def _cases(seed: int, count: int, *, integer: bool) -> list[tuple[str, Game]]:
    rng = np.random.default_rng(seed)
    cases = []
    for i in range(count):
        n = int(rng.integers(1, 6))
        types = int(rng.integers(1, 4)) if n <= 4 else 1
        units = int(rng.integers(0, n + 2))
        effectiveness = 1.0 if rng.random() < 0.7 else float(rng.choice([0.5, 0.8]))
        floors = rng.choice([0.0, 0.0, 0.1, 0.3], n) if rng.random() < 0.25 else None
        game = random_game(
            rng, n, types, units, integer=integer, effectiveness=effectiveness, floors=floors
        )
        cases.append((f"{'int' if integer else 'unif'}-{i}-n{n}-k{types}-m{units}", game))
    return cases


CASES = _cases(1, 150, integer=False) + _cases(2, 150, integer=True)


def _methods(game: Game) -> list[str]:
    methods = ["multiple-lps", "milp", "brute-force"]
    if game.n_types == 1 and not np.any(game.min_coverage > 0):
        methods.insert(0, "origami")
    return methods


@pytest.mark.parametrize(("name", "game"), CASES, ids=[c[0] for c in CASES])
class TestAllSolversAgree:
    def test_values_agree(self, name: str, game: Game) -> None:
        plans = {method: solve(game, method) for method in _methods(game)}
        for formulation in FORMULATIONS:
            if formulation != default_formulation(game.n_types):  # ran as method "milp"
                plans[f"milp-{formulation}"] = milp(game, formulation=formulation)
        statuses = {p.status for p in plans.values()}
        assert len(statuses) == 1, {m: p.status for m, p in plans.items()}
        if statuses == {"infeasible"}:
            return
        values = {m: p.defender_utility for m, p in plans.items()}
        reference = values["brute-force"]
        for method, value in values.items():
            assert value == pytest.approx(reference, abs=AGREEMENT), (method, values)

    def test_attacker_values_agree_for_one_type(self, name: str, game: Game) -> None:
        """With one type the attacker's value is the level the defender enforces;
        it need not be unique across optimal plans, but the defender's value must."""
        if game.n_types != 1 or np.any(game.min_coverage > 0):
            return
        origami_plan = solve(game, "origami")
        lp_plan = solve(game, "multiple-lps")
        assert origami_plan.defender_utility == pytest.approx(
            lp_plan.defender_utility, abs=AGREEMENT
        )
