"""The ``hunter`` formulation: warm profile LPs, diving, and the plans it returns.

Checked against independent methods: each profile's LP built from scratch
(:func:`~entente.solvers.classic.profile_lp.solve_profile`), multiple LPs
over every profile, and the certificate (each type's response is a best
response at the plan's coverage, the value is what the payoffs give).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente import solve
from entente.model import Game, coverage_box
from entente.solvers import certify, milp
from entente.solvers.bayesian import _branch_and_cut as bnc
from entente.solvers.bayesian import _incumbent
from entente.solvers.bayesian._profile_session import ProfileSession
from entente.solvers.classic.profile_lp import solve_profile
from tests.games import random_game
from tests.solvers.bayesian.stopped import assert_brackets, search

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def games(draw: st.DrawFn) -> Game:
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(1, 7))
    types = draw(st.integers(1, 4))
    units = draw(st.integers(0, n + 1))
    floors = draw(st.sampled_from([None, 0.1]))
    integer = draw(st.booleans())
    rng = np.random.default_rng(seed)
    return random_game(
        rng, n, types, units, integer=integer, floors=None if floors is None else np.full(n, floors)
    )


@FAST
@given(games(), st.data())
def test_profile_session_agrees_with_each_profile_lp(game: Game, data: st.DataObject) -> None:
    """Walk through profiles one type's move at a time, as the local search does:
    the warm LP gives the value of the LP built from scratch, and says infeasible
    exactly when it does."""
    box = coverage_box(game)
    assert box is not None
    n = game.n_targets
    profile = data.draw(
        st.lists(st.integers(0, n - 1), min_size=game.n_types, max_size=game.n_types)
    )
    session = ProfileSession(game, box, profile)
    for _ in range(6):
        found = session.evaluate(profile)
        reference = solve_profile(game, box, profile)
        if reference.status == "infeasible":
            assert found is None, profile
        else:
            assert found is not None, profile
            assert found[0] == pytest.approx(reference.objective, abs=1e-7 * game.payoff_scale())
            coverage = found[1]
            assert coverage.sum() <= box.budget + 1e-7
            attacker = game.attacker_utility(coverage)
            for k, t in enumerate(profile):  # every attacked target is a best response
                assert attacker[k, t] >= attacker[k].max() - 1e-6 * game.payoff_scale()
        k = data.draw(st.integers(0, game.n_types - 1))
        profile = [*profile[:k], data.draw(st.integers(0, n - 1)), *profile[k + 1 :]]


@FAST
@given(games())
def test_hunter_plans_are_optimal_and_certified(game: Game) -> None:
    plan = milp(game, formulation="hunter")
    lps = solve(game, "multiple-lps")
    assert plan.status == lps.status
    if plan.status == "infeasible":
        return
    assert plan.defender_utility == pytest.approx(lps.defender_utility, abs=1e-6)
    assert certify(game, plan).passed


@pytest.mark.parametrize("nodes", [0, 1, 2, 5, 26, None])
def test_lean_search_bound_holds_whenever_it_stops(
    deeper_game: tuple[Game, float], nodes: int | None
) -> None:
    """Cut short at any node count (26: after the second dive), the lean
    search's plan is below the optimum and its bound above."""
    game, optimum = deeper_game
    outcome = search(game, nodes, lean=True)
    assert_brackets(outcome, optimum)
    if not outcome.finished:
        assert outcome.nodes == nodes


@FAST
@given(games(), st.integers(0, 12))
def test_a_stale_plan_search_keeps_plan_and_bound_exact(game: Game, nodes: int) -> None:
    """With the plan search off (stale from the root on, no offers, no dives, no local
    search: plans then come from the start and the integral nodes alone), whenever
    the lean search stops its plan is at most the optimum (multiple LPs) and its
    bound at least; run to the end they meet."""
    lps = solve(game, "multiple-lps")
    if lps.status != "optimal" or coverage_box(game) is None:
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bnc, "STALE_NODES", -1)
        patch.setattr(bnc, "STALE_OFFER_EVERY", 10**9)
        patch.setattr(bnc, "dive", lambda *args: None)
        patch.setattr(_incumbent.Incumbent, "_improves_a_neighbour", lambda self: False)
        for limit in (nodes, None):
            assert_brackets(search(game, limit, lean=True), lps.defender_utility)
