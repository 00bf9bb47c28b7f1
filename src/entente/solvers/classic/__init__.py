"""The classic security game: coverage vectors, rational attackers, exact methods.

- ORIGAMI (:mod:`~entente.solvers.classic.origami`): Kiekintveld, Jain, Tsai,
  Pita, Ordóñez & Tambe, "Computing optimal randomized resource allocations
  for massive security games", AAMAS 2009, Algorithm 1, in closed form (one
  sort, prefix sums) for one type on a coverage box.
- Multiple LPs (:mod:`~entente.solvers.classic.multiple_lps`): Conitzer &
  Sandholm, "Computing the optimal strategy to commit to", EC 2006, one LP
  per response profile (:mod:`~entente.solvers.classic.profile_lp`) on
  coverage vectors::

      max  sum_k p_k Ud(k, t_k, c)
      s.t. Ua(k, t', c) <= Ua(k, t_k, c)   every k, t'
           lower <= c <= upper,  sum c <= B

- Brute force (:mod:`~entente.solvers.classic.brute_force`): the same LPs on
  the normal form (a mixture over every joint pure deployment), the test
  oracle for tiny games with schedules and static resources.
- The heuristic incumbent (:mod:`~entente.solvers.classic.incumbent`): each
  type's ORIGAMI coverage scored against all types, the starting point and
  fallback of the exact methods.
"""

from entente.solvers.classic.brute_force import brute_force
from entente.solvers.classic.multiple_lps import multiple_lps
from entente.solvers.classic.origami import origami

__all__ = ["brute_force", "multiple_lps", "origami"]
