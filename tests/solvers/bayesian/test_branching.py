"""Reliability branching: strong-branching bounds, pseudocosts, and the search it steers.

The strong-branching bound of each child is checked against the child's LP
built and solved from scratch, and ``hunter`` with any reliability (0: pure
pseudocosts; 1; 100: strong branching at every node) against multiple LPs.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente.model import Game, coverage_box
from entente.solvers.bayesian import milp
from entente.solvers.bayesian._branching import Brancher, child_bounds
from entente.solvers.bayesian._hull_cuts import with_root_cuts
from entente.solvers.bayesian._perspective import PerspectiveLayout, perspective_program
from entente.solvers.classic.incumbent import heuristic_coverage
from entente.solvers.classic.multiple_lps import candidate_responses
from entente.solvers.lp.highs import LinearProgram
from entente.solvers.lp.session import LPSession, LPSolution
from tests.games import random_game
from tests.solvers.bayesian.stopped import search

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BoolArray = np.ndarray


@st.composite
def games(draw: st.DrawFn) -> Game:
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(4, 10))
    types = draw(st.integers(2, 4))
    units = draw(st.integers(1, n - 1))
    return random_game(np.random.default_rng(seed), n, types, units)


def _root(game: Game) -> tuple[LinearProgram, PerspectiveLayout, LPSession, LPSolution]:
    """The perspective LP with its root cuts, held in a session solved to its optimum."""
    box = coverage_box(game)
    assert box is not None
    program, layout = perspective_program(game, box, candidate_responses(game, box), integer=False)
    program, _ = with_root_cuts(program, game, box, layout)
    session = LPSession(program, devex=True)
    solution = session.solve()
    assert solution is not None
    return program, layout, session, solution


def _from_scratch(
    program: LinearProgram, layout: PerspectiveLayout, allowed: BoolArray, forced: BoolArray
) -> float:
    """The child's LP built anew (-inf if infeasible)."""
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    lower[layout.q], upper[layout.q] = forced.astype(float), allowed.astype(float)
    found = LPSession(replace(program, col_lower=lower, col_upper=upper)).solve()
    return -np.inf if found is None else found.objective


@FAST
@given(games(), st.floats(-1.0, 1.0))
def test_probes_give_the_childrens_lp_bounds(game: Game, shift: float) -> None:
    """Each child of the first fractional ``q``s, probed from the root's basis,
    has the optimum of its LP solved from scratch; with a cutoff, the probe says
    -inf only when that optimum is at most the cutoff (HiGHS may also end such a
    solve at its optimum)."""
    program, layout, session, solution = _root(game)
    basis = session.basis()
    assert basis is not None
    q = solution.x[layout.q]
    everything = np.ones(layout.n_q, dtype=bool)
    tol = 1e-6 * game.payoff_scale()
    for j in np.flatnonzero(np.minimum(q, 1.0 - q) > 1e-6)[:3]:
        for allowed, forced in child_bounds(layout, everything, ~everything, int(j)):
            exact = _from_scratch(program, layout, allowed, forced)
            for cutoff in (-np.inf, exact + shift):
                session.set_basis(basis)
                session.set_bounds(layout.q.astype(np.int32), forced.astype(float), allowed * 1.0)
                probe = session.probe(cutoff, 10**6)
                assert probe is not None
                assert probe.solved
                if probe.objective == -np.inf:
                    assert exact <= cutoff + tol
                else:
                    assert probe.objective == pytest.approx(exact, abs=tol)


@FAST
@given(games())
def test_chosen_branch_bounds_its_children(game: Game) -> None:
    """The bounds reliability branching gives the two children are at least their
    LPs' optima, and a child left out (-inf) cannot beat the cutoff."""
    program, layout, session, solution = _root(game)
    box = coverage_box(game)
    assert box is not None
    cutoff = heuristic_coverage(game, box)[2]
    q = solution.x[layout.q]
    if np.minimum(q, 1.0 - q).max() <= 1e-6:
        return
    everything = np.ones(layout.n_q, dtype=bool)
    start = (session.basis(), everything, ~everything)
    branch = Brancher(layout, game.priors).choose(session, solution, start, cutoff, None)
    tol = 1e-6 * game.payoff_scale()
    children = child_bounds(layout, everything, ~everything, branch.j) if branch else ()
    bounds = (branch.up, branch.down) if branch else ()
    for (allowed, forced), bound in zip(children, bounds, strict=True):
        exact = _from_scratch(program, layout, allowed, forced)
        if bound == -np.inf:
            assert exact <= cutoff + tol
        else:
            assert bound >= exact - tol
    if branch is None:  # both children of some candidate cannot beat the cutoff
        assert solution.objective > cutoff


def test_pseudocosts_average_the_recorded_drops() -> None:
    """Per unit of change, per direction; an unmeasured direction takes the average."""
    layout = PerspectiveLayout(
        2, (np.array([0, 1]), np.array([0, 1])), np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    )
    brancher = Brancher(layout, np.array([0.5, 0.5]))
    brancher.record(0, True, 0.5, 1.0)  # 2 per unit
    brancher.record(0, True, 0.25, 1.0)  # 4 per unit
    brancher.record(0, False, 0.5, 0.5)  # 1 per unit
    brancher.record(2, False, 0.5, 1.5)  # 3 per unit
    brancher.record(3, True, 0.0, 9.0)  # no move: not recorded
    q = np.array([0.5, 0.5, 0.25, 0.75])
    up = np.array([3.0, 3.0, 3.0, 3.0]) * (1 - q)  # q[0]: (2 + 4) / 2; others the average
    down = np.array([1.0, 2.0, 3.0, 2.0]) * q  # average of 1 and 3
    np.testing.assert_allclose(brancher.estimates(q), up * down)
    np.testing.assert_array_equal(brancher.count, [[2, 0, 0, 0], [1, 0, 1, 0]])


@FAST
@given(games(), st.sampled_from([0, 1, 100]))
def test_hunter_agrees_with_highs_at_any_reliability(game: Game, reliability: int) -> None:
    """Our search against HiGHS's own branch-and-cut on the perspective MILP (itself checked
    against multiple LPs and brute force on 300 games in test_agreement): a tenth of the time
    multiple LPs take on 10 targets and 4 types."""
    reference = milp(game, formulation="perspective")
    assert reference.status == "optimal"
    assert reference.defender_utility is not None
    outcome = search(game, None, lean=True, gap=1e-9, reliability=reliability)
    assert outcome.finished
    assert outcome.value == pytest.approx(reference.defender_utility, abs=1e-6)
    assert outcome.bound == pytest.approx(reference.defender_utility, abs=1e-6)
