"""The Bayesian MILP: an optimal plan against several attacker types.

The defender commits to a coverage vector ``c`` (``lower <= c <= upper``,
``sum c <= B``); each type ``k`` (prior ``p_k``) attacks a best response,
ties broken in the defender's favour (strong Stackelberg equilibrium).
Choosing one binary ``q[k, t]`` per type and candidate target gives the
DOBSS/ERASER family of compact MILPs (Paruchuri et al., AAMAS 2008;
Kiekintveld et al., AAMAS 2009). Five ways to solve it, measured side by
side in ``bench/bayesian.py``:

``hunter`` (default from 16 types)
    the same best-first search as ``branch-and-cut``, run for many types
    as HUNTER runs it (Yin & Tambe, AAMAS 2012): plans come from diving
    (:mod:`entente.solvers.bayesian._dive`) at the root and every few nodes,
    response profiles are evaluated in one warm-started LP
    (:mod:`entente.solvers.bayesian._profile_session`), local searches
    after the first keep to 30 % of the time, each node adds at most
    three rounds of cuts and the plan search thins out once the plan stops
    improving, so the bound moves on more nodes; it branches by reliability
    branching (:mod:`entente.solvers.bayesian._branching`: strong branching
    until pseudocosts are trusted), which proves 20-type games in 1.4-3.9
    times fewer nodes than the cheap rule of ``branch-and-cut``.
``branch-and-cut`` (default up to 10 types)
    the perspective formulation's LP with hull cuts separated at every node
    of our own best-first search over the types' responses
    (:mod:`entente.solvers.bayesian._branch_and_cut`, after HUNTER).
``perspective`` (default for 11 to 15 types)
    the perspective formulation (:mod:`entente.solvers.bayesian._perspective`:
    ``w[k, t] = c_t q[k, t]``, no big-M) with the hull cuts of its root LP
    (:mod:`entente.solvers.bayesian._hull_cuts`), branched on by HiGHS (without its
    presolve, which misjudged bounds 1e-9 wide). Measured at 50 targets (3
    seeds each, 60 s): at 10 types 4.6 s median against the branch-and-cut's
    4.5 s; at 15 types it proves 3/3 seeds (median 29 s) where the
    branch-and-cut proves 1/3; at 20 and 30 types neither proves optimality
    and the branch-and-cut ends closer (median gap 0.73 against 1.5, and
    4.2 against 6.1 payoff units).
``tight``
    big-M with per-type bounds from ORIGAMI (:mod:`entente.solvers.bayesian._bigm`).
``naive``
    big-M from the payoff ranges alone, every target a binary: the
    DOBSS-style baseline.

Every formulation starts from the best single-type plan
(:mod:`entente.solvers.classic.incumbent`). After it, a polish step fixes the
responses found and solves that profile's LP (:mod:`entente.solvers.classic.profile_lp`),
so values agree with multiple LPs to LP precision rather than the MILP's
integrality tolerance. The bound is the search's proven bound, never above
``sum_k p_k V_k`` (each type's separate optimum); ``gap`` is absolute, in
payoff units. A time limit returns the best plan found, with its gap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal, get_args

import numpy as np

from entente._exceptions import MethodError
from entente.model import CoverageBox, FloatArray, Game, coverage_box
from entente.solvers._responses import sse_responses
from entente.solvers._timing import timed
from entente.solvers.bayesian._bigm import BigMLayout, big_m_profile, big_m_program, big_m_start
from entente.solvers.bayesian._branch_and_cut import branch_and_cut
from entente.solvers.bayesian._hull_cuts import with_root_cuts
from entente.solvers.bayesian._perspective import perspective_program, perspective_start
from entente.solvers.classic.incumbent import heuristic_coverage
from entente.solvers.classic.multiple_lps import candidate_responses
from entente.solvers.classic.origami import origami
from entente.solvers.classic.profile_lp import solve_profile
from entente.solvers.lp.deadline import deadline_after, remaining
from entente.solvers.lp.highs import LinearProgram, solve_linear
from entente.solvers.plan import CombStrategy, Plan, Status, plan_from_coverage

__all__ = ["FORMULATIONS", "Formulation", "default_formulation", "milp"]

Formulation = Literal["hunter", "branch-and-cut", "perspective", "tight", "naive"]
FORMULATIONS: tuple[Formulation, ...] = get_args(Formulation)
PERSPECTIVE_TYPES = range(11, 16)
HUNTER_FROM = 16


def default_formulation(n_types: int) -> Formulation:
    """The formulation measured best for this many types (``bench/bayesian.py``)."""
    if n_types >= HUNTER_FROM:
        return "hunter"
    return "perspective" if n_types in PERSPECTIVE_TYPES else "branch-and-cut"


@dataclass(frozen=True)
class _Start:
    """The heuristic plan every formulation starts from."""

    coverage: FloatArray
    profile: list[int]
    value: float


@dataclass(frozen=True)
class _Outcome:
    """What a formulation found: responses (None: nothing beyond the start), bound, work."""

    finished: bool
    profile: list[int] | None
    coverage: FloatArray | None
    bound: float | None
    work: str


@timed
def milp(
    game: Game,
    *,
    time_limit: float | None = None,
    gap: float | None = None,
    formulation: Formulation | None = None,
) -> Plan:
    """Optimal plan against several attacker types; ``formulation`` picks the method above
    (None: :func:`default_formulation`)."""
    if formulation is None:
        formulation = default_formulation(game.n_types)
    if formulation not in FORMULATIONS:
        raise MethodError(
            f"unknown MILP formulation {formulation!r}; choose one of {', '.join(FORMULATIONS)}"
        )
    deadline = deadline_after(time_limit)
    box = coverage_box(game)
    if box is None:
        raise MethodError("milp needs guard resources that pool into one coverage budget")
    reason = box.infeasibility()
    if reason is not None:
        return Plan(status="infeasible", method="milp", message=reason)
    gap = 1e-6 * game.defender_range() if gap is None else gap
    start = _Start(*heuristic_coverage(game, box))
    type_bounds = _single_type_values(game, box)
    if formulation in ("hunter", "branch-and-cut"):
        lean = formulation == "hunter"
        outcome = _branch_and_cut(game, box, start, gap, deadline, lean=lean)
    elif formulation == "perspective":
        outcome = _perspective(game, box, start, gap, deadline)
    else:
        outcome = _big_m(game, box, start, type_bounds, gap, deadline, tight=formulation == "tight")
    coverage, responses = _polish(game, box, start, outcome)
    status: Status = "optimal" if outcome.finished else "time_limit"
    bound = float(np.dot(game.priors, type_bounds))
    if outcome.bound is not None and np.isfinite(outcome.bound):
        bound = min(bound, outcome.bound)
    if status != "optimal":
        responses = sse_responses(game, coverage, 1e-9 * game.payoff_scale())
    plan = plan_from_coverage(
        game,
        coverage,
        responses,
        method="milp",
        status=status,
        bound=bound,
        message=f"{status.replace('_', ' ')} after {outcome.work} ({formulation} formulation)",
        strategy=CombStrategy(box.marginals(coverage), box.units, box.effectiveness),
    )
    if status == "optimal" and plan.gap is not None and plan.gap > gap:
        plan = plan.replace(status="time_limit", message=plan.message + "; gap above tolerance")
    return plan


def _single_type_values(game: Game, box: CoverageBox) -> FloatArray:
    """The defender's optimal value against each type alone: a bound on ``d_k``."""
    from entente.model.game import make_game

    values = np.empty(game.n_types)
    for k in range(game.n_types):
        single = make_game(
            defender_covered=game.defender_covered[k],
            defender_uncovered=game.defender_uncovered[k],
            attacker_covered=game.attacker_covered[k],
            attacker_uncovered=game.attacker_uncovered[k],
            resources=game.resources,
            min_coverage=None,
            target_ids=game.target_ids,
        )
        values[k] = origami(single).defender_utility
    return values


def _branch_and_cut(
    game: Game, box: CoverageBox, start: _Start, gap: float, deadline: float | None, *, lean: bool
) -> _Outcome:
    candidates = candidate_responses(game, box)
    found = branch_and_cut(
        game, box, candidates, (start.profile, start.value), gap=gap, deadline=deadline, lean=lean
    )
    work = f"{found.nodes} nodes and {found.cuts} cuts"
    return _Outcome(found.finished, found.profile, None, found.bound, work)


def _perspective(
    game: Game, box: CoverageBox, start: _Start, gap: float, deadline: float | None
) -> _Outcome:
    program, layout = perspective_program(game, box, candidate_responses(game, box))
    program, cuts = with_root_cuts(program, game, box, layout, deadline)
    initial = perspective_start(game, layout, start.coverage, start.profile)
    profile, n = layout.profile, game.n_targets
    return _with_highs(program, initial, gap, deadline, profile, n, f" and {cuts} root cuts")


def _big_m(
    game: Game,
    box: CoverageBox,
    start: _Start,
    type_bounds: FloatArray,
    gap: float,
    deadline: float | None,
    *,
    tight: bool,
) -> _Outcome:
    if tight:
        candidates = candidate_responses(game, box)
    else:
        candidates = [np.arange(game.n_targets) for _ in range(game.n_types)]
    layout = BigMLayout(game.n_targets, candidates)
    program = big_m_program(game, box, layout, type_bounds, tight=tight)
    initial = big_m_start(game, layout, start.coverage, start.profile)
    profile, n = partial(big_m_profile, layout), game.n_targets
    return _with_highs(program, initial, gap, deadline, profile, n, "")


def _with_highs(
    program: LinearProgram,
    initial: FloatArray | None,
    gap: float,
    deadline: float | None,
    read_profile: Callable[[FloatArray], list[int]],
    n_targets: int,
    work: str,
) -> _Outcome:
    """Solve a formulation with HiGHS's branch-and-cut; coverage comes first in its columns."""
    result = solve_linear(
        program, time_limit=remaining(deadline), mip_abs_gap=gap, start=initial, presolve=False
    )
    finished, work = result.status == "optimal", f"{result.nodes} branch-and-bound nodes{work}"
    if result.x is None:
        return _Outcome(finished, None, None, result.bound, work)
    x = result.x
    return _Outcome(finished, read_profile(x), x[:n_targets], result.bound, work)


def _polish(
    game: Game, box: CoverageBox, start: _Start, outcome: _Outcome
) -> tuple[FloatArray, list[int]]:
    """Fix the responses found and re-solve that profile's LP exactly."""
    if outcome.profile is None:
        return start.coverage, start.profile
    result = solve_profile(game, box, outcome.profile)
    if result.status == "optimal" and result.x is not None:
        return np.clip(result.x, box.lower, box.upper), outcome.profile
    fallback = start.coverage if outcome.coverage is None else outcome.coverage
    coverage = np.clip(fallback, box.lower, box.upper)
    return coverage, sse_responses(game, coverage, 1e-9 * game.payoff_scale())
