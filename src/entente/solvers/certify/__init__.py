"""The certificate: every plan re-checked without trusting the solver that made it.

- :mod:`~entente.solvers.certify.certificate`: :func:`certify` recomputes
  feasibility, the strategy, every type's response, the values and (where an
  independent answer is cheap) optimality, with tolerances in each player's
  own payoff units;
- :mod:`~entente.solvers.certify.deployments`: what a joint deployment may
  be, written against the game's resources (not the solvers' tables), and
  infeasibility claims re-derived;
- :mod:`~entente.solvers.certify.proof`: the evidence a plan carries for its
  bound (the Lagrangian :class:`DualProof` of GOSAQ, Yang, Ordóñez & Tambe,
  AAMAS 2012; the :class:`RobustClaim` of a maximin plan), re-checked by
  :mod:`~entente.solvers.certify._behaviour` and
  :mod:`~entente.solvers.certify._robust`.
"""

from entente.solvers.certify.certificate import Certificate, Check, certify, independent_value

__all__ = ["Certificate", "Check", "certify", "independent_value"]
