"""``double-oracle``: checkpoint games on road networks, with a proven gap.

Zero-sum games (and any game where each type's defender payoffs are a
decreasing affine map of its own, ``U_d = alpha - beta U_a`` with
``beta > 0``, target by target) are solved exactly: the strong Stackelberg
equilibrium is then the defender's maximin mixture (each type hurting the
defender most is each type doing best for itself), found by the double
oracle of :mod:`._loop`; status ``optimal`` when its bounds meet within
``gap`` (default 1e-6 x the defender's payoff range).

General-sum games get a *bound*, not an exact equilibrium. The plan starts
as the defender's maximin mixture (the most it can guarantee whatever the
attacker does); a second stage (:mod:`._stackelberg`) then looks for a
better commitment over the allocations the loop found: the strong
Stackelberg mixture of that restricted game (a MILP), each candidate
evaluated exactly on the whole graph, paths found there and allocations
that price in added, and the MILP solved again. The plan is the better of
the two by exact evaluation, each type responding by strong Stackelberg
rules (its best target and path, ties to the defender). The upper bound is
``sum_k p_k max_t U_d(k, t, c*_t)``, ``c*_t`` the best capture probability
any mixture can force on every path to target ``t`` alone (bounded above by
a double oracle per target): an equilibrium's attacked target is never
stopped more often than that. ``gap`` is the difference; the status is
``optimal`` only if it closes.

With a time limit, a general-sum game gives the maximin loop 40 % of it,
the second stage up to 30 %, and the bound the rest (without the second
stage: 50 % and 50 %).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from entente._exceptions import MethodError
from entente.model import Game, Network
from entente.solvers._timing import timed
from entente.solvers.lp.deadline import Deadline, deadline_after, remaining
from entente.solvers.network._loop import Maximin, maximin
from entente.solvers.network._stackelberg import exact_value, responses, stackelberg
from entente.solvers.plan import CheckpointStrategy, Plan, plan_from_coverage

__all__ = ["double_oracle", "zero_sum_equivalent"]


TIE = 1e-9
"""Stackelberg and maximin plans within this (unit game) count as equally good."""


def zero_sum_equivalent(game: Game) -> bool:
    """Whether each type's defender payoffs fall as an affine map of its own, target by target."""
    scale = game.payoff_scale()
    for k in range(game.n_types):
        a = np.concatenate([game.attacker_covered[k], game.attacker_uncovered[k]])
        d = np.concatenate([game.defender_covered[k], game.defender_uncovered[k]])
        if np.ptp(a) <= 1e-12 * scale:
            if np.ptp(d) > 1e-9 * scale:
                return False
            continue
        slope, intercept = np.polyfit(a, d, 1)
        if slope >= 0 or np.max(np.abs(intercept + slope * a - d)) > 1e-9 * scale:
            return False
    return True


@timed
def double_oracle(
    game: Game,
    *,
    time_limit: float | None = None,
    gap: float | None = None,
    warm_start: bool = True,
    second_stage: bool = True,
) -> Plan:
    """Plan checkpoints on ``game.network`` by double oracle (RUGGED/SNARES); see the module.
    ``second_stage=False`` keeps a general-sum game's maximin plan (the baseline)."""
    network = game.network
    if network is None:
        raise MethodError("double-oracle plans checkpoints: the scenario needs a `network:`")
    tol = gap if gap is not None else 1e-6 * game.defender_range()
    deadline = deadline_after(time_limit)
    zero_sum = zero_sum_equivalent(game)
    first = 0.4 if second_stage else 0.5
    share = deadline if zero_sum or time_limit is None else deadline_after(first * time_limit)
    result = maximin(
        network,
        game.defender_covered,
        game.defender_uncovered,
        game.priors,
        tol=tol,
        deadline=share,
        warm=warm_start,
    )
    if zero_sum:
        return _plan(game, result, result.upper, tol, "zero-sum: maximin = strong Stackelberg")
    how = "general-sum: maximin plan"
    if second_stage:
        stage = deadline
        if deadline is not None and time_limit is not None:
            stage = min(deadline, time.perf_counter() + 0.3 * time_limit)
        result, how = _second_stage(game, result, tol, stage)
    upper = _general_bound(game, network, tol, deadline, warm_start)
    return _plan(game, result, upper, tol, f"{how}, bound from per-target capture limits")


def _second_stage(
    game: Game, result: Maximin, tol: float, deadline: Deadline
) -> tuple[Maximin, str]:
    """The better of the maximin plan and the restricted game's Stackelberg mixture, by
    exact evaluation (the second stage's on a tie, within :data:`TIE` in the unit game: its
    plan is made canonical, the maximin LP's is one vertex of several)."""
    network = game.network
    assert network is not None
    if result.escapes is None:
        return result, "general-sum: maximin plan (no time for a second stage)"
    allocations, paths = result.restricted
    start = np.zeros(len(allocations))
    for allocation, p in zip(result.allocations, result.probabilities, strict=True):
        start[allocations.index(allocation)] = p
    found = stackelberg(
        game, network, (list(allocations), list(paths)), start, tol=tol, deadline=deadline
    )
    base = exact_value(game, result.escapes)
    if found is None or found.value < base - TIE:
        return result, "general-sum: maximin plan (the second stage found no better)"
    how = (
        f"general-sum: Stackelberg mixture over {found.searched} allocations "
        f"({found.rounds} MILP rounds), {found.value - base:.3g} of the defender's payoff "
        "range above the maximin plan"
    )
    plan = dataclasses.replace(
        result,
        allocations=found.allocations,
        probabilities=found.probabilities,
        escapes=found.escapes,
    )
    return plan, how


def _general_bound(
    game: Game, network: Network, tol: float, deadline: Deadline, warm: bool
) -> float:
    """``sum_k p_k max_t U_d(k, t, c*_t)`` with ``c*_t`` bounded by a double oracle per target."""
    n = game.n_targets
    capture = np.ones(n)
    one, zero, prior = np.ones((1, 1)), np.zeros((1, 1)), np.ones(1)
    for t in range(n):
        left = remaining(deadline)
        alone = dataclasses.replace(network, target_nodes=network.target_nodes[[t]])
        local = maximin(
            alone,
            one,
            zero,
            prior,
            tol=tol / max(game.defender_range(), 1e-12),
            deadline=None if left is None else deadline_after(left / (n - t)),
            warm=warm,
        )
        capture[t] = min(1.0, local.upper)
    best = game.defender_utility(capture).max(axis=1)
    return float(game.priors @ best)


def _plan(game: Game, result: Maximin, upper: float, tol: float, how: str) -> Plan:
    network = game.network
    assert network is not None
    if result.escapes is None:
        return Plan(
            status="time_limit",
            method="double-oracle",
            message=f"{how}; no exactly evaluated plan within the time limit "
            f"({result.rounds} rounds)",
        )
    if not np.isfinite(upper):  # no exact defender round: the trivial bound (all stopped)
        upper = float(game.priors @ game.defender_covered.max(axis=1))
    escapes = np.array([e.value for e in result.escapes])
    coverage = np.clip(1.0 - escapes, 0.0, 1.0)  # a sum of 1 + 1e-16 is an escape of 1
    attacked = responses(game, coverage)
    plan = plan_from_coverage(
        game,
        coverage,
        attacked,
        method="double-oracle",
        status="optimal",
        bound=upper if np.isfinite(upper) else None,
        message="",
        strategy=CheckpointStrategy(result.probabilities, result.allocations),
    )
    paths = tuple(
        dataclasses.replace(r, path=result.escapes[t].path[1], source=result.escapes[t].path[2])
        for r, t in zip(plan.responses, attacked, strict=True)
    )
    closed = plan.gap is not None and plan.gap <= tol and np.isfinite(upper)
    status = "optimal" if closed else "time_limit"
    message = f"{how}; {result.rounds} rounds, {len(result.allocations)} allocations in the mixture"
    if not closed:
        message += "; gap above tolerance"  # both in the unit game: the plan gives the gap
    return plan.replace(status=status, message=message, responses=paths)
