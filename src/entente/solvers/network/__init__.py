"""Checkpoint games on road networks: double oracle, brute force and the certificate.

The attacker picks a source, a target and a path; the defender places
checkpoints on edges. Solved as in the literature on network security
games, all without CPLEX, and certified:

- Jain, Korzhyk, Vaněk, Conitzer, Pěchouček, Tambe (2011), *A double
  oracle algorithm for zero-sum security games on graphs* (RUGGED), AAMAS:
  the double oracle, both oracles MILPs.
- Jain, Conitzer, Tambe (2013), *Security scheduling for real-world
  networks* (SNARES), AAMAS: min-cut warm starts and greedy better
  responses that reach the Mumbai road network.
- Iwashita, Ohori, Anai, Iwasaki (2016), *Simplifying urban network
  security games with cut-based graph contraction* (MiCANS), AAMAS: the
  graph contracted to what checkpoints can separate; here the exact
  attacker oracle contracts the graph to the edges the mixture holds, and
  a cut-based marginal relaxation of the whole graph (an LP over edge
  marginals and shortest-path potentials) gives the upper bound and, by
  comb sampling of its marginals, the allocations the double oracle starts
  from (``_relaxation``).
"""

from entente.solvers.network.brute_force import network_brute_force
from entente.solvers.network.certify import (
    best_escape_search,
    checkpoint_coverage,
    network_checks,
)
from entente.solvers.network.double_oracle import double_oracle, zero_sum_equivalent

__all__ = [
    "best_escape_search",
    "checkpoint_coverage",
    "double_oracle",
    "network_brute_force",
    "network_checks",
    "zero_sum_equivalent",
]
