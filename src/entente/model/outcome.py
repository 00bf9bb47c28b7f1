"""The exact expected outcome of a coverage vector under a behaviour model.

For each attacker type ``k`` the outcome is a distribution ``q_k`` over the
targets it attacks, and the expected utilities::

    U_d(k) = sum_t q_k[t] Ud(k, t, c),   U_a(k) = sum_t q_k[t] Ua(k, t, c)

and the defender's value is ``sum_k p_k U_d(k)`` (DESIGN.md,
``defender_utility``). ``q_k`` depends on the mode:

``scenario``
    each type as the file says: rational types best-respond with ties
    (within ``tie``) broken for the defender (strong Stackelberg); quantal
    and SUQR types attack with the logit probabilities of
    :mod:`entente.model.behaviour`.
``rational``
    every type best-responds, ties for the defender, point payoffs.
``pessimistic``
    every type best-responds and breaks ties against the defender: any
    target within ``tie + margin`` of the best may be hit. With interval
    payoffs the attack set is every target that is a best response for
    *some* payoffs in the box, ``Ua_high(t) >= max_s Ua_low(s) - tie -
    margin`` (Kiekintveld et al. 2013), and the defender gets the worst
    of them.

Exact: no sampling; a rota's empirical coverage evaluates the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from entente.model import FloatArray, Game, Quantal, Rational, Suqr, logit_scores
from entente.model.scales import payoff_scales

__all__ = [
    "MODES",
    "Mode",
    "Outcome",
    "TypeOutcome",
    "attack_distribution",
    "evaluate_models",
    "outcome",
]

Mode = Literal["scenario", "rational", "pessimistic"]
MODES: tuple[Mode, ...] = ("scenario", "rational", "pessimistic")
TIE = 1e-9
"""Attacker utilities within this x the payoff scale count as tied."""


@dataclass(frozen=True, eq=False)
class TypeOutcome:
    """One type's response: attack distribution, target (if deterministic), utilities."""

    behaviour: str
    distribution: FloatArray
    attacked: int | None
    attacker_utility: float
    defender_utility: float


@dataclass(frozen=True, eq=False)
class Outcome:
    """Every type's response and the prior-weighted values."""

    mode: Mode
    types: tuple[TypeOutcome, ...]
    defender_utility: float
    attacker_utility: float


def attack_distribution(game: Game, k: int, coverage: FloatArray) -> FloatArray:
    """Logit attack probabilities of behavioural type ``k`` (softmax of its scores)."""
    behaviour = game.behaviour(k)
    if not isinstance(behaviour, Quantal | Suqr):
        raise ValueError(f"type {game.type_ids[k]!r} is rational: it has no attack distribution")
    alpha, beta = logit_scores(behaviour, game.attacker_covered[k], game.attacker_uncovered[k])
    score = alpha + beta * coverage
    weights = np.exp(score - np.max(score))
    return np.asarray(weights / np.sum(weights), dtype=np.float64)


def outcome(
    game: Game,
    coverage: FloatArray,
    mode: Mode = "scenario",
    *,
    tie: float | None = None,
    margin: float = 0.0,
) -> Outcome:
    """The outcome of ``coverage`` in ``mode``.

    ``tie`` is absolute, in attacker payoff units; by default 1e-9 x each
    type's own payoff range (:mod:`entente.model.scales`).
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    coverage = np.asarray(coverage, dtype=np.float64)
    ties = TIE * payoff_scales(game).attacker_scale if tie is None else [tie] * game.n_types
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    types = []
    for k in range(game.n_types):
        behaviour = game.behaviour(k)
        if mode == "scenario" and not isinstance(behaviour, Rational):
            q = attack_distribution(game, k, coverage)
            types.append(
                TypeOutcome(
                    behaviour.describe(),
                    q,
                    None,
                    float(q @ attacker[k]),
                    float(q @ defender[k]),
                )
            )
            continue
        if mode == "pessimistic":
            t, label = _worst_response(game, k, coverage, ties[k] + margin), "pessimistic"
        else:
            t, label = _best_response(attacker[k], defender[k], ties[k]), "rational"
        q = np.zeros(game.n_targets)
        q[t] = 1.0
        types.append(TypeOutcome(label, q, t, float(attacker[k, t]), float(defender[k, t])))
    priors = game.priors
    return Outcome(
        mode=mode,
        types=tuple(types),
        defender_utility=float(
            sum(p * o.defender_utility for p, o in zip(priors, types, strict=True))
        ),
        attacker_utility=float(
            sum(p * o.attacker_utility for p, o in zip(priors, types, strict=True))
        ),
    )


def evaluate_models(
    game: Game, coverage: FloatArray, *, margin: float = 0.0
) -> dict[Mode, Outcome]:
    """The outcome under every mode: as the scenario says, rational, pessimistic."""
    return {mode: outcome(game, coverage, mode, margin=margin) for mode in MODES}


def _best_response(attacker: FloatArray, defender: FloatArray, tie: float) -> int:
    tied = attacker >= np.max(attacker) - tie
    return int(np.argmax(np.where(tied, defender, -np.inf)))


def _worst_response(game: Game, k: int, coverage: FloatArray, slack: float) -> int:
    bounds = game.attacker_bounds
    if bounds is None:
        low = high = game.attacker_utility(coverage)[k]
    else:
        low, high = bounds.low(coverage)[k], bounds.high(coverage)[k]
    possible = high >= np.max(low) - slack
    defender = game.defender_utility(coverage)[k]
    return int(np.argmin(np.where(possible, defender, np.inf)))
