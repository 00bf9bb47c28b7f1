"""Schedules: patrol routes, restricted guards, static barriers and time slots.

The ASPEN family (Jain, Kardes, Kiekintveld, Ordóñez & Tambe, "Security
games with arbitrary schedules: a branch and price approach", AAAI 2010),
made exact by a cut-and-column loop
(:func:`~entente.solvers.schedules.column_generation.column_generation`):

- the outer master (:mod:`~entente.solvers.schedules._outer_master`, with the
  attack rows of :mod:`~entente.solvers.schedules._outer_attack`): a DOBSS MILP
  over static placements and attacked targets on an outer approximation of
  the implementable interdiction, whose dual bound is the upper bound;
- the restricted master (:mod:`~entente.solvers.schedules._restricted_master`):
  the LP of one proposal over the joint deployments found so far::

      max  sum_k p_k Ud(k, t_k, c)
      s.t. m_t = sum_{d in slot(t)} lam_d I_d(t),  sum_{d in slot s} lam_d = 1

- pricing (:mod:`~entente.solvers.schedules._pricing`, exact by the MILP of
  :mod:`~entente.solvers.schedules._pricing_milp`): the best joint deployment
  of a slot for the master's duals; each proof is a cut for the outer master
  (:mod:`~entente.solvers.schedules._columns`);
- the joint mixture (:mod:`~entente.solvers.schedules._joint_mixture`): the
  slots' mixtures coupled into one mixture over joint deployments.
"""

from entente.solvers.schedules.column_generation import column_generation

__all__ = ["column_generation"]
