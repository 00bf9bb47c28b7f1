"""Column generation over joint deployments: patrols, restricted guards, barriers, time slots.

The ASPEN family (Jain, Kardes, Kiekintveld, Ordóñez, Tambe, "Security
games with arbitrary schedules: a branch and price approach", AAAI 2010),
made exact where the attacked targets and the static placement are not
fixed by a cut-and-column loop:

1. The *outer master* (:mod:`entente.solvers.schedules._outer_master`), a MILP over
   static placements ``y``, attacked targets ``q`` and mobile interdiction
   ``m`` restricted by the marginal relaxation of each slot
   (:mod:`entente.solvers.schedules._marginals`: expected units per schedule,
   ``m_t <= sum e x``) and the cuts proven so far, proposes
   ``(placement, profile)``; its dual bound is an upper bound ``UB`` on the
   game's value (it relaxes the implementable set).
2. The *restricted master* (:mod:`entente.solvers.schedules._restricted_master`)
   solves that proposal's LP by column generation over joint deployments of
   each slot (pricing: :mod:`entente.solvers.schedules._pricing`, heuristics first,
   a HiGHS MILP as the proof). Its value is achieved by an explicit mixture:
   the incumbent ``LB``. It starts from deployments comb-sampled from the
   relaxation's marginals (:mod:`entente.solvers.schedules._comb`), gets more
   aimed at what its mixture lacks every few rounds, and stops as soon as
   its mixture reaches ``UB - gap``. Every exact pricing call adds a cut
   ``w . m_s <= h_s(w)``; at the LP's optimum these cuts hold the proposal's
   value to the LP's, so the outer master never proposes it again above it.
3. Stop when ``UB - LB <= gap``.

Marginals over schedules are never treated as implementable on their own
(Korzhyk, Conitzer & Parr, AAAI 2010, show they need not be): the plan is
always the explicit mixture the restricted master found, coupled across
slots by :mod:`entente.solvers.schedules._joint_mixture`. Static units are integer
decisions inside the outer MILP, the same in every deployment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente._exceptions import SolverError
from entente.model import FloatArray, Game
from entente.model.pure_strategies import (
    Placement,
    max_interdiction,
    static_escape,
    static_resources,
)
from entente.solvers._responses import sse_responses
from entente.solvers._timing import timed
from entente.solvers.certify.certificate import DEFAULT_TOLERANCE
from entente.solvers.certify.deployments import unreachable_floor
from entente.solvers.lp.deadline import deadline_after, expired, remaining
from entente.solvers.lp.highs import INF
from entente.solvers.plan import MixtureStrategy, Plan, Status, plan_from_coverage
from entente.solvers.schedules._columns import ColumnPool
from entente.solvers.schedules._comb import comb_choices
from entente.solvers.schedules._joint_mixture import couple, joint_deployment
from entente.solvers.schedules._outer_master import OuterMaster, Proposal, Start
from entente.solvers.schedules._restricted_master import solve_profile

__all__ = ["column_generation"]

_COMB_SAMPLES = 1000
"""Deployments comb-sampled from the outer master's marginals before each restricted master."""

_REFILL_SAMPLES = 100
"""Deployments comb-sampled from what the restricted master's mixture lacks, every few rounds."""


@dataclass(frozen=True)
class _Incumbent:
    """The best plan so far: placement, attacked targets, per-slot column weights, value."""

    placement: Placement
    profile: tuple[int, ...]
    weights: list[FloatArray]
    value: float


@dataclass
class _Progress:
    upper: float = INF
    outer_solves: int = 0
    profiles: int = 0
    status: Status = "time_limit"
    note: str = ""


@timed
def column_generation(
    game: Game, *, time_limit: float | None = None, gap: float | None = None
) -> Plan:
    """Optimal plan over explicit mixtures of joint deployments (any resource kinds)."""
    gap = 1e-6 * game.defender_range() if gap is None else gap
    deadline = deadline_after(time_limit)
    mobile_max, static_max = max_interdiction(game)
    reason = unreachable_floor(game, mobile_max, static_max)
    if reason:
        return Plan(status="infeasible", method="column-generation", message=reason)
    ceiling = _ceiling(game, mobile_max, static_max)
    pool = ColumnPool(game)
    pool.union_bound_cuts(deadline)  # first cuts: total interdiction per slot
    outer = OuterMaster(game, mobile_max, static_max, pool)
    incumbent = _heuristic_incumbent(game, pool)
    progress = _Progress(upper=ceiling)
    incumbent = _loop(game, pool, outer, incumbent, progress, mobile_max, gap, deadline)
    if incumbent is None:
        if progress.status == "infeasible":
            return Plan(
                status="infeasible",
                method="column-generation",
                message="no mixture of deployments meets the min_coverage floors",
            )
        return Plan(status="time_limit", method="column-generation", message=progress.note)
    return _plan(game, pool, incumbent, progress)


def _loop(
    game: Game,
    pool: ColumnPool,
    outer: OuterMaster,
    incumbent: _Incumbent | None,
    progress: _Progress,
    mobile_max: FloatArray,
    gap: float,
    deadline: float | None,
) -> _Incumbent | None:
    """Alternate outer proposals and restricted masters until the bounds meet."""
    slot_targets = [o.targets for o in pool.options]
    seen: set[tuple[Placement, tuple[int, ...]]] = set()
    while True:
        result, proposal = outer.solve(
            pool.cuts,
            slot_targets,
            gap=gap / 4,
            time_limit=remaining(deadline, 0.01),
            incumbent=None if incumbent is None else _point(game, pool, incumbent),
        )
        progress.outer_solves += 1
        if result.status == "infeasible":
            if incumbent is not None:
                raise SolverError("the outer master lost the incumbent plan")
            progress.status = "infeasible"
            return None
        if result.bound is not None and np.isfinite(result.bound):
            progress.upper = min(progress.upper, result.bound)
        if incumbent is not None and progress.upper - incumbent.value <= gap:
            progress.status = "optimal"
            return incumbent
        if proposal is None or result.status == "time_limit" or expired(deadline):
            progress.note = "time limit reached"
            return incumbent
        key = (proposal.placement, proposal.profile)
        if key in seen:
            progress.note = "stopped: the outer master repeats a solved proposal (numerical limit)"
            return incumbent
        seen.add(key)
        incumbent = _solve_proposal(
            game, pool, proposal, incumbent, mobile_max, gap, deadline, progress.upper - gap
        )
        progress.profiles += 1
        if incumbent is not None and progress.upper - incumbent.value <= gap:
            progress.status = "optimal"
            return incumbent


def _solve_proposal(
    game: Game,
    pool: ColumnPool,
    proposal: Proposal,
    incumbent: _Incumbent | None,
    mobile_max: FloatArray,
    gap: float,
    deadline: float | None,
    stop_at: float,
) -> _Incumbent | None:
    escape = static_escape(game, proposal.placement)
    for s, marginals in proposal.marginals.items():
        for choice in comb_choices(pool.pricers[s], marginals, _COMB_SAMPLES, deadline):
            pool.add(s, choice)

    def refill(weights: list[FloatArray]) -> None:
        for s, marginals in proposal.marginals.items():
            lacking = {i: _lacking(pool, s, i, x, weights[s]) for i, x in marginals.items()}
            for choice in comb_choices(pool.pricers[s], lacking, _REFILL_SAMPLES, deadline):
                pool.add(s, choice)

    outcome = solve_profile(
        game,
        pool,
        escape,
        proposal.profile,
        mobile_max,
        prune_below=-INF if incumbent is None else incumbent.value,
        tolerance=gap / 4,
        deadline=deadline,
        stop_at=stop_at,
        refill=refill if proposal.marginals else None,
    )
    if outcome.value is None or outcome.weights is None:  # time_limit may carry a mixture
        return incumbent
    found: _Incumbent | None = _Incumbent(
        proposal.placement, proposal.profile, outcome.weights, outcome.value
    )
    if outcome.status != "optimal":  # not an optimum: value it as the attacker answers it
        found = _valued(game, pool, proposal.placement, outcome.weights)
    if found is None or (incumbent is not None and found.value <= incumbent.value):
        return incumbent
    return found


def _lacking(pool: ColumnPool, s: int, i: int, x: FloatArray, weights: FloatArray) -> FloatArray:
    """Marginals aimed at what a mixture lacks of ``x``: the shortfall, scaled to ``x``'s units."""
    have = np.zeros(len(x))
    for weight, choice in zip(weights, pool.choices[s], strict=False):
        if weight > 0.0:
            np.add.at(have, list(choice[i]), weight)
    short = np.maximum(x - have, 0.0)
    if short.sum() <= 1e-9:
        return x
    cap = float(pool.pricers[s].units[i]) if pool.options[s].stacking[i] else 1.0
    out: FloatArray = np.minimum(short * (x.sum() / short.sum()), cap)
    return out


def _ceiling(game: Game, mobile_max: FloatArray, static_max: FloatArray) -> float:
    """A bound before any MILP: each type attacks where the defender fares best at full cover."""
    most = 1.0 - (1.0 - mobile_max) * (1.0 - static_max)
    best = np.max(game.defender_utility(np.maximum(most, game.min_coverage)), axis=1)
    return float(game.priors @ best)


def _mobile(pool: ColumnPool, weights: list[FloatArray], n: int) -> FloatArray:
    """Expected mobile interdiction per target under per-slot column weights."""
    m = np.zeros(n)
    for s, options in enumerate(pool.options):
        vectors = np.array(pool.vectors[s][: len(weights[s])])  # the pool grows afterwards
        m[options.targets] = weights[s] @ vectors
    return m


def _coverage(game: Game, pool: ColumnPool, incumbent: _Incumbent) -> FloatArray:
    escape = static_escape(game, incumbent.placement)
    result: FloatArray = 1.0 - escape * (1.0 - _mobile(pool, incumbent.weights, game.n_targets))
    return result


def _heuristic_incumbent(game: Game, pool: ColumnPool) -> _Incumbent | None:
    """Every unit on its slot's widest deployment, no static unit placed (if floors allow)."""
    weights = []
    for s in range(pool.n_slots):
        w = np.zeros(len(pool.choices[s]))
        w[-1] = 1.0  # the pool's last column: the widest deployment found at start
        weights.append(w)
    return _valued(game, pool, tuple(() for _ in static_resources(game)), weights)


def _valued(
    game: Game, pool: ColumnPool, placement: Placement, weights: list[FloatArray]
) -> _Incumbent | None:
    """A mixture with the attacker's answer to it (ties to the defender) and its value.

    Ties are what the certificate calls ties (half its tolerance): an LP holds
    its attacker rows only to its feasibility tolerance, and a stricter rule
    would send the attacker to a target the LP's mixture meant to tie.
    None if the mixture misses a coverage floor.
    """
    trial = _Incumbent(placement, (), weights, -INF)
    coverage = _coverage(game, pool, trial)
    if np.any(coverage < game.min_coverage - 1e-12):
        return None
    span = np.max(game.attacker_uncovered, axis=1) - np.min(game.attacker_covered, axis=1)
    tie = max(0.5 * DEFAULT_TOLERANCE * float(np.min(span)), 1e-9 * game.payoff_scale())
    profile = tuple(sse_responses(game, coverage, tie))
    defender = game.defender_utility(coverage)
    value = float(sum(game.priors[k] * defender[k, t] for k, t in enumerate(profile)))
    return _Incumbent(placement, profile, weights, value)


def _point(game: Game, pool: ColumnPool, incumbent: _Incumbent) -> Start:
    """The incumbent as the outer master sees it: placement, profile, m, c and weights."""
    mobile = _mobile(pool, incumbent.weights, game.n_targets)
    coverage = _coverage(game, pool, incumbent)
    return incumbent.placement, incumbent.profile, mobile, coverage, incumbent.weights


def _plan(game: Game, pool: ColumnPool, incumbent: _Incumbent, progress: _Progress) -> Plan:
    coverage = _coverage(game, pool, incumbent)
    pieces = couple(incumbent.weights)
    strategy = MixtureStrategy(
        np.array([p for p, _ in pieces]),
        tuple(joint_deployment(game, pool, incumbent.placement, picks) for _, picks in pieces),
    )
    status: Status = progress.status if progress.status == "optimal" else "time_limit"
    message = (
        f"{status.replace('_', ' ')} after {progress.outer_solves} outer MILPs, "
        f"{progress.profiles} restricted masters, {pool.size()} columns, "
        f"{len(pool.cuts)} cuts, {pool.exact_calls} exact pricing MILPs"
    )
    priced = [r.id for r in game.resources if r.routes is not None]
    if priced:
        message += f"; tours priced by MILP, not listed, for {', '.join(priced)}"
    if progress.note and status != "optimal":
        message += f"; {progress.note}"
    return plan_from_coverage(
        game,
        coverage,
        list(incumbent.profile),
        method="column-generation",
        status=status,
        bound=max(progress.upper, incumbent.value),
        message=message,
        strategy=strategy,
    )
