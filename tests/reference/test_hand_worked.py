"""Games small enough to solve by hand; each docstring shows the working."""

from __future__ import annotations

import pytest

from entente import make_game, solve
from entente.model import Resource

ALL_ONE_TYPE = ["origami", "multiple-lps", "milp", "brute-force"]
ALL_BAYESIAN = ["multiple-lps", "milp", "brute-force"]


@pytest.mark.parametrize("method", ALL_ONE_TYPE)
def test_two_targets_one_team(method: str) -> None:
    """louvre: D (2, -10), A (-5, 8); eiffel: D (1, -8), A (-4, 10); one team.

    Holding both at attacker level v costs (8-v)/13 + (10-v)/14 = 1, so
    v = 60/27; coverage 5.7778/13 = 4/9 and 7.7778/14 = 5/9. Both are best
    responses; the defender gets -10 + 12*(4/9) = -14/3 at the louvre and
    -8 + 9*(5/9) = -3 at the eiffel tower, so the attacker is steered there.
    """
    game = make_game(
        defender_covered=[2, 1],
        defender_uncovered=[-10, -8],
        attacker_covered=[-5, -4],
        attacker_uncovered=[8, 10],
        resources=1,
        target_ids=["louvre", "eiffel"],
    )
    plan = solve(game, method)
    assert plan.success
    assert plan.defender_utility == pytest.approx(-3.0, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(60 / 27, abs=1e-9)
    assert plan.coverage is not None
    assert plan.coverage.tolist() == pytest.approx([4 / 9, 5 / 9], abs=1e-9)
    assert plan.responses[0].attacked == 1


@pytest.mark.parametrize("method", ALL_ONE_TYPE)
def test_cover_bound_with_resources_left(method: str) -> None:
    """The step the published ORIGAMI pseudo-code gets wrong.

    a: A (0, 10), D (0, -10); b: A (1, 2), D (0, -1); two units. Spending
    both units would push the level to 10/11, but b fully covered still
    gives the attacker 1, so the level stops at 1: a gets 0.9, b gets 1.0,
    0.1 of a unit is left (ORIGAMI leaves it idle; the LP methods may put it
    on a, which changes nothing). Both are best responses (utility 1); the
    defender prefers b (0 against -1).
    """
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-10, -1],
        attacker_covered=[0, 1],
        attacker_uncovered=[10, 2],
        resources=2,
    )
    plan = solve(game, method)
    assert plan.defender_utility == pytest.approx(0.0, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(1.0, abs=1e-9)
    assert plan.responses[0].attacked == 1
    assert plan.coverage is not None
    assert plan.coverage[1] == pytest.approx(1.0, abs=1e-9)
    assert 0.9 - 1e-9 <= plan.coverage[0] <= 1.0 + 1e-9


@pytest.mark.parametrize("method", ALL_ONE_TYPE)
def test_fixed_payoff_target_takes_the_leftover(method: str) -> None:
    """a: A (5, 5) (coverage does not deter), D (0, -1); b: A (0, 10), D (0, -2); one unit.

    b needs 0.5 to match a's 5; the other 0.5 may sit on a, where it does not
    change the attacker's mind but halves the defender's loss: -0.5 at a
    against -1 at b. The attacker, indifferent, attacks a.
    """
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-1, -2],
        attacker_covered=[5, 0],
        attacker_uncovered=[5, 10],
        resources=1,
    )
    plan = solve(game, method)
    assert plan.defender_utility == pytest.approx(-0.5, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(5.0, abs=1e-9)
    assert plan.responses[0].attacked == 0


@pytest.mark.parametrize("method", ALL_ONE_TYPE)
def test_no_resources(method: str) -> None:
    """Nothing to deploy: the attacker takes its best uncovered payoff (10, a tie
    between targets 1 and 2) and breaks the tie for the defender (-3 over -7)."""
    game = make_game(
        defender_covered=[0, 0, 0],
        defender_uncovered=[-1, -7, -3],
        attacker_covered=[0, 0, 0],
        attacker_uncovered=[4, 10, 10],
        resources=0,
    )
    plan = solve(game, method)
    assert plan.defender_utility == pytest.approx(-3.0, abs=1e-9)
    assert plan.responses[0].attacked == 2


@pytest.mark.parametrize("method", ALL_ONE_TYPE)
def test_more_units_than_targets(method: str) -> None:
    """Three units, two targets; covering both fully is *not* optimal.

    Fully covered, the attacker gets -5 at the louvre and -4 at the eiffel
    tower and attacks the latter: defender 1. Lowering the louvre to 12/13
    makes it worth -4 to the attacker too, and the tie goes the defender's
    way: -10 + 12 * 12/13 = 14/13 > 1.
    """
    game = make_game(
        defender_covered=[2, 1],
        defender_uncovered=[-10, -8],
        attacker_covered=[-5, -4],
        attacker_uncovered=[8, 10],
        resources=3,
    )
    plan = solve(game, method)
    assert plan.defender_utility == pytest.approx(14 / 13, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(-4.0, abs=1e-9)
    assert plan.responses[0].attacked == 0


@pytest.mark.parametrize("method", ["multiple-lps", "milp", "brute-force"])
def test_effectiveness_and_floor(method: str) -> None:
    """One unit of effectiveness 0.5 on two equal targets A (0, 10), D (0, -10),
    with a floor of 0.4 on the first: coverage is at most 0.5 in total; the
    attacker equalises at (0.25, 0.25) unless forced, here (0.4, 0.1):
    attacker 10 - 10*0.1 = 9 at the second target, defender -10 + 10*0.1 = -9."""
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-10, -10],
        attacker_covered=[0, 0],
        attacker_uncovered=[10, 10],
        resources=[Resource("team", 1, effectiveness=0.5)],
        min_coverage=[0.4, 0.0],
    )
    plan = solve(game, method)
    assert plan.defender_utility == pytest.approx(-9.0, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(9.0, abs=1e-9)
    assert plan.responses[0].attacked == 1


@pytest.mark.parametrize("method", ALL_BAYESIAN)
def test_two_types_both_steered_to_the_same_target(method: str) -> None:
    """Two targets, one unit; defender A (0, -10), B (0, -4), shared.

    Type x (prior 0.6): A (-5, 5), B (-5, 5). Type y (0.4): A (0, 1), B (0, 6).
    With a = coverage of A and 1 - a of B: x attacks A iff a <= 1/2, y iff
    a <= 1/7. On [0, 1/7] the value is -10(1-a) <= -60/7; on (1/7, 1/2)
    x->A, y->B gives -6 + 4.4a < -3.8; at a = 1/2, x is indifferent and
    attacks B for the defender, value -4a = -2; beyond, -4a < -2. So the
    optimum is a = 1/2, both types attack B: defender -2, attackers 0 and 3.
    """
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-10, -4],
        attacker_covered=[[-5, -5], [0, 0]],
        attacker_uncovered=[[5, 5], [1, 6]],
        priors=[0.6, 0.4],
        resources=1,
        type_ids=["x", "y"],
    )
    plan = solve(game, method)
    assert plan.success
    assert plan.defender_utility == pytest.approx(-2.0, abs=1e-9)
    assert plan.attacker_utility == pytest.approx(0.6 * 0 + 0.4 * 3, abs=1e-9)
    assert [r.attacked for r in plan.responses] == [1, 1]
    assert [r.attacker_utility for r in plan.responses] == pytest.approx([0.0, 3.0], abs=1e-9)


@pytest.mark.parametrize("method", ["multiple-lps", "milp", "brute-force"])
def test_infeasible_floors(method: str) -> None:
    """Floors of 0.7 on two targets need 1.4 units; there is one."""
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-1, -1],
        attacker_covered=[0, 0],
        attacker_uncovered=[1, 1],
        resources=1,
        min_coverage=[0.7, 0.7],
    )
    plan = solve(game, method)
    assert plan.status == "infeasible"
    assert plan.coverage is None
    assert plan.verified
