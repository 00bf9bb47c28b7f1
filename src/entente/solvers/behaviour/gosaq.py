"""GOSAQ: the defender-optimal plan against one quantal-response or SUQR type, certified.

Yang, Ordóñez & Tambe, "Computing optimal strategy against quantal response
in security games", AAMAS 2012, Algorithm 1 (GOSAQ), on the coverage box
``l <= c <= u, sum c <= B``. The defender's problem::

    max_c  F(c) = sum_t w_t(c_t) Ud_t(c_t) / sum_t w_t(c_t),   w_t = exp(alpha_t + beta_t c_t)

is a non-convex fractional program, but for a level ``r`` the check
``max_c sum_t w_t(c_t) (Ud_t(c_t) - r) >= 0`` is convex after ``y = exp(beta
c)`` (:mod:`entente.solvers.behaviour._logit_dual`), so it is solved to optimality
through its one-multiplier Lagrangian dual. Instead of the paper's plain
binary search on ``r`` we iterate Dinkelbach's update ``r <- F(c*(r))``
(superlinear; each step a global check), then prove the bound: the smallest
``r_u`` in ``F(c) + {1e-3, 1e-2, 0.1, 0.5, 1} x gap`` whose dual value is
negative. That ``(r_u, mu)`` pair travels in the plan as a
:class:`~entente.solvers.certify.proof.DualProof` which the certificate re-checks
with its own one-dimensional search. Applies when every ``beta_t <= 0``
(always for quantal response; SUQR with ``w_coverage <= 0``).
"""

from __future__ import annotations

import numpy as np

from entente._exceptions import MethodError
from entente.model import CoverageBox, FloatArray, Game, Quantal, Suqr, coverage_box, logit_scores
from entente.solvers._timing import timed
from entente.solvers.behaviour._logit_dual import LogitType, logit_type, maximise_check
from entente.solvers.behaviour._outcome_plan import plan_from_outcome
from entente.solvers.certify.proof import DualProof
from entente.solvers.lp.deadline import deadline_after, expired
from entente.solvers.plan import Plan

__all__ = ["MAX_EXPONENT_SPAN", "gosaq", "gosaq_applies", "single_type_optimum"]

_PROOF_STEPS = (1e-3, 1e-2, 0.1, 0.5, 1.0)
_MAX_ROUNDS = 60
MAX_EXPONENT_SPAN = 600.0
"""Largest ``|beta|`` (score change from no to full coverage) GOSAQ accepts."""


def gosaq_applies(game: Game) -> str | None:
    """None if GOSAQ solves ``game``; otherwise why not."""
    if game.n_types != 1:
        return "gosaq solves games with one attacker type (use pasaq for several)"
    behaviour = game.behaviour(0)
    if not isinstance(behaviour, Quantal | Suqr):
        return "gosaq needs a quantal or SUQR attacker (the type is rational)"
    if coverage_box(game) is None:
        return "gosaq needs guard resources that pool into one coverage budget"
    _, beta = logit_scores(behaviour, game.attacker_covered[0], game.attacker_uncovered[0])
    if np.any(beta > 0):
        return "gosaq needs SUQR's coverage weight <= 0 (coverage that attracts attacks: pasaq)"
    return None


def _span_problem(game: Game) -> str | None:
    behaviour = game.behaviour(0)
    assert isinstance(behaviour, Quantal | Suqr)
    _, beta = logit_scores(behaviour, game.attacker_covered[0], game.attacker_uncovered[0])
    if float(np.max(np.abs(beta))) > MAX_EXPONENT_SPAN:
        return (
            f"the logit scores span more than {MAX_EXPONENT_SPAN:g} across the coverage range "
            "(lambda x payoff range too large for double precision): such an attacker is "
            "practically rational, model it as rational"
        )
    return None


@timed
def gosaq(game: Game, *, time_limit: float | None = None, gap: float | None = None) -> Plan:
    """Optimal plan against one quantal / SUQR type, with a dual-certified bound."""
    reason = gosaq_applies(game) or _span_problem(game)
    if reason is not None:
        raise MethodError(reason)
    box = coverage_box(game)
    assert box is not None  # checked by gosaq_applies
    infeasible = box.infeasibility()
    if infeasible is not None:
        return Plan(status="infeasible", method="gosaq", message=infeasible)
    gap = 1e-6 * game.defender_range() if gap is None else gap
    lt = logit_type(game, box, 0)
    deadline = deadline_after(time_limit)
    coverage, _, proof, rounds = single_type_optimum(lt, box, gap, deadline)
    bound = proof.level if proof is not None else float(np.max(game.defender_covered))
    plan = plan_from_outcome(
        game,
        box,
        coverage,
        method="gosaq",
        status="optimal",
        bound=bound,
        message=f"optimal after {rounds} Dinkelbach steps (dual-certified bound)",
        proof=proof,
    )
    if proof is None or plan.gap is None or plan.gap > gap:
        plan = plan.replace(status="time_limit", message="time limit before the bound was proven")
    return plan


def _start(box: CoverageBox) -> FloatArray:
    """The floors plus the spare budget spread in proportion to the room above them."""
    room = box.upper - box.lower
    spare = max(box.budget - float(np.sum(box.lower)), 0.0)
    total = float(np.sum(room))
    share = min(1.0, spare / total) if total > 0 else 0.0
    return np.asarray(box.lower + share * room, dtype=np.float64)


def single_type_optimum(
    lt: LogitType, box: CoverageBox, gap: float, deadline: float | None = None
) -> tuple[FloatArray, float, DualProof | None, int]:
    """Best coverage, its value, the proof of ``value + <= gap`` (None: out of time), steps."""
    coverage = _start(box)
    value = lt.value(coverage)
    rounds = 0
    while rounds < _MAX_ROUNDS:
        rounds += 1
        candidate = maximise_check(lt, value).coverage
        better = lt.value(candidate)
        if better <= value + 0.05 * gap or expired(deadline):
            if better > value:
                coverage, value = candidate, better
            break
        coverage, value = candidate, better
    while not expired(deadline):
        proof, improved = _prove(lt, value, gap)
        if proof is not None:
            return coverage, value, proof, rounds
        assert improved is not None
        better = lt.value(improved)
        if better <= value:  # numerical stalemate: no better point and no proof
            break
        coverage, value = improved, better
    return coverage, value, None, rounds


def _prove(lt: LogitType, value: float, gap: float) -> tuple[DualProof | None, FloatArray | None]:
    """The tightest proven level above ``value``, or a better point the check found."""
    last = None
    for step in _PROOF_STEPS:
        level = value + step * gap
        result = maximise_check(lt, level)
        if result.bound < 0:
            return DualProof(0, level, result.multiplier, lt.shift, result.bound), None
        last = result.coverage
    return None, last
