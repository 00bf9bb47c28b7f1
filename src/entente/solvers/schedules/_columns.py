"""The columns and cuts column generation accumulates, shared by every master it solves.

Columns are joint pure deployments of one slot's mobile units (a
:data:`~entente.solvers.schedules._pricing.Choice` and its interdiction vector over
the slot's targets). Cuts are valid inequalities of the mobile
interdiction polytope ``M_s`` of a slot::

    sum_{t in slot s} w_t m_t <= h_s(w)       for every m in M_s

where ``h_s(w)`` is an upper bound on the pricing value (the pricing MILP's
dual bound). Every exact pricing call yields one; they hold whatever the
static placement or attacked targets, so the outer master
(:mod:`entente.solvers.schedules._outer_master`) keeps all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from entente.model import FloatArray, Game
from entente.model.pure_strategies import SlotOptions, slot_options
from entente.solvers.lp.deadline import Deadline, remaining
from entente.solvers.schedules._pricing import Choice, PricingResult, SlotPricer

__all__ = ["ColumnPool", "Cut"]


@dataclass(frozen=True)
class Cut:
    """``w @ m[slot targets] <= bound``, valid for every implementable mobile coverage."""

    slot: int
    w: FloatArray
    bound: float


@dataclass(eq=False)
class ColumnPool:
    """Per slot: the deployments found so far; and the cuts proven so far."""

    game: Game
    options: tuple[SlotOptions, ...] = field(init=False)
    pricers: list[SlotPricer] = field(init=False)
    choices: list[list[Choice]] = field(init=False)
    vectors: list[list[FloatArray]] = field(init=False)
    cuts: list[Cut] = field(default_factory=list)
    pricing_calls: int = 0
    exact_calls: int = 0
    _keys: list[dict[Choice, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.options = slot_options(self.game)
        self.pricers = [SlotPricer(self.game, o) for o in self.options]
        self.choices = [[] for _ in self.options]
        self.vectors = [[] for _ in self.options]
        self._keys = [{} for _ in self.options]
        for s, pricer in enumerate(self.pricers):
            self.add(s, pricer.empty())
            everything = pricer.heuristic(np.ones(pricer.n))  # most total interdiction
            self.add(s, everything.choice)

    @property
    def n_slots(self) -> int:
        return len(self.options)

    def add(self, slot: int, choice: Choice) -> tuple[int, bool]:
        """Index of ``choice`` in the slot's pool, and whether it is new."""
        known = self._keys[slot].get(choice)
        if known is not None:
            return known, False
        self._keys[slot][choice] = len(self.choices[slot])
        self.choices[slot].append(choice)
        self.vectors[slot].append(self.pricers[slot].interdiction(choice))
        return len(self.choices[slot]) - 1, True

    def heuristic(self, slot: int, w: FloatArray) -> PricingResult:
        self.pricing_calls += 1
        return self.pricers[slot].heuristic(w)

    def exact(
        self, slot: int, w: FloatArray, *, tolerance: float, time_limit: float | None
    ) -> PricingResult:
        """Exact pricing; records the cut it proves."""
        self.pricing_calls += 1
        self.exact_calls += 1
        result = self.pricers[slot].exact(w, tolerance=tolerance, time_limit=time_limit)
        if np.isfinite(result.bound):
            self.cuts.append(Cut(slot, np.array(w, dtype=np.float64), float(result.bound)))
        return result

    def union_bound_cuts(self, deadline: Deadline = None) -> None:
        """Per slot, ``sum_t m_t <= sum over units of e x (longest schedule)``.

        Valid because ``1 - prod (1 - e_u) <= sum e_u`` (the union bound):
        each unit adds at most ``e`` to each target it covers.
        A priced route watches at most the sites of its tour budget, a bound
        found by a small MILP that keeps to ``deadline``.
        """
        for s, pricer in enumerate(self.pricers):
            most = sum(
                units * e * pricer.longest(i, remaining(deadline, 0.01))
                for i, (units, e) in enumerate(zip(pricer.units, pricer.effectiveness, strict=True))
            )
            self.cuts.append(Cut(s, np.ones(pricer.n), float(most)))

    def size(self) -> int:
        return sum(len(c) for c in self.choices)
