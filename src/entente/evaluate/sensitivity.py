"""How a plan's value moves with the priors and with quantal lambda.

For a fixed coverage ``c`` the value is ``V = sum_k p_k V_k`` with ``V_k`` each
type's expected defender utility (:func:`entente.model.outcome`).

- Priors: moving probability ``e`` onto type ``k``, the others scaled down
  in proportion, gives ``dV/de = V_k - sum_{j != k} p_j V_j / (1 - p_k)``.
- Quantal lambda: with ``q_t ∝ exp(lambda Ua_t)``, ``dq_t / dlambda = q_t (Ua_t
  - sum_s q_s Ua_s)``, so ``dV_k / dlambda = Cov_q(Ua, Ud)``; the value is
  also reported exactly at lambda x 0.5 and x 2.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from entente.model import FloatArray, Game, Quantal
from entente.model.outcome import attack_distribution, outcome

__all__ = ["LambdaSensitivity", "PriorSensitivity", "Sensitivity", "sensitivity"]


@dataclass(frozen=True)
class PriorSensitivity:
    type_id: str
    prior: float
    type_value: float
    derivative: float


@dataclass(frozen=True)
class LambdaSensitivity:
    type_id: str
    lam: float
    derivative: float
    value_half: float
    value_double: float


@dataclass(frozen=True)
class Sensitivity:
    value: float
    priors: tuple[PriorSensitivity, ...]
    lambdas: tuple[LambdaSensitivity, ...]


def sensitivity(game: Game, coverage: FloatArray) -> Sensitivity:
    """Derivatives of the scenario-mode value of ``coverage``."""
    base = outcome(game, coverage, "scenario")
    values = np.array([o.defender_utility for o in base.types])
    priors = []
    for k in range(game.n_types):
        p = float(game.priors[k])
        others = float(np.dot(game.priors, values) - p * values[k])
        derivative = float(values[k] - others / (1 - p)) if p < 1 else 0.0
        priors.append(PriorSensitivity(game.type_ids[k], p, float(values[k]), derivative))
    lambdas = []
    for k in range(game.n_types):
        behaviour = game.behaviour(k)
        if not isinstance(behaviour, Quantal):
            continue
        q = attack_distribution(game, k, coverage)
        ua, ud = game.attacker_utility(coverage)[k], game.defender_utility(coverage)[k]
        covariance = float(q @ (ua * ud) - (q @ ua) * (q @ ud))
        scaled = [_with_lambda(game, k, behaviour.lam * f, coverage) for f in (0.5, 2.0)]
        lambdas.append(
            LambdaSensitivity(
                game.type_ids[k],
                behaviour.lam,
                float(game.priors[k]) * covariance,
                scaled[0],
                scaled[1],
            )
        )
    return Sensitivity(base.defender_utility, tuple(priors), tuple(lambdas))


def _with_lambda(game: Game, k: int, lam: float, coverage: FloatArray) -> float:
    behaviours = list(game.behaviours)
    behaviours[k] = Quantal(lam=lam)
    changed = dataclasses.replace(game, behaviours=tuple(behaviours))
    return outcome(changed, coverage, "scenario").defender_utility
