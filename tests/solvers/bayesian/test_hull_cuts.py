"""The perspective formulation and its hull cuts: exact for one type, valid, strong.

Validity is checked against every plan a small game has: each response
profile's LP optimum (Conitzer & Sandholm 2006) is a point of the integer
set, and no cut may cut it off, whatever LP point the cut was separated at.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente.model import CoverageBox, Game, coverage_box
from entente.solvers import origami
from entente.solvers.bayesian._hull_cuts import hull_cuts, tighten, with_root_cuts
from entente.solvers.bayesian._perspective import (
    PerspectiveLayout,
    perspective_program,
    perspective_start,
)
from entente.solvers.classic.multiple_lps import candidate_responses
from entente.solvers.classic.profile_lp import solve_profile
from entente.solvers.lp.highs import solve_linear
from entente.solvers.lp.session import LPSession
from tests.games import random_game

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _small_games() -> list[Game]:
    rng = np.random.default_rng(7)
    games = []
    for i in range(24):
        n = int(rng.integers(2, 6))
        floors = rng.choice([0.0, 0.2], n) if i % 4 == 0 else None
        effectiveness = 0.8 if i % 5 == 0 else 1.0
        games.append(
            random_game(
                rng,
                n,
                int(rng.integers(2, 5)),
                int(rng.integers(1, n + 1)),
                integer=i % 3 == 0,
                effectiveness=effectiveness,
                floors=floors,
            )
        )
    return games


def _integer_points(game: Game) -> list[np.ndarray]:
    """The perspective columns of every profile's optimal plan."""
    box = coverage_box(game)
    assert box is not None
    candidates = candidate_responses(game, box)
    _, layout = perspective_program(game, box, candidates)
    points = []
    for profile in itertools.product(*(c.tolist() for c in candidates)):
        result = solve_profile(game, box, profile)
        if result.status == "optimal" and result.x is not None:
            x = perspective_start(game, layout, np.clip(result.x, box.lower, box.upper), profile)
            assert x is not None
            points.append(x)
    return points


@pytest.mark.parametrize("game", _small_games())
def test_cuts_never_cut_off_a_plan(game: Game) -> None:
    box = coverage_box(game)
    assert box is not None
    program, layout = perspective_program(game, box, candidate_responses(game, box))
    session = LPSession(program)
    rng = np.random.default_rng(0)
    points = _integer_points(game)
    for _ in range(10):  # LP points at random partial fixings of the responses
        lower = np.zeros(layout.n_q)
        upper = (rng.random(layout.n_q) < 0.8).astype(float)
        session.set_bounds(layout.q.astype(np.int32), lower, upper)
        solution = session.solve()
        if solution is None:
            continue
        tol = 1e-7 * game.payoff_scale()
        batch = hull_cuts(game, box, layout, solution.x, tol=tol)
        for r in range(batch.count):
            end = batch.starts[r + 1] if r + 1 < batch.count else len(batch.values)
            cols, vals = batch.columns[batch.starts[r] : end], batch.values[batch.starts[r] : end]
            assert float(vals @ solution.x[cols]) < batch.lower[r] - tol / 2  # violated there
            for x in points:
                assert float(vals @ x[cols]) >= batch.lower[r] - tol
    assert points


@pytest.mark.parametrize("seed", range(10))
def test_perspective_lp_is_exact_for_one_type(seed: int) -> None:
    game = random_game(np.random.default_rng(seed), 30, 1, 4)
    box = coverage_box(game)
    assert box is not None
    program, _ = perspective_program(game, box, candidate_responses(game, box), integer=False)
    relaxation = solve_linear(program)
    assert relaxation.objective == pytest.approx(origami(game).defender_utility, abs=1e-6)


def test_cuts_tighten_the_relaxation_and_keep_the_optimum() -> None:
    """50 targets, 4 types: the cuts move the LP bound down, never below the optimum."""
    game = random_game(np.random.default_rng(3), 50, 4, 10)
    box = coverage_box(game)
    assert box is not None
    program, layout = perspective_program(game, box, candidate_responses(game, box))
    loose = solve_linear(replace(program, integer=None))
    strengthened, count = with_root_cuts(program, game, box, layout)
    tight = solve_linear(replace(strengthened, integer=None))
    optimum = solve_linear(program, mip_abs_gap=1e-7)
    assert count > 0
    assert loose.objective is not None
    assert tight.objective is not None
    assert optimum.objective is not None
    assert tight.objective < loose.objective - 0.1
    assert tight.objective >= optimum.objective - 1e-6


def test_tighten_stops_at_the_pruning_threshold() -> None:
    game = random_game(np.random.default_rng(5), 40, 5, 8)
    box = coverage_box(game)
    assert box is not None
    program, layout = perspective_program(game, box, candidate_responses(game, box))
    session = LPSession(program)
    first = session.solve()
    assert first is not None
    rows = session.rows
    same = tighten(session, game, box, layout, first, rounds=10, stop_below=first.objective)
    assert same is first
    assert session.rows == rows


def _most_violated(
    game: Game, box: CoverageBox, layout: PerspectiveLayout, x: np.ndarray, k: int, s: int
) -> float:
    """The largest violation at ``x`` of type ``k``'s inequality for target ``s``, over
    every subset ``S`` of its candidates (enumerated)."""
    au = game.attacker_uncovered
    delta = au - game.attacker_covered
    own = np.flatnonzero(layout.owner == k)
    best = -np.inf
    for size in range(len(own) + 1):
        for subset in itertools.combinations(range(len(own)), size):
            required = 0.0
            for i, j in enumerate(own):
                t, q, w = layout.target[j], x[layout.q[j]], x[layout.w[j]]
                if i in subset:
                    required += (au[k, s] - au[k, t]) * q + delta[k, t] * w
                else:
                    required += delta[k, s] * box.lower[s] * q
            best = max(best, required - delta[k, s] * x[s])
    return best


@FAST
@given(st.integers(0, 2**32 - 1))
def test_separation_finds_the_most_violated_cut_of_every_type_and_target(seed: int) -> None:
    """Types with candidate lists of different lengths, some
    types decided (no cuts), floors on some targets; LP-like points drawn at random."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    floors = rng.choice([0.0, 0.15], n) if rng.random() < 0.4 else None
    game = random_game(rng, n, int(rng.integers(1, 5)), int(rng.integers(1, n + 1)), floors=floors)
    box = coverage_box(game)
    assert box is not None
    _, layout = perspective_program(game, box, candidate_responses(game, box))
    x = np.zeros(layout.n_cols)
    x[: layout.n] = rng.uniform(box.lower, box.upper)
    for k in range(game.n_types):
        own = np.flatnonzero(layout.owner == k)
        q = rng.dirichlet(np.ones(len(own))) if rng.random() < 0.8 else np.eye(len(own))[0]
        x[layout.q[own]] = q
        x[layout.w[own]] = q * rng.uniform(box.lower[layout.target[own]], 1.0)
    tol = 1e-7 * game.payoff_scale()
    delta = game.attacker_uncovered - game.attacker_covered
    expected = [
        (k, s)
        for k in range(game.n_types)
        if x[layout.q[layout.owner == k]].max() < 1.0 - 1e-9
        for s in range(n)
        if delta[k, s] > 0 and _most_violated(game, box, layout, x, k, s) > tol
    ]
    batch = hull_cuts(game, box, layout, x, tol=tol)
    assert batch.count == len(expected)
    ends = [*batch.starts[1:], len(batch.values)]
    for r, (k, s) in enumerate(expected):
        cols, vals = (
            batch.columns[batch.starts[r] : ends[r]],
            batch.values[batch.starts[r] : ends[r]],
        )
        assert cols[0] == s
        assert set(cols[1:].tolist()) <= set(layout.q[layout.owner == k]) | set(
            layout.w[layout.owner == k]
        )
        violation = batch.lower[r] - float(vals @ x[cols])
        assert violation == pytest.approx(_most_violated(game, box, layout, x, k, s), abs=1e-9)
