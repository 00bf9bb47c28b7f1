"""Payoffs on any scale: a positive affine map of one player's payoffs changes nothing.

Regression games from issue 16 (attacker payoffs in millionths, defender in
euros) and a hypothesis property over every method.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente import solve
from entente._exceptions import GameError
from entente.model import Game, Quantal, Rational, Resource, Suqr, make_game
from entente.model.scales import normalise, payoff_scales
from entente.solvers.plan import Plan
from tests.behaviour_games import behavioural_game
from tests.games import random_game

FEW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _rescaled(game: Game, fd: float, cd: float, fa: list[float], ca: list[float]) -> Game:
    """Defender payoffs ``fd x + cd``, type ``k``'s ``fa[k] x + ca[k]`` (behaviours follow)."""
    a_f, a_c = np.array(fa)[:, None], np.array(ca)[:, None]
    behaviours = []
    for k, b in enumerate(game.behaviours):
        if isinstance(b, Quantal):
            b = Quantal(lam=b.lam / fa[k])
        elif isinstance(b, Suqr):
            b = Suqr(coverage=b.coverage, reward=b.reward / fa[k], penalty=b.penalty / fa[k])
        behaviours.append(b)
    return make_game(
        defender_covered=fd * game.defender_covered + cd,
        defender_uncovered=fd * game.defender_uncovered + cd,
        attacker_covered=a_f * game.attacker_covered + a_c,
        attacker_uncovered=a_f * game.attacker_uncovered + a_c,
        resources=game.resources,
        priors=game.priors,
        behaviours=behaviours or None,
    )


def _agree(
    base: Plan, scaled: Plan, fd: float, cd: float, fa: list[float], ca: list[float]
) -> None:
    assert scaled.status == base.status
    assert scaled.verified
    assert base.verified
    assert base.coverage is not None
    assert scaled.coverage is not None
    np.testing.assert_allclose(scaled.coverage, base.coverage, atol=1e-6)
    assert [r.attacked for r in scaled.responses] == [r.attacked for r in base.responses]
    assert base.defender_utility is not None
    assert scaled.defender_utility is not None
    range_d = abs(fd) * 200
    assert abs(scaled.defender_utility - (fd * base.defender_utility + cd)) <= 1e-6 * range_d
    for k, (b, s) in enumerate(zip(base.responses, scaled.responses, strict=True)):
        assert abs(s.attacker_utility - (fa[k] * b.attacker_utility + ca[k])) <= 1e-6 * fa[k] * 200


factors = st.floats(1e-9, 1e9).map(float)
offsets = st.floats(-1000.0, 1000.0)

RATIONAL = [
    ("origami", 1, 3),
    ("multiple-lps", 1, 3),
    ("milp", 2, 3),
    ("brute-force", 2, 2),
    ("column-generation", 2, 2),
]


@pytest.mark.parametrize(("method", "types", "units"), RATIONAL)
@FEW
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_rational_methods_are_scale_free(
    method: str, types: int, units: int, seed: int, data: st.DataObject
) -> None:
    game = random_game(np.random.default_rng(seed), 5, types, units)
    fd, cd = data.draw(factors), data.draw(offsets)
    fa = [data.draw(factors) for _ in range(types)]
    ca = [data.draw(offsets) for _ in range(types)]
    cd, ca = cd * fd, [c * f for c, f in zip(ca, fa, strict=True)]
    base = solve(game, method)
    _agree(base, solve(_rescaled(game, fd, cd, fa, ca), method), fd, cd, fa, ca)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "behaviours"),
    [
        ("gosaq", [Quantal(0.5)]),
        ("pasaq", [Quantal(0.5), Rational()]),
    ],
)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_behavioural_methods_are_scale_free(
    method: str, behaviours: list[Rational | Quantal | Suqr], seed: int, data: st.DataObject
) -> None:
    game = behavioural_game(np.random.default_rng(seed), 3, behaviours, units=1)
    fd = data.draw(factors)
    fa = [data.draw(factors) for _ in behaviours]
    cd, ca = data.draw(offsets) * fd, [data.draw(offsets) * f for f in fa]
    base = solve(game, method, gap=0.05)
    scaled = solve(_rescaled(game, fd, cd, fa, ca), method, gap=0.05 * fd)
    assert scaled.status == base.status
    assert scaled.verified
    assert base.defender_utility is not None
    assert scaled.defender_utility is not None
    assert abs(scaled.defender_utility - (fd * base.defender_utility + cd)) <= 0.1 * fd


def _tiny_attacker(types: int) -> Game:
    return make_game(
        defender_covered=[0.0, 0.0],
        defender_uncovered=[-1e6, -1.0],
        attacker_covered=[[-1e-6, -1e-6]] * types,
        attacker_uncovered=[[1e-6, 5e-7]] * types,
        resources=[Resource("team", 0)],
    )


@pytest.mark.parametrize(
    "method", ["auto", "milp", "brute-force", "multiple-lps", "column-generation"]
)
@pytest.mark.parametrize("types", [1, 2])
def test_an_attacker_in_millionths_attacks_what_it_prefers(method: str, types: int) -> None:
    plan = solve(_tiny_attacker(types), method)
    assert plan.success
    assert [r.attacked for r in plan.responses] == [0] * types
    assert plan.defender_utility == pytest.approx(-1e6)


@pytest.mark.parametrize(
    "method", ["origami", "milp", "brute-force", "multiple-lps", "column-generation"]
)
def test_both_covered_the_attacker_prefers_the_milder_penalty(method: str) -> None:
    game = make_game(
        defender_covered=[5e5, 4e5],
        defender_uncovered=[-5e5, -3e5],
        attacker_covered=[-2e-7, -1e-7],
        attacker_uncovered=[1e-7, 3e-7],
        resources=2,
    )
    plan = solve(game, method)
    assert plan.success
    assert plan.responses[0].attacked == 1
    assert plan.defender_utility == pytest.approx(4e5)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("method", ["milp", "brute-force", "column-generation"])
def test_euros_against_success_probabilities(seed: int, method: str) -> None:
    """Defender payoffs ~1e5 euros, attacker payoffs ~0.05 probabilities, 2 units."""
    rng = np.random.default_rng(seed)
    game = random_game(rng, 4, 2, 2)
    euros = _rescaled(game, 1e3, 0.0, [5e-4, 5e-4], [0.0, 0.0])
    plan = solve(euros, method)
    reference = solve(game, "milp")
    assert plan.success
    assert plan.defender_utility == pytest.approx(1e3 * reference.defender_utility, abs=1e-3)


def test_unit_game_spans_zero_to_one_for_every_player() -> None:
    game = _rescaled(
        random_game(np.random.default_rng(0), 6, 3), 1e9, 5.0, [1e-9, 1.0, 7.0], [0.0, 1e3, -2.0]
    )
    unit = normalise(game, payoff_scales(game))
    assert float(np.min(unit.defender_uncovered)) == 0.0
    assert float(np.max(unit.defender_covered)) == pytest.approx(1.0)
    for k in range(3):
        assert float(np.min(unit.attacker_covered[k])) == 0.0
        assert float(np.max(unit.attacker_uncovered[k])) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("covered", "uncovered"), [(1e20, 1e20 + 1e6), (-1e308, 1e308), (0.0, 1e-250)]
)
def test_payoffs_float64_cannot_scale_are_refused_by_name(covered: float, uncovered: float) -> None:
    with pytest.raises(GameError, match=r"attacker_uncovered.*float64 cannot hold|allowed"):
        make_game(
            defender_covered=[1.0, 1.0],
            defender_uncovered=[0.0, 0.0],
            attacker_covered=[covered, covered],
            attacker_uncovered=[uncovered, uncovered],
            resources=1,
        )


@pytest.mark.parametrize("size", [1e20, 1e300])
def test_huge_attacker_payoffs_are_solved_in_their_own_units(size: float) -> None:
    game = make_game(
        defender_covered=[0.0, 0.0],
        defender_uncovered=[-10.0, -1.0],
        attacker_covered=[-size, -size],
        attacker_uncovered=[size, size / 2],
        resources=[Resource("team", 0)],
    )
    for method in ("origami", "milp", "brute-force"):
        plan = solve(game, method)
        assert plan.success
        assert plan.responses[0].attacked == 0
        assert plan.defender_utility == -10.0


def test_pasaq_proves_a_rescaled_mixture_as_fast_as_the_original() -> None:
    """Hypothesis's draw whose unit game is 2e-15 from the original's.

    PASAQ refined only the segment holding the coverage; a coverage on a
    breakpoint kept its neighbour's lift, so the rescaled game ran 225 MILPs
    to the 60 s limit while the original was optimal after 25.
    """
    game = behavioural_game(np.random.default_rng(18800), 3, [Quantal(0.5), Rational()], units=1)
    fd, fa = 486275963.66949254, [608486614.436848, 142163057.10631996]
    cd, ca = 0.0, [467.5432726854084 * fa[0], 0.0]
    base = solve(game, "pasaq", gap=0.05)
    scaled = solve(_rescaled(game, fd, cd, fa, ca), "pasaq", gap=0.05 * fd)
    assert (base.status, scaled.status) == ("optimal", "optimal")
    assert base.message == scaled.message == "optimal after 19 MILPs"
    assert base.defender_utility is not None
    assert scaled.defender_utility is not None
    assert scaled.defender_utility == pytest.approx(fd * base.defender_utility, rel=1e-9)
