"""Monte Carlo simulation of operations: rosters drawn day by day, attacks against them.

Each run simulates ``days`` periods. Every period draws a roster from the
plan exactly as ``entente roster`` does, then the period's attacks: the
scenario's ``attacks_per_period`` ``a`` gives ``floor(a)`` attacks plus one
more with probability ``a - floor(a)`` (mean ``a``; an integer is exact).
Each attack draws an attacker type from the prior and a target from that
type's response (rational types attack the plan's best-response target:
they watch the *plan*, not tonight's roster), and is interdicted with the
roster's interdiction probability there, ``1 - prod (1 - e)`` over the units
covering it. Payoffs are the scenario's covered/uncovered ones.

The exact expectations the simulation must converge to follow from the
plan's coverage ``c`` and the response ``q[k, t]`` alone::

    E[defender payoff per attack]  = sum_k p_k sum_t q[k,t] Ud(k, t, c_t)
    E[interdicted per attack]      = sum_k p_k sum_t q[k,t] c_t

(for rational types the first is the plan's ``defender_utility``). Intervals
are Student-t intervals over runs; per-attack figures are ratio estimators
(total over runs / attacks over runs) with the usual linearised standard
error ``sd(Y_r - rho X_r) / (mean(X) sqrt(R))``.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from entente._exceptions import InputError
from entente.model import FloatArray, Game, IntArray
from entente.operations import RosterPlan, random_words, roster_plan
from entente.planfile import PlanRecord
from entente.solvers import Plan

__all__ = ["Estimate", "Simulation", "rational_response", "simulate"]

Progress = Callable[[int, int], None]
_PERIODS_PER_CHUNK = 32_768


@dataclass(frozen=True)
class Estimate:
    """A simulated mean with its standard error, confidence interval and exact value."""

    mean: float
    stderr: float
    low: float
    high: float
    exact: float | None = None

    def covers_exact(self) -> bool | None:
        """Whether the interval holds the exact value (None when there is none)."""
        return None if self.exact is None else self.low <= self.exact <= self.high

    def as_dict(self) -> dict[str, float | None]:
        return {
            "mean": self.mean,
            "stderr": self.stderr,
            "low": self.low,
            "high": self.high,
            "exact": self.exact,
        }


@dataclass(frozen=True, eq=False)
class Simulation:
    """What ``runs`` simulated runs of ``days`` periods gave.

    Per-run estimates: ``attacks``, ``interdictions``, ``defender_total`` and
    ``attacker_total`` (sums of payoffs over the run). Per-attack:
    ``interdiction_rate``, ``defender_per_attack``, ``attacker_per_attack``.
    ``target_attacks`` and ``target_interdictions`` count over all runs.
    """

    runs: int
    days: int
    attacks_per_period: float
    seed: int
    confidence: float
    attacks: Estimate
    interdictions: Estimate
    defender_total: Estimate
    attacker_total: Estimate
    interdiction_rate: Estimate
    defender_per_attack: Estimate
    attacker_per_attack: Estimate
    target_ids: tuple[str, ...]
    target_attacks: FloatArray
    target_interdictions: FloatArray

    def estimates(self) -> dict[str, Estimate]:
        return {
            "attacks": self.attacks,
            "interdictions": self.interdictions,
            "interdiction_rate": self.interdiction_rate,
            "defender_per_attack": self.defender_per_attack,
            "attacker_per_attack": self.attacker_per_attack,
            "defender_total": self.defender_total,
            "attacker_total": self.attacker_total,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "days": self.days,
            "attacks_per_period": self.attacks_per_period,
            "seed": self.seed,
            "confidence": self.confidence,
            **{name: e.as_dict() for name, e in self.estimates().items()},
            "targets": {
                t: {"attacks": int(a), "interdictions": int(i)}
                for t, a, i in zip(
                    self.target_ids, self.target_attacks, self.target_interdictions, strict=True
                )
                if a > 0
            },
        }


def rational_response(game: Game, plan: Plan) -> FloatArray:
    """``(types, targets)``: each rational type attacks its best response in the plan;
    a quantal / SUQR type attacks by its distribution at the plan's coverage."""
    from entente.model.outcome import attack_distribution

    if plan.coverage is None or len(plan.responses) != game.n_types:
        raise InputError("the plan has no coverage and response per attacker type")
    response = np.zeros((game.n_types, game.n_targets))
    for k, reply in enumerate(plan.responses):
        if reply.attacked is not None:
            response[k, reply.attacked] = 1.0
        elif game.behaviour(k).model != "rational":
            response[k] = attack_distribution(game, k, plan.coverage)
        else:
            raise InputError(
                f"attacker type {game.type_ids[k]!r} has no single attacked target in the plan; "
                "give its response distribution explicitly"
            )
    return response


@dataclass(frozen=True, eq=False)
class _Setup:
    plan: RosterPlan
    game: Game
    coverage: FloatArray
    response: FloatArray
    covers: np.ndarray  # (types or 1, routes, targets) bool: a unit there stops the attack


def _setup(
    given: PlanRecord | Mapping[str, Any], response: FloatArray | None, source: str
) -> _Setup:
    plan = roster_plan(given, source=source)
    game, coverage = plan.record.game, plan.record.plan.coverage
    if coverage is None:
        raise InputError(f"{plan.source}: coverage: the plan has no coverage")
    q = (
        rational_response(game, plan.record.plan)
        if response is None
        else np.asarray(response, float)
    )
    if q.shape != (game.n_types, game.n_targets) or np.any(q < 0):
        raise InputError(f"response must be a non-negative (types, targets) array, got {q.shape}")
    if not np.allclose(q.sum(axis=1), 1.0, atol=1e-9):
        raise InputError("each attacker type's response must sum to 1")
    return _Setup(plan, game, coverage, q, _covers(plan, q))


def _covers(plan: RosterPlan, response: FloatArray) -> np.ndarray:
    """Whether a unit on route ``c`` stands in the way of type ``k``'s attack on ``t``.

    A guard or patrol stands at the targets of its route (one matrix for every
    type). A checkpoint holds a road, and stops an attack when its road is on
    the path the attacker drives: the type's best path in the plan, the one
    its coverage is computed on. Only that target's path is known, so a
    response that attacks elsewhere is refused.
    """
    incidence = plan.route_incidence() > 0
    network = plan.record.game.network
    if network is None:
        return incidence[None]
    roads = {edge: i for i, edge in enumerate(plan.places.ids)}
    covers = np.zeros((len(response), incidence.shape[0], len(network.target_nodes)), dtype=bool)
    for k, reply in enumerate(plan.record.plan.responses):
        elsewhere = np.flatnonzero(response[k] > 0)
        if reply.path is None or reply.attacked is None or set(elsewhere) - {reply.attacked}:
            raise InputError(
                f"attacker type {plan.record.game.type_ids[k]!r}: a checkpoint plan is simulated "
                "on each type's best path, known for its best-response target only"
            )
        on_path = [roads[network.edge_ids[e]] for e in reply.path]
        covers[k, :, reply.attacked] = incidence[:, on_path].any(axis=1)
    return covers


def simulate(
    plan: PlanRecord | Mapping[str, Any],
    *,
    days: int = 365,
    runs: int = 1000,
    seed: int | None = None,
    attacks_per_period: float | None = None,
    response: FloatArray | None = None,
    confidence: float = 0.95,
    progress: Progress | None = None,
    source: str = "<plan>",
) -> Simulation:
    """Simulate ``runs`` runs of ``days`` periods of the plan (a verified record, or a
    plan document read and verified here).

    ``attacks_per_period`` defaults to the scenario's (itself default 1);
    ``response`` (types x targets probabilities) defaults to the rational
    response recorded in the plan. Without a ``seed`` one is drawn from
    ``secrets`` and recorded, so any run can be reproduced. ``progress(done,
    total)`` is called after each chunk of runs.
    """
    if days < 1 or runs < 2:
        raise InputError(f"need days >= 1 and runs >= 2, got days={days}, runs={runs}")
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be in (0, 1), got {confidence}")
    setup = _setup(plan, response, source)
    scenario = setup.plan.record.scenario
    scenario_rate = 1.0 if scenario is None else scenario.document.get("attacks_per_period", 1.0)
    rate = float(scenario_rate if attacks_per_period is None else attacks_per_period)
    if not (math.isfinite(rate) and rate >= 0):
        raise InputError(f"attacks_per_period must be a non-negative number, got {rate}")
    seed = secrets.randbits(63) if seed is None else seed
    words = random_words(seed)
    generator = np.random.Generator(np.random.PCG64(seed ^ 0x5EED))
    per_run = np.zeros((runs, 4))  # attacks, interdictions, defender, attacker
    target_attacks = np.zeros(setup.game.n_targets)
    target_interdictions = np.zeros(setup.game.n_targets)
    chunk = max(1, _PERIODS_PER_CHUNK // days)
    for first in range(0, runs, chunk):
        size = min(chunk, runs - first)
        totals, hits, caught = _simulate_chunk(setup, size, days, rate, words, generator)
        per_run[first : first + size] = totals
        target_attacks += hits
        target_interdictions += caught
        if progress is not None:
            progress(first + size, runs)
    return _summarise(
        setup, per_run, days, rate, seed, confidence, target_attacks, target_interdictions
    )


def _simulate_chunk(
    setup: _Setup,
    runs: int,
    days: int,
    rate: float,
    words: Any,
    generator: np.random.Generator,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    game = setup.game
    periods = runs * days
    choices = setup.plan.sampler.draw(periods, words)
    base = math.floor(rate)
    counts = np.full(periods, base, dtype=np.intp)
    if rate > base:
        counts += generator.random(periods) < rate - base
    period = np.repeat(np.arange(periods), counts)
    types = np.searchsorted(np.cumsum(game.priors), generator.random(period.size), side="right")
    types = np.minimum(types, game.n_types - 1)
    targets = _draw_targets(setup.response, types, generator)
    kind = types if setup.covers.shape[0] > 1 else np.zeros_like(types)
    covering = setup.covers[kind[:, None], choices[period], targets[:, None]]  # (attacks, units)
    escape = np.prod(np.where(covering, 1.0 - setup.plan.unit_effectiveness, 1.0), axis=1)
    interdicted = generator.random(period.size) >= escape
    defender = np.where(
        interdicted,
        game.defender_covered[types, targets],
        game.defender_uncovered[types, targets],
    )
    attacker = np.where(
        interdicted,
        game.attacker_covered[types, targets],
        game.attacker_uncovered[types, targets],
    )
    run = period // days
    totals = np.column_stack(
        [
            np.bincount(run, minlength=runs).astype(np.float64),
            np.bincount(run, weights=interdicted, minlength=runs),
            np.bincount(run, weights=defender, minlength=runs),
            np.bincount(run, weights=attacker, minlength=runs),
        ]
    )
    hits = np.bincount(targets, minlength=game.n_targets).astype(np.float64)
    caught = np.bincount(targets, weights=interdicted, minlength=game.n_targets).astype(np.float64)
    return totals.astype(np.float64), hits, caught


def _draw_targets(
    response: FloatArray, types: IntArray, generator: np.random.Generator
) -> IntArray:
    """One target per attack from its type's response distribution (inverse transform)."""
    cumulative = np.cumsum(response, axis=1)
    u = generator.random(types.size) * cumulative[types, -1]
    below = (cumulative[types] <= u[:, None]).sum(axis=1)
    targets: IntArray = np.minimum(below, response.shape[1] - 1).astype(np.intp)
    return targets


def _interval(values: FloatArray, confidence: float, exact: float | None) -> Estimate:
    runs = values.shape[0]
    mean = float(values.mean())
    stderr = float(values.std(ddof=1) / math.sqrt(runs))
    return _estimate(mean, stderr, runs, confidence, exact)


def _estimate(
    mean: float, stderr: float, runs: int, confidence: float, exact: float | None
) -> Estimate:
    import scipy.stats  # imported here: it costs the CLI a quarter of a second

    half = float(scipy.stats.t.ppf(0.5 + confidence / 2, runs - 1)) * stderr
    return Estimate(mean, stderr, mean - half, mean + half, exact)


def _ratio(
    numerator: FloatArray, denominator: FloatArray, confidence: float, exact: float
) -> Estimate:
    runs = numerator.shape[0]
    scale = float(denominator.mean())
    if scale == 0:
        return Estimate(math.nan, math.nan, math.nan, math.nan, exact)
    rho = float(numerator.sum() / denominator.sum())
    stderr = float((numerator - rho * denominator).std(ddof=1) / (scale * math.sqrt(runs)))
    return _estimate(rho, stderr, runs, confidence, exact)


def _summarise(
    setup: _Setup,
    per_run: FloatArray,
    days: int,
    rate: float,
    seed: int,
    confidence: float,
    target_attacks: FloatArray,
    target_interdictions: FloatArray,
) -> Simulation:
    game, c, q = setup.game, setup.coverage, setup.response
    defender = float(game.priors @ (q * game.defender_utility(c)).sum(axis=1))
    attacker = float(game.priors @ (q * game.attacker_utility(c)).sum(axis=1))
    caught = float(game.priors @ (q * c).sum(axis=1))
    attacks = days * rate
    columns = per_run.T
    return Simulation(
        runs=per_run.shape[0],
        days=days,
        attacks_per_period=rate,
        seed=seed,
        confidence=confidence,
        attacks=_interval(columns[0], confidence, attacks),
        interdictions=_interval(columns[1], confidence, attacks * caught),
        defender_total=_interval(columns[2], confidence, attacks * defender),
        attacker_total=_interval(columns[3], confidence, attacks * attacker),
        interdiction_rate=_ratio(columns[1], columns[0], confidence, caught),
        defender_per_attack=_ratio(columns[2], columns[0], confidence, defender),
        attacker_per_attack=_ratio(columns[3], columns[0], confidence, attacker),
        target_ids=game.target_ids,
        target_attacks=target_attacks,
        target_interdictions=target_interdictions,
    )
