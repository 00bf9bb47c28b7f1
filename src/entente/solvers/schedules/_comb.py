"""Deployments sampled from the outer master's marginals, to start the restricted master.

Systematic ("comb") sampling: unit ``u`` of resource ``i`` takes the
schedule whose interval on the cumulative marginals ``x[i, .]`` holds
``u + phi``; over offsets ``phi`` spread on ``[0, 1)`` each schedule is
taken ``x[i, j]`` times on average. Where two sampled units cover a
target together the union bound of the relaxation is lost, so each such
unit is moved to a schedule of the marginals' support that overlaps no
unit placed so far, the one sampled least often so far relative to its
marginal (keeping the samples' average near ``x``). When the relaxation
is tight its optimal mixture uses exactly such overlap-free deployments
of the support (complementary slackness), so the restricted master
starts next to the relaxation's optimum.
"""

from __future__ import annotations

import numpy as np

from entente.model import FloatArray
from entente.solvers.lp.deadline import Deadline, expired
from entente.solvers.schedules._pricing import Choice, SlotPricer

__all__ = ["comb_choices"]

_GOLDEN = 0.6180339887498949
"""Offset shift between resources, so that their combs do not line up."""

_SUPPORT = 1e-9
"""Marginals below this are outside the support."""


def comb_choices(
    pricer: SlotPricer,
    marginals: dict[int, FloatArray],
    samples: int,
    deadline: Deadline = None,
) -> list[Choice]:
    """Up to ``samples`` distinct deployments from per-resource schedule marginals.

    ``marginals[i]`` are resource ``i``'s ``x`` over its schedules; resources
    missing from it (priced routes, no effect) stay idle. Fewer if
    ``deadline`` passes.
    """
    support = {i: np.flatnonzero(x > _SUPPORT) for i, x in marginals.items()}
    incidence = {i: pricer.incidence[i][s] for i, s in support.items()}
    used = {i: np.zeros(len(s)) for i, s in support.items()}
    found: dict[Choice, None] = {}
    for k in range(samples):
        if expired(deadline):
            break
        covered = np.zeros(pricer.n, dtype=np.intp)
        picks: list[tuple[int, ...]] = []
        for i in range(len(pricer.incidence)):
            x = marginals.get(i)
            if x is None:
                picks.append(())
                continue
            phi = ((k + 0.5) / samples + i * _GOLDEN) % 1.0
            chosen = []
            for j in _comb(np.maximum(x, 0.0), int(pricer.units[i]), phi):
                members = pricer.members[i][j]
                if np.any(covered[members]):
                    need = x[support[i]] - used[i] / samples
                    need[incidence[i] @ covered > 0] = -np.inf
                    best = int(np.argmax(need)) if len(need) else -1
                    if best < 0 or not np.isfinite(need[best]):
                        continue  # nowhere to go without overlap: leave the unit idle
                    j = int(support[i][best])
                    members = pricer.members[i][j]
                position = np.searchsorted(support[i], j)
                if position < len(support[i]) and support[i][position] == j:
                    used[i][position] += 1
                covered[members] += 1
                chosen.append(j)
            picks.append(tuple(sorted(chosen)))
        found[tuple(picks)] = None
    return list(found)


def _comb(x: FloatArray, units: int, phi: float) -> list[int]:
    """Schedules hit by the teeth ``phi, phi + 1, ...`` on the cumulative marginals."""
    if len(x) == 0:
        return []
    edges = np.cumsum(x)
    teeth = phi + np.arange(units)
    teeth = teeth[teeth < edges[-1] - 1e-12]
    return [int(j) for j in np.searchsorted(edges, teeth, side="right")]
