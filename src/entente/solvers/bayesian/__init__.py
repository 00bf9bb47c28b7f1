"""Bayesian games: several attacker types, one compact MILP (the DOBSS/ERASER family).

Paruchuri et al., "Playing games for security: an efficient exact algorithm
for solving Bayesian Stackelberg games", AAMAS 2008 (DOBSS), on coverage
vectors as in Kiekintveld et al., AAMAS 2009 (ERASER): a binary ``q[k, t]``
per type and candidate target says which target type ``k`` attacks.
:func:`~entente.solvers.bayesian.milp.milp` solves it five ways:

- ``naive`` and ``tight`` big-M forms (:mod:`~entente.solvers.bayesian._bigm`),
  every M derived from the payoff ranges (``tight``: from ORIGAMI's levels);
- the perspective form (:mod:`~entente.solvers.bayesian._perspective`:
  ``w[k, t] = c_t q[k, t]``, no big-M; Casorrán, Fortz, Labbé & Ordóñez,
  EJOR 2019) with the hull cuts of :mod:`~entente.solvers.bayesian._hull_cuts`
  at its root, branched on by HiGHS;
- our best-first branch-and-cut over the types' responses
  (:mod:`~entente.solvers.bayesian._branch_and_cut`, after HUNTER: Yin &
  Tambe, AAMAS 2012), hull cuts at every node;
- ``hunter``: that search tuned for many types (diving for plans, profile
  LPs kept warm in :mod:`~entente.solvers.bayesian._profile_session`).
"""

from entente.solvers.bayesian.milp import FORMULATIONS, milp

__all__ = ["FORMULATIONS", "milp"]
