"""The certificate: re-check a plan without trusting the solver that made it.

``certify(game, plan)`` recomputes, from the plan's coverage and strategy
alone:

1. *feasibility*: the coverage lies in what the resources can implement
   (floors, per-target cap, budget);
2. *strategy*: the mixed strategy is a probability distribution over
   feasible deployments (or a valid comb) and reproduces the coverage;
   every deployment respects every count, route list, site list and guard
   restriction, and static units stand in the same places in all of them
   (see :mod:`entente.solvers.certify.deployments`);
3. *responses*: every type's reported target is a best response, no target
   giving it more than ``tol``, and the reported utilities are the ones the
   coverage yields;
4. *value*: the defender's and attacker's totals are the prior-weighted
   sums, the value does not exceed the reported bound, and an optimal plan's
   gap is within the requested tolerance;
5. *optimality*, where an independent answer is cheap (quantal and SUQR
   types: :mod:`entente.solvers.certify._behaviour`): for one type on a
   coverage box, the optimal value re-derived by bisection on the attacker's
   level (a different algorithm from ORIGAMI's sort); for several types, the
   value may not exceed the sum of the types' separate optima;
6. *bound floor*, for rational types on a coverage box when the exact check
   above does not apply (several types, or floors): the bound may not be
   below the value of a plan the certificate finds by a search of its own
   (:mod:`entente.solvers.certify._floor`), so a wrong proof of optimality
   is caught when that search does better.

Every check runs on the unit game (:mod:`entente.model.scales`): each
player's payoffs mapped onto ``[0, 1]`` by its own positive affine map, and
the plan's utilities with them. ``tol`` is therefore relative to each
player's own payoff range (default ``1e-8``: LP solutions are feasible to
``1e-9``; differences of utilities lose a few digits more), and the numbers
in the checks' details are unit-game numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from entente.model import CoverageBox, FloatArray, Game, coverage_box, deployment_interdiction
from entente.model.scales import normalise, payoff_scales
from entente.solvers._rescale import to_unit
from entente.solvers.certify._behaviour import (
    behaviour_response_check,
    behavioural_optimality_checks,
)
from entente.solvers.certify._floor import bound_floor, separate_coverage
from entente.solvers.certify._robust import robust_response_checks
from entente.solvers.certify.deployments import (
    deployment_problem,
    mixture_placement_problem,
    schedule_infeasibility,
)
from entente.solvers.certify.proof import RobustClaim
from entente.solvers.plan import CombStrategy, MixtureStrategy, Plan

__all__ = ["DEFAULT_TOLERANCE", "Certificate", "Check", "certify", "independent_value"]

DEFAULT_TOLERANCE = 1e-8
"""Default certificate tolerance, relative to each player's payoff range."""


@dataclass(frozen=True)
class Check:
    """One named check, whether it passed, and what was found."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Certificate:
    """The outcome of :func:`certify`: passed only if every check passed."""

    checks: tuple[Check, ...]
    tolerance: float

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def certify(
    game: Game, plan: Plan, *, tol: float | None = None, gap: float | None = None
) -> Certificate:
    """Check ``plan`` against ``game`` on the unit game.

    ``tol`` is relative to each player's payoff range; ``gap`` is the
    tolerance an optimal plan claims, in the defender's units (default 1e-6
    x its payoff range).
    """
    tol = DEFAULT_TOLERANCE if tol is None else tol
    if game.network is not None:  # checkpoint games are checked in the user's units
        gap = 1e-6 * _defender_range(game) if gap is None else gap
        return Certificate(tuple(_checks(game, plan, tol, gap)), tol)
    shared = isinstance(plan.proof, RobustClaim) and plan.proof.margin > 0  # one margin, one map
    scales = payoff_scales(game, common_attacker=shared)
    unit = normalise(game, scales)
    gap = 1e-6 if gap is None else gap / scales.defender_scale
    checks = _checks(unit, to_unit(plan, game, unit, scales), tol, gap)
    return Certificate(tuple(checks), tol)


def _defender_range(game: Game) -> float:
    span = float(np.max(game.defender_covered) - np.min(game.defender_uncovered))
    return span if span > 0 else 1.0


def _checks(game: Game, plan: Plan, tol: float, gap: float) -> Iterator[Check]:
    box = coverage_box(game)
    if plan.status == "infeasible":
        reason = box.infeasibility() if box is not None else schedule_infeasibility(game)
        yield Check("infeasible", reason is not None, reason or "the floors are feasible")
        return
    coverage = plan.coverage
    if plan.status == "time_limit" and coverage is None and plan.strategy is None:
        yield Check("plan", True, "no feasible plan was found within the time limit")
        return
    if coverage is None or coverage.shape != (game.n_targets,) or not np.all(np.isfinite(coverage)):
        yield Check("coverage", False, "the plan has no finite coverage for every target")
        return
    if game.network is not None:
        from entente.solvers.network.certify import network_checks

        yield from (Check(*check) for check in network_checks(game, plan, coverage))
        yield from _response_checks(game, plan, coverage, tol)
        yield from _value_checks(game, plan, tol, gap)
        return
    if box is not None:
        yield _box_check(box, coverage, tol)
    yield _strategy_check(game, plan, coverage, tol)
    yield from _response_checks(game, plan, coverage, tol)
    yield from _value_checks(game, plan, tol, gap)
    if box is not None:
        yield from _optimality_checks(game, plan, box, tol)


def _box_check(box: CoverageBox, c: FloatArray, tol: float) -> Check:
    low = float(np.max(box.lower - c))
    high = float(np.max(c - box.upper))
    over = float(np.sum(c)) - box.budget
    ok = low <= tol and high <= tol and over <= tol * max(1.0, box.budget)
    return Check(
        "feasible",
        ok,
        f"coverage below floor by {max(low, 0):.3g}, above cap by {max(high, 0):.3g}, "
        f"over budget by {max(over, 0):.3g}",
    )


def _strategy_check(game: Game, plan: Plan, coverage: FloatArray, tol: float) -> Check:
    strategy = plan.strategy
    if isinstance(strategy, CombStrategy):
        x = strategy.marginals
        implied = strategy.effectiveness * x
        ok = (
            x.shape == coverage.shape
            and float(np.min(x)) >= -tol
            and float(np.max(x)) <= 1 + tol
            and float(np.sum(x)) <= strategy.units + tol * max(1, strategy.units)
            and float(np.max(np.abs(implied - coverage))) <= tol
        )
        return Check("strategy", ok, f"comb over {strategy.units} units reproduces the coverage")
    if isinstance(strategy, MixtureStrategy):
        return _mixture_check(game, strategy, coverage, tol)
    return Check("strategy", False, "the plan carries no mixed strategy")


def _mixture_check(
    game: Game, strategy: MixtureStrategy, coverage: FloatArray, tol: float
) -> Check:
    p = strategy.probabilities
    if len(p) != len(strategy.deployments) or np.any(p < -tol) or abs(float(np.sum(p)) - 1) > tol:
        return Check("strategy", False, "mixture probabilities are not a distribution")
    for deployment in strategy.deployments:
        problem = _deployment_problem(game, deployment)
        if problem:
            return Check("strategy", False, problem)
    problem = mixture_placement_problem(game, strategy.deployments)
    if problem:
        return Check("strategy", False, problem)
    implied = sum(
        (
            w * deployment_interdiction(game, d)
            for w, d in zip(p, strategy.deployments, strict=True)
        ),
        start=np.zeros(game.n_targets),
    )
    error = float(np.max(np.abs(implied - coverage)))
    return Check(
        "strategy",
        error <= tol,
        f"mixture of {len(p)} deployments reproduces the coverage within {error:.3g}",
    )


def _deployment_problem(game: Game, deployment: tuple[tuple[tuple[int, ...], ...], ...]) -> str:
    return deployment_problem(game, deployment)


def _response_checks(game: Game, plan: Plan, coverage: FloatArray, tol: float) -> Iterator[Check]:
    if len(plan.responses) != game.n_types:
        yield Check("responses", False, "the plan does not give one response per type")
        return
    if isinstance(plan.proof, RobustClaim):
        for name, passed, detail in robust_response_checks(
            game, plan, coverage, plan.proof.margin, tol
        ):
            yield Check(name, passed, detail)
        return
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    for k, response in enumerate(plan.responses):
        if game.behaviour(k).model != "rational":
            passed, detail = behaviour_response_check(game, k, response, coverage, tol)
            yield Check(f"response[{game.type_ids[k]}]", passed, detail)
            continue
        t = response.attacked
        if t is None or not 0 <= t < game.n_targets:
            yield Check(f"response[{game.type_ids[k]}]", False, "no attacked target")
            continue
        regret = float(np.max(attacker[k]) - attacker[k, t])
        exact = (
            abs(response.attacker_utility - attacker[k, t]) <= tol
            and abs(response.defender_utility - defender[k, t]) <= tol
        )
        # Strong Stackelberg: among targets the attacker values exactly as much
        # (or more), none may be better for the defender (a type of prior 0
        # weighs nothing, so any of its ties is as good).
        tied = attacker[k] >= attacker[k, t] - 1e-12 * game.payoff_scale()
        forgone = float(np.max(defender[k, tied]) - defender[k, t]) if game.priors[k] > 0 else 0.0
        yield Check(
            f"response[{game.type_ids[k]}]",
            regret <= tol and exact and forgone <= tol,
            f"attacks {game.target_ids[t]!r}; best alternative gains {max(regret, 0):.3g}"
            + ("" if exact else "; reported utilities differ from the coverage's")
            + ("" if forgone <= tol else f"; a tie better for the defender by {forgone:.3g}"),
        )


def _value_checks(game: Game, plan: Plan, tol: float, gap: float) -> Iterator[Check]:
    if plan.defender_utility is None or plan.attacker_utility is None:
        yield Check("value", False, "the plan reports no utilities")
        return
    priors = game.priors
    defender = sum(p * r.defender_utility for p, r in zip(priors, plan.responses, strict=True))
    attacker = sum(p * r.attacker_utility for p, r in zip(priors, plan.responses, strict=True))
    yield Check(
        "value",
        abs(defender - plan.defender_utility) <= tol
        and abs(attacker - plan.attacker_utility) <= tol,
        f"defender {defender:.9g}, attacker {attacker:.9g} (prior-weighted)",
    )
    if plan.bound is None or plan.gap is None:
        yield Check("bound", False, "the plan reports no bound")
        return
    consistent = (
        plan.defender_utility <= plan.bound + tol
        and abs(plan.bound - plan.defender_utility - plan.gap) <= tol
    )
    within = plan.status != "optimal" or plan.gap <= gap + tol
    yield Check(
        "bound",
        consistent and within,
        f"value {plan.defender_utility:.9g} <= bound {plan.bound:.9g}, gap {plan.gap:.3g}",
    )


def _optimality_checks(game: Game, plan: Plan, box: CoverageBox, tol: float) -> Iterator[Check]:
    assert plan.defender_utility is not None
    if not game.all_rational:
        for name, passed, detail in behavioural_optimality_checks(game, plan, box, tol):
            yield Check(name, passed, detail)
        return
    # Attacker utilities within ``tol`` may tie (as the response checks allow):
    # the ceilings count them as attackable, the floor only exact ties.
    separate = [independent_value(game, box, k, band=tol) for k in range(game.n_types)]
    robust = isinstance(plan.proof, RobustClaim)
    if game.n_types == 1 and not np.any(box.lower > 0) and not robust:
        optimum = separate[0]
        ok = plan.defender_utility <= optimum + tol
        if plan.status == "optimal":
            floor = independent_value(game, box, 0)
            ok = ok and plan.defender_utility >= floor - max(tol, plan.gap or 0.0)
        yield Check(
            "optimality",
            ok,
            f"independent optimum {optimum:.9g} (bisection on the attacker's level)",
        )
        return
    ceiling = float(np.dot(game.priors, separate))
    yield Check(
        "optimality",
        plan.defender_utility <= ceiling + tol,
        f"value within the sum of the types' separate optima ({ceiling:.9g})",
    )
    if plan.bound is not None and not robust:
        floor = bound_floor(game, box)
        yield Check(
            "bound floor",
            plan.bound >= floor - tol,
            f"bound {plan.bound:.9g} >= {floor:.9g}, the value of a plan found independently "
            "(ties against the defender)",
        )


def independent_value(game: Game, box: CoverageBox, k: int, band: float = 1e-12) -> float:
    """The defender's optimal value against type ``k`` alone, floors ignored.

    Targets within ``band`` (absolute) of the attacker's best count as tied,
    and the attacker picks the defender's favourite among them.
    """
    coverage, level = separate_coverage(game, box, k)
    au, delta = game.attacker_uncovered[k], game.attacker_uncovered[k] - game.attacker_covered[k]
    du, dc = game.defender_uncovered[k], game.defender_covered[k]
    attackable = au - coverage * delta >= level - band
    return float(np.max(np.where(attackable, du + coverage * (dc - du), -np.inf)))
