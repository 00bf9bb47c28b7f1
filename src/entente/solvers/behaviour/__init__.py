"""Boundedly rational attackers: quantal response and SUQR, with proven bounds.

Yang, Ordóñez & Tambe, "Computing optimal strategy against quantal response
in security games", AAMAS 2012. Against a logit type the defender's value is
the ratio ``F(c) = sum_t w_t Ud_t(c_t) / sum_t w_t``,
``w_t = exp(alpha_t + beta_t c_t)``; ``F(c) >= r`` iff
``sum_t w_t (Ud_t(c_t) - r) >= 0``.

- GOSAQ (:mod:`~entente.solvers.behaviour.gosaq`): one type, the check above
  solved globally through its one-multiplier Lagrangian dual
  (:mod:`~entente.solvers.behaviour._logit_dual`), Dinkelbach steps on ``r``,
  the bound carried as a :class:`~entente.solvers.certify.proof.DualProof`.
- PASAQ (:mod:`~entente.solvers.behaviour.pasaq`): mixtures of logit and
  rational types, branch-and-bound over the logit types' levels with sound
  piecewise-linear over-estimators (:mod:`~entente.solvers.behaviour._pwl`)
  inside a MILP with DOBSS rows for the rational types.
"""

from entente.solvers.behaviour.gosaq import gosaq
from entente.solvers.behaviour.pasaq import pasaq

__all__ = ["gosaq", "pasaq"]
