"""Near-ties: payoffs that differ by 1e-9..1e-12 across types never crash a solver.

Issue 16: HiGHS failed in multiple-lps and brute-force on such games, and the
certificate's ceiling (exact ties only) fell below the value the solvers
reach by letting utilities within the tie tolerance tie.
"""

from __future__ import annotations

import numpy as np
import pytest

from entente import solve
from entente.model import Game, make_game

METHODS = ("multiple-lps", "brute-force", "column-generation", "origami")


def near_tie_game(rng: np.random.Generator) -> Game:
    """Small integer payoffs, each type's copy jittered by one epsilon in 1e-12..1e-9."""
    types, n = int(rng.integers(1, 5)), int(rng.integers(2, 5))
    units = int(rng.integers(0, n + 1))
    eps = 10.0 ** rng.uniform(-12, -9)

    def draw() -> np.ndarray:
        return rng.integers(1, 4, n).astype(float)

    def jitter() -> np.ndarray:
        return eps * rng.integers(-1, 2, (types, n))

    dc, du, ac, au = draw(), -draw(), -draw(), draw()
    return make_game(
        defender_covered=dc + jitter(),
        defender_uncovered=du + jitter(),
        attacker_covered=ac + jitter(),
        attacker_uncovered=au + jitter(),
        resources=units,
        priors=rng.dirichlet(np.ones(types)),
    )


@pytest.mark.parametrize("batch", range(4))
def test_near_tie_games_solve_and_agree(batch: int) -> None:
    """50 games a batch (200 in all): the MILP and one other exact method agree."""
    rng = np.random.default_rng(1600 + batch)
    for i in range(50):
        game = near_tie_game(rng)
        methods = [m for m in METHODS if m != "origami" or game.n_types == 1]
        reference = solve(game, "milp")
        assert reference.success, (i, reference)
        assert reference.defender_utility is not None
        for other in (methods[i % len(methods)], *methods[3:]):
            plan = solve(game, other)
            assert plan.success, (i, other, plan)
            assert plan.defender_utility == pytest.approx(reference.defender_utility, abs=1e-6)


def test_three_types_a_billionth_apart() -> None:
    base = np.array([[2.0, 1.0, 3.0]])
    offsets = np.array([[0.0], [1e-9], [-1e-9]])
    game = make_game(
        defender_covered=base + offsets,
        defender_uncovered=-base - offsets,
        attacker_covered=-base[:, ::-1] + offsets,
        attacker_uncovered=base[:, ::-1] + offsets,
        resources=1,
        priors=[0.5, 0.3, 0.2],
    )
    values = [solve(game, m).defender_utility for m in ("multiple-lps", "brute-force", "milp")]
    assert max(values) - min(values) <= 1e-6  # type: ignore[operator]
