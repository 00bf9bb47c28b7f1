"""How an attacker type chooses its target: rational, quantal response, SUQR.

Definitions (the scenario file's ``behaviour:`` mapping; README, "Behaviour
models"):

``rational``
    best response: the type attacks a target maximising its utility
    ``U_a(t) = c_t Ua_c[t] + (1 - c_t) Ua_u[t]``; ties are broken in the
    defender's favour (strong Stackelberg equilibrium), or against it when a
    plan is valued pessimistically.
``quantal`` (McKelvey & Palfrey 1995; Yang, Ordóñez & Tambe, AAMAS 2012)
    the type attacks target ``t`` with probability proportional to
    ``exp(lambda * U_a(t))``; ``lambda >= 0`` is in 1 / payoff units
    (0: uniformly at random; large: close to rational).
``suqr`` (Nguyen, Yang, Azaria, Kraus & Tambe, AAAI 2013)
    probability proportional to ``exp(w_coverage c_t + w_reward R_t +
    w_penalty P_t)`` with ``R_t = Ua_u[t]`` and ``P_t = Ua_c[t]`` as signed
    numbers (typically ``w_coverage < 0``, ``w_reward > 0``, ``w_penalty > 0``).

Both behavioural models are logit responses whose score is linear in the
target's own coverage: ``score_t(c) = alpha_t + beta_t c_t`` with

    quantal:  alpha = lambda Ua_u,                  beta = -lambda (Ua_u - Ua_c)
    suqr:     alpha = w_reward Ua_u + w_penalty Ua_c,  beta = w_coverage

which is all the solvers and evaluators need (:func:`logit_scores`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from entente.model.game import FloatArray

__all__ = [
    "Behaviour",
    "BehaviourKind",
    "Quantal",
    "Rational",
    "Suqr",
    "logit_scores",
]

BehaviourKind = Literal["rational", "quantal", "suqr"]


@dataclass(frozen=True)
class Rational:
    """Best response; ties broken for the defender (or against it, pessimistically)."""

    model: Literal["rational"] = "rational"

    def describe(self) -> str:
        return "rational"


@dataclass(frozen=True)
class Quantal:
    """Quantal response: ``P(t) ∝ exp(lam * U_a(t))``."""

    lam: float
    model: Literal["quantal"] = "quantal"

    def describe(self) -> str:
        return f"quantal (lambda {self.lam:g})"


@dataclass(frozen=True)
class Suqr:
    """Subjective utility quantal response: ``P(t) ∝ exp(w_c c_t + w_r R_t + w_p P_t)``."""

    coverage: float
    reward: float
    penalty: float
    model: Literal["suqr"] = "suqr"

    def describe(self) -> str:
        return (
            f"suqr (coverage {self.coverage:g}, reward {self.reward:g}, penalty {self.penalty:g})"
        )


Behaviour = Rational | Quantal | Suqr


def logit_scores(
    behaviour: Quantal | Suqr, attacker_covered: FloatArray, attacker_uncovered: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``(alpha, beta)`` with ``score_t(c) = alpha_t + beta_t c_t`` for one type."""
    if isinstance(behaviour, Quantal):
        alpha = behaviour.lam * attacker_uncovered
        beta = -behaviour.lam * (attacker_uncovered - attacker_covered)
        return alpha, beta
    alpha = behaviour.reward * attacker_uncovered + behaviour.penalty * attacker_covered
    beta = np.full_like(alpha, behaviour.coverage)
    return alpha, beta
