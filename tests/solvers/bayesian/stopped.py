"""The branch-and-cut search cut short after ``nodes`` nodes, and what must hold of it then."""

from __future__ import annotations

import pytest

from entente.model import Game, coverage_box
from entente.solvers.bayesian._branch_and_cut import SearchOutcome, branch_and_cut
from entente.solvers.classic.incumbent import heuristic_coverage
from entente.solvers.classic.multiple_lps import candidate_responses


def search(
    game: Game, nodes: int | None, *, lean: bool, gap: float = 1e-6, **options: int
) -> SearchOutcome:
    """The search from the heuristic plan, stopped after ``nodes`` nodes (None: to the end);
    ``options`` go to :func:`branch_and_cut` (``reliability``)."""
    box = coverage_box(game)
    assert box is not None
    _, profile, value = heuristic_coverage(game, box)
    return branch_and_cut(
        game,
        box,
        candidate_responses(game, box),
        (profile, value),
        gap=gap,
        deadline=None,
        node_limit=nodes,
        lean=lean,
        **options,
    )


def assert_brackets(outcome: SearchOutcome, optimum: float) -> None:
    """The plan is at most the optimum and the bound at least; finished, they meet."""
    assert outcome.value <= optimum + 1e-6
    assert outcome.bound >= optimum - 1e-6
    if outcome.finished:
        assert outcome.value == pytest.approx(optimum, abs=1e-6)
