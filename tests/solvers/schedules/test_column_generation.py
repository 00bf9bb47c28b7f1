"""Column generation against the whole normal form, hand-worked games, and its edge cases.

Brute force (:mod:`entente.solvers.classic.brute_force`) enumerates every joint
pure deployment and every barrier placement and runs multiple LPs on the
normal form; it shares no solving code with column generation, so exact
agreement on hundreds of random tiny games mixing guards (restricted or
not, per-slot counts), patrols (overlapping routes) and barriers, all with
effectiveness below one, tests both.
"""

from __future__ import annotations

import numpy as np
import pytest

from entente import make_game, solve
from entente.model import Game, Resource
from entente.solvers import column_generation
from entente.solvers.classic.brute_force import MAX_BRUTE_FORCE, normal_form_size
from tests.kinds import mixed_game

AGREEMENT = 1e-6


def _cases(seed: int, count: int, **options: int) -> list[tuple[str, Game]]:
    rng = np.random.default_rng(seed)
    cases: list[tuple[str, Game]] = []
    while len(cases) < count:
        game = mixed_game(rng, **options)
        if normal_form_size(game) <= MAX_BRUTE_FORCE:
            kinds = "".join(sorted({r.kind[0] for r in game.resources}))
            cases.append((f"s{seed}-{len(cases)}-{kinds}-n{game.n_targets}-k{game.n_types}", game))
    return cases


CASES = _cases(11, 150) + _cases(12, 100, max_sites=4, max_types=3) + _cases(13, 50, max_sites=2)


def test_the_cases_mix_every_kind_and_effectiveness() -> None:
    kinds = {r.kind for _, g in CASES for r in g.resources}
    assert kinds == {"guard", "patrol", "static"}
    assert any(g.slot_ids for _, g in CASES)
    assert any(r.targets is not None for _, g in CASES for r in g.resources)
    assert sum(any(0 < r.effectiveness < 1 for r in g.resources) for _, g in CASES) > 150


@pytest.mark.parametrize(("name", "game"), CASES, ids=[c[0] for c in CASES])
def test_column_generation_equals_brute_force(name: str, game: Game) -> None:
    exact = solve(game, "brute-force")
    plan = solve(game, "column-generation")  # solve() certifies: raises if the check fails
    assert plan.status == exact.status
    if exact.status == "optimal":
        assert plan.verified
        assert plan.defender_utility == pytest.approx(exact.defender_utility, abs=AGREEMENT)
        assert plan.gap is not None
        assert plan.gap <= 1e-6 * game.defender_range() + 1e-12


def _beaches(**resource: object) -> Game:
    return make_game(
        defender_covered=[0.0, 0.0],
        defender_uncovered=[-10.0, -4.0],
        attacker_covered=[-10.0, -4.0],
        attacker_uncovered=[10.0, 4.0],
        resources=[Resource(**resource)],  # type: ignore[arg-type]
        target_ids=["beach", "river"],
    )


def test_hand_worked_route_over_both_sites() -> None:
    """One drone (e = 0.5) whose only route watches both sites.

    Flying with probability p gives c = (p/2, p/2): Ua = 10 - 10p at the
    beach and 4 - 4p at the river, so the beach is the best response for
    p < 1 and both tie at p = 1 (Ua = 0 at both). Flying always is best:
    the attacker is held to 0 and, of the tied sites, picks the one the
    defender prefers: the river, Ud = -4 + 4 * 0.5 = -2.
    """
    game = _beaches(id="drone", count=1, kind="patrol", effectiveness=0.5, schedules=((0, 1),))
    plan = solve(game)
    assert plan.method == "column-generation"
    assert plan.defender_utility == pytest.approx(-2.0, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(0.0, abs=1e-9)
    assert plan.coverage.tolist() == pytest.approx([0.5, 0.5])
    assert plan.responses[0].attacked == 1


def test_hand_worked_barrier_is_not_randomised() -> None:
    """One barrier (e = 0.8), two sites: it must stand at one of them every night.

    At the beach: c = (0.8, 0): Ua = (-6, 4), the river is attacked, Ud = -4.
    At the river: c = (0, 0.8): Ua = (10, -2.4), the beach is attacked, Ud =
    -10. Unplaced: the beach, -10. A randomised guard of the same strength
    could do better (-2.5 by splitting to equalise Ua); the barrier cannot.
    """
    game = _beaches(id="barrier", count=1, kind="static", effectiveness=0.8, schedules=((0,), (1,)))
    plan = solve(game)
    assert plan.defender_utility == pytest.approx(-4.0, abs=1e-9)
    assert len({d[0] for d in plan.strategy.deployments}) == 1
    guard = _beaches(id="team", count=1, kind="guard", effectiveness=0.8)
    assert solve(guard).defender_utility > plan.defender_utility + 1.0


def test_time_limit_returns_a_certified_plan_with_its_gap() -> None:
    rng = np.random.default_rng(5)
    game = mixed_game(rng, max_sites=3)
    plan = solve(game, "column-generation", time_limit=0.0)
    assert plan.status in ("time_limit", "optimal")
    assert plan.verified
    if plan.status == "time_limit":
        assert plan.gap is not None
        assert plan.gap >= 0


@pytest.mark.parametrize(
    "floors",
    [
        [0.6, 0.0],  # above what one drone (e = 0.5) can ever give
        [0.3, 0.3],  # each reachable alone (0.5), not both at once: only the LPs can tell
    ],
)
def test_floors_no_mixture_meets_are_infeasible(floors: list[float]) -> None:
    game = make_game(
        defender_covered=[0.0, 0.0],
        defender_uncovered=[-1.0, -1.0],
        attacker_covered=[0.0, 0.0],
        attacker_uncovered=[1.0, 1.0],
        resources=[Resource("drone", 1, "patrol", 0.5, schedules=((0,), (1,)))],
        min_coverage=floors,
    )
    plan = solve(game)
    assert plan.status == "infeasible"
    assert plan.verified
    assert solve(game, "brute-force").status == "infeasible"


def test_auto_keeps_the_classic_methods_for_classic_games() -> None:
    game = make_game(
        defender_covered=[1.0, 2.0],
        defender_uncovered=[-5.0, -3.0],
        attacker_covered=[-1.0, -1.0],
        attacker_uncovered=[4.0, 3.0],
        resources=1,
    )
    assert solve(game).method == "origami"
    assert column_generation(game).defender_utility == pytest.approx(
        solve(game).defender_utility, abs=1e-9
    )
