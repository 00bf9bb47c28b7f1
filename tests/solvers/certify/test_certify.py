"""The certificate must reject wrong plans, not just accept right ones."""

from __future__ import annotations

import numpy as np
import pytest

from entente import CertificateError, certify, make_game, solve
from entente.solvers import CombStrategy, MixtureStrategy, Plan, TypeResponse, dispatch
from entente.solvers.plan import plan_from_coverage
from tests.games import random_game


@pytest.fixture
def game_and_plan() -> tuple:
    game = random_game(np.random.default_rng(7), 6, 1, 2)
    return game, solve(game)


def _failed(game, plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.name for c in certify(game, plan).failures()}


def test_a_correct_plan_passes(game_and_plan: tuple) -> None:
    game, plan = game_and_plan
    certificate = certify(game, plan)
    assert certificate.passed
    assert {c.name for c in certificate.checks} >= {
        "feasible",
        "strategy",
        "value",
        "bound",
        "optimality",
    }


def test_over_budget_coverage_fails(game_and_plan: tuple) -> None:
    game, plan = game_and_plan
    coverage = np.minimum(plan.coverage + 0.2, 1.0)
    bad = plan_from_coverage(
        game,
        coverage,
        [r.attacked for r in plan.responses],
        method="x",
        status="optimal",
        bound=plan.bound,
        message="",
        strategy=CombStrategy(coverage, 2, 1.0),
    )
    assert "feasible" in _failed(game, bad)


def test_wrong_attacked_target_fails(game_and_plan: tuple) -> None:
    game, plan = game_and_plan
    utilities = game.attacker_utility(plan.coverage)[0]
    worst = int(np.argmin(utilities))
    bad = plan_from_coverage(
        game,
        plan.coverage,
        [worst],
        method="x",
        status="optimal",
        bound=plan.bound + 100,
        message="",
        strategy=plan.strategy,
    )
    assert "response[attacker]" in _failed(game, bad)


def test_misreported_utility_fails(game_and_plan: tuple) -> None:
    game, plan = game_and_plan
    response = plan.responses[0]
    bad = plan.replace(
        responses=(
            TypeResponse(
                response.attacked, response.attacker_utility, response.defender_utility + 1
            ),
        )
    )
    assert "response[attacker]" in _failed(game, bad)


def test_strategy_that_does_not_reproduce_the_coverage_fails(game_and_plan: tuple) -> None:
    game, plan = game_and_plan
    bad = plan.replace(strategy=CombStrategy(np.roll(plan.strategy.marginals, 1), 2, 1.0))
    assert "strategy" in _failed(game, bad)


def test_mixture_with_stacked_guards_fails() -> None:
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-1, -1],
        attacker_covered=[0, 0],
        attacker_uncovered=[1, 1],
        resources=2,
    )
    plan = solve(game, "brute-force")
    stacked = MixtureStrategy(np.array([1.0]), ((((0,), (0,)),),))
    assert "strategy" in _failed(game, plan.replace(strategy=stacked))


def test_suboptimal_plan_claiming_optimal_fails(game_and_plan: tuple) -> None:
    game, _plan = game_and_plan
    coverage = np.zeros(game.n_targets)
    worse = plan_from_coverage(
        game,
        coverage,
        [int(np.argmax(game.attacker_uncovered[0]))],
        method="x",
        status="optimal",
        bound=-1e9,
        message="",
        strategy=CombStrategy(coverage, 2, 1.0),
    )
    assert _failed(game, worse) & {"optimality", "bound"}


def test_value_above_bound_fails(game_and_plan: tuple) -> None:
    game, plan = game_and_plan
    assert "bound" in _failed(game, plan.replace(bound=plan.defender_utility - 1.0, gap=-1.0))


def test_infeasible_claim_on_a_feasible_game_fails(game_and_plan: tuple) -> None:
    game, _ = game_and_plan
    assert "infeasible" in _failed(game, Plan(status="infeasible", method="x", message=""))


def test_solve_raises_on_a_failing_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken solver is caught at run time, as a bug."""
    game = random_game(np.random.default_rng(3), 4, 1, 1)

    honest = dispatch.METHODS["origami"]

    def broken(game, **_):  # type: ignore[no-untyped-def]
        plan = honest(game)
        return plan.replace(defender_utility=plan.defender_utility + 5)

    monkeypatch.setitem(dispatch.METHODS, "origami", broken)
    with pytest.raises(CertificateError, match="please report"):
        solve(game, "origami")


def test_a_tie_broken_against_the_defender_fails() -> None:
    """Two targets each type values alike (1 either way: covered == uncovered); the
    defender gains 1 at the covered one and 0 at the other. Strong Stackelberg: every
    type attacks the covered one. With two types only the response check can see a
    plan that says otherwise with consistent utilities and bound: it must fail."""
    game = make_game(
        defender_covered=[[1.0, 1.0]] * 2,
        defender_uncovered=[[0.0, 0.0]] * 2,
        attacker_covered=[[1.0, 1.0]] * 2,
        attacker_uncovered=[[1.0, 1.0]] * 2,
        resources=1,
        priors=[0.5, 0.5],
    )
    plan = solve(game)
    assert plan.defender_utility == pytest.approx(1.0)
    covered = int(np.argmax(plan.coverage))
    bad = plan_from_coverage(
        game,
        plan.coverage,
        [covered, 1 - covered],
        method="x",
        status="optimal",
        bound=0.5 * (1 + game.defender_utility(plan.coverage)[1, 1 - covered]),
        message="",
        strategy=plan.strategy,
    )
    failed = certify(game, bad).failures()
    assert [c.name for c in failed] == ["response[type1]"]
    assert "a tie better for the defender by 1" in failed[0].detail
