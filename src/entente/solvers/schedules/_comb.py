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

from entente.model import FloatArray, IntArray
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
    combs = {i: _Comb(pricer, i, x, samples) for i, x in marginals.items()}
    found: dict[Choice, None] = {}
    for k in range(samples):
        if expired(deadline):
            break
        placed = _Placed(pricer.n)
        picks = [
            combs[i].draw(k, placed) if i in combs else () for i in range(len(pricer.incidence))
        ]
        found[tuple(picks)] = None
    return list(found)


class _Placed:
    """The targets the units placed so far in one sample watch: a bit set, counts on demand."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.bits = 0
        self.members: list[IntArray] = []

    def add(self, bits: int, members: IntArray) -> None:
        self.bits |= bits
        self.members.append(members)

    def counts(self) -> IntArray:
        covered = np.zeros(self.n, dtype=np.intp)
        for members in self.members:
            covered[members] += 1
        return covered


class _Comb:
    """One resource's comb over its marginals: every sample's teeth found in one search."""

    def __init__(self, pricer: SlotPricer, i: int, x: FloatArray, samples: int) -> None:
        self.x = x
        self.samples = samples
        self.support = np.flatnonzero(x > _SUPPORT)
        self.incidence = pricer.incidence[i][self.support]
        self.members = pricer.members[i]
        self.used = np.zeros(len(self.support))
        self.position = np.full(len(x), -1, dtype=np.intp)
        self.position[self.support] = np.arange(len(self.support))
        self.bits: dict[int, int] = {}
        phis = [((k + 0.5) / samples + i * _GOLDEN) % 1.0 for k in range(samples)]
        self.hits = _comb(np.maximum(x, 0.0), int(pricer.units[i]), np.array(phis))

    def _bits(self, j: int) -> int:
        if j not in self.bits:
            self.bits[j] = sum(1 << int(t) for t in self.members[j])
        return self.bits[j]

    def draw(self, k: int, placed: _Placed) -> tuple[int, ...]:
        """Sample ``k``'s schedules, each unit moved off any target already watched."""
        chosen = []
        for j in self.hits[k]:
            if placed.bits & self._bits(j):
                need = self.x[self.support] - self.used / self.samples
                need[self.incidence @ placed.counts() > 0] = -np.inf
                best = int(np.argmax(need)) if len(need) else -1
                if best < 0 or not np.isfinite(need[best]):
                    continue  # nowhere to go without overlap: leave the unit idle
                j = int(self.support[best])
            if self.position[j] >= 0:
                self.used[self.position[j]] += 1
            placed.add(self._bits(j), self.members[j])
            chosen.append(j)
        return tuple(sorted(chosen))


def _comb(x: FloatArray, units: int, phis: FloatArray) -> list[list[int]]:
    """Per offset ``phi``: the schedules its teeth ``phi, phi + 1, ...`` hit on the cumsum."""
    if len(x) == 0:
        return [[] for _ in phis]
    edges = np.cumsum(x)
    teeth = phis[:, None] + np.arange(units)[None, :]
    hit = np.searchsorted(edges, teeth, side="right")
    inside = teeth < edges[-1] - 1e-12
    return [row[keep].tolist() for row, keep in zip(hit, inside, strict=True)]
