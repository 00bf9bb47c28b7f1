"""Pricing: the best joint deployment of one slot's mobile units for given target weights.

Column generation (:mod:`entente.solvers.schedules.column_generation`) asks, for
weights ``w`` on the slot's targets, for the deployment maximising::

    h(w) = max_d  sum_t w_t I_d(t),    I_d(t) = 1 - prod_{units u covering t} (1 - e_u)

With overlapping routes and effectiveness below 1 this is a weighted
maximum-coverage problem (NP-hard). Heuristics run first: greedy by
marginal gain ``e_i sum_{t in j} w_t escape_t`` (Nemhauser, Wolsey &
Fisher 1978), then moves of one unit at a time (relocate, idle, add) until
none improves. The exact answer and its proof come from the MILP of
:mod:`entente.solvers.schedules._pricing_milp` on HiGHS, whose dual bound is a valid
upper bound on ``h(w)`` even when a time limit stops it, so cuts built
from it stay valid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from entente.model import FloatArray, Game, IntArray
from entente.model.pure_strategies import SlotOptions
from entente.solvers.lp.highs import INF, solve_linear
from entente.solvers.schedules._pricing_milp import Layout, RoutedInput, pricing_program
from entente.solvers.schedules._route_heuristic import greedy_tours
from entente.solvers.schedules._tour_budget import most_sites

__all__ = ["Choice", "PricingResult", "SlotPricer"]

Choice = tuple[tuple[int, ...], ...]
"""Per resource of the slot, the (sorted) schedule indices its active units take."""

_LOCAL_SEARCH_ROUNDS = 50


@dataclass(frozen=True)
class PricingResult:
    """A deployment, its weighted interdiction, and an upper bound on the best one."""

    choice: Choice
    value: float
    bound: float


class SlotPricer:
    """Pricing for one slot: incidence matrices built once, reused for every weight vector."""

    def __init__(self, game: Game, options: SlotOptions) -> None:
        self.options = options
        self.n = len(options.targets)
        self.local = {int(t): i for i, t in enumerate(options.targets)}
        self.effectiveness = np.array([game.resources[r].effectiveness for r in options.resources])
        self.units = np.array(options.units, dtype=np.intp)
        self.spaces = [game.resources[r].routes for r in options.resources]
        self.schedules = [list(schedules) for schedules in options.schedules]
        self._known = [{frozenset(s): j for j, s in enumerate(ss)} for ss in self.schedules]
        self.incidence: list[sp.csr_array] = []
        self.members: list[list[IntArray]] = []
        for i in range(len(self.schedules)):
            self.members.append([self._locals(s) for s in self.schedules[i]])
            self.incidence.append(self._incidence(i))
        self.transposed = [m.T.tocsr() for m in self.incidence]  # counts per target, fast
        self._longest: dict[int, int] = {}

    def _locals(self, schedule: tuple[int, ...]) -> IntArray:
        return np.array([self.local[t] for t in schedule], dtype=np.intp)

    def _incidence(self, i: int) -> sp.csr_array:
        members = self.members[i]
        rows = np.repeat(np.arange(len(members)), [len(m) for m in members])
        cols = np.concatenate(members) if members else np.zeros(0, dtype=np.intp)
        return sp.csr_array((np.ones(len(cols)), (rows, cols)), shape=(len(members), self.n))

    def longest(self, i: int, time_limit: float | None = None) -> int:
        """Most targets one unit of resource ``i`` may cover in this slot (a bound if routed).

        A routed bound is computed once per pricer, within ``time_limit``
        seconds at the first call, and reused by every later one.
        """
        space = self.spaces[i]
        if space is None:
            return max(len(s) for s in self.schedules[i])
        if i not in self._longest:
            self._longest[i] = most_sites(space, time_limit)
        return self._longest[i]

    def add_routes(self, i: int, routes: list[tuple[int, ...]]) -> list[int]:
        """Indices of ``routes`` (site positions of resource ``i``'s route space), added if new."""
        space = self.spaces[i]
        assert space is not None
        targets = space.slot_targets[self.options.slot]
        out, grown = [], False
        for route in routes:
            schedule = tuple(targets[p] for p in route)
            known = self._known[i].get(frozenset(schedule))
            if known is None:
                schedule = tuple(targets[p] for p in space.shortened(route))
                known = self._known[i][frozenset(schedule)] = len(self.schedules[i])
                self.schedules[i].append(schedule)
                self.members[i].append(self._locals(schedule))
                grown = True
            out.append(known)
        if grown:
            self.incidence[i] = self._incidence(i)
            self.transposed[i] = self.incidence[i].T.tocsr()
        return out

    # -- evaluation ---------------------------------------------------------

    def counts(self, choice: Choice) -> FloatArray:
        """Units of each resource covering each target: shape (resources, targets)."""
        out = np.zeros((len(self.incidence), self.n))
        for i, picked in enumerate(choice):
            if picked:
                out[i] = self.transposed[i] @ np.bincount(
                    np.asarray(picked, dtype=np.intp), minlength=self.incidence[i].shape[0]
                )
        return out

    def interdiction(self, choice: Choice) -> FloatArray:
        """Interdiction probability at each of the slot's targets under ``choice``."""
        escape = np.prod((1.0 - self.effectiveness)[:, None] ** self.counts(choice), axis=0)
        result: FloatArray = 1.0 - escape
        return result

    def empty(self) -> Choice:
        return tuple(() for _ in self.incidence)

    # -- heuristics ---------------------------------------------------------

    def heuristic(self, w: FloatArray) -> PricingResult:
        """Greedy by marginal gain, then one-unit moves while any improves (no bound).

        Resources with priced routes first get greedy tours for ``w`` among
        their schedules, so the search can pick them.
        """
        for i, space in enumerate(self.spaces):
            if space is not None:
                prizes = np.zeros(space.n_sites)
                for p, t in enumerate(space.slot_targets[self.options.slot]):
                    prizes[p] = max(float(w[self.local[t]]), 0.0)
                tours = greedy_tours(space, prizes, int(self.units[i]), self.effectiveness[i])
                self.add_routes(i, tours)
        return _Search(self, w).run()

    # -- exact --------------------------------------------------------------

    def exact(self, w: FloatArray, *, tolerance: float, time_limit: float | None) -> PricingResult:
        """The best deployment by MILP, with HiGHS's dual bound as the proof."""
        if not self.incidence or not np.any(w > 0):
            # nothing can gain: all idle is optimal (interdiction is never negative)
            return PricingResult(self.empty(), 0.0, 0.0)
        routed = self._routed(w)
        program, layout = pricing_program(
            [
                self._visits(i, routed[i]) if i in routed else a
                for i, a in enumerate(self.incidence)
            ],
            self.effectiveness,
            [int(u) for u in self.units],
            list(self.options.stacking),
            w,
            routed,
        )
        guess = self.heuristic(w)
        start = self._start(layout, guess.choice, routed)
        result = solve_linear(program, time_limit=time_limit, mip_abs_gap=tolerance, start=start)
        bound = INF if result.bound is None else float(result.bound)
        if result.x is not None:
            picked = list(layout.choice(result.x))
            for i, block in layout.tours.items():
                picked[i] = tuple(sorted(self.add_routes(i, block.routes(result.x))))
            choice = tuple(picked)
            value = float(w @ self.interdiction(choice))
            if value >= guess.value:
                return PricingResult(choice, value, max(bound, value))
        return PricingResult(guess.choice, guess.value, max(bound, guess.value))

    def _routed(self, w: FloatArray) -> dict[int, RoutedInput]:
        """Priced routes: candidate sites (within reach, positive weight) and their prizes."""
        out = {}
        for i, space in enumerate(self.spaces):
            if space is None:
                continue
            targets = space.slot_targets[self.options.slot]
            sites = tuple(p for p in space.reachable() if w[self.local[targets[p]]] > 0)
            prizes = np.array([w[self.local[targets[p]]] for p in sites], dtype=np.float64)
            out[i] = RoutedInput(space, sites, prizes)
        return out

    def _visits(self, i: int, routed: RoutedInput) -> sp.csr_array:
        """Rows ``u * P + k``: unit ``u`` watching candidate ``k`` covers its target."""
        targets = routed.space.slot_targets[self.options.slot]
        cols = np.array([self.local[targets[p]] for p in routed.sites], dtype=np.intp)
        cols = np.tile(cols, int(self.units[i]))
        rows = np.arange(len(cols))
        return sp.csr_array((np.ones(len(cols)), (rows, cols)), shape=(len(cols), self.n))

    def _start(self, layout: Layout, choice: Choice, routed: dict[int, RoutedInput]) -> FloatArray:
        """The MIP start of a heuristic deployment (priced routes cut to their candidates)."""
        kept = list(choice)
        routes: dict[int, list[list[int]]] = {}
        for i, entry in routed.items():
            position = entry.space.positions(self.options.slot)
            candidates = set(entry.sites)
            routes[i] = [
                [position[t] for t in self.schedules[i][j] if position[t] in candidates]
                for j in choice[i]
            ]
            kept[i] = ()
        x = layout.start(tuple(kept), np.zeros(self.n))
        for i, block in layout.tours.items():
            block.start(x, routes[i], routed[i].prizes)
        counts = self.counts(tuple(kept))
        for i, rs in routes.items():
            for route in rs:
                for p in route:
                    counts[i, self.local[routed[i].space.slot_targets[self.options.slot][p]]] += 1
        escape = np.prod((1.0 - self.effectiveness)[:, None] ** counts, axis=0)
        for t, column in layout.gains.items():
            x[column] = 1.0 - escape[t]
        return x


class _Search:
    """Greedy then local search for one weight vector, with escape tracked incrementally."""

    def __init__(self, pricer: SlotPricer, w: FloatArray) -> None:
        self.p, self.w = pricer, w
        self.soft = np.zeros(pricer.n)  # sum of log(1 - e) over covering units with e < 1
        self.hard = np.zeros(pricer.n, dtype=np.intp)  # covering units with e = 1
        self.counts = np.zeros((len(pricer.incidence), pricer.n), dtype=np.intp)
        self.picked: list[list[int]] = [[] for _ in pricer.incidence]

    def escape(self) -> FloatArray:
        result: FloatArray = np.exp(self.soft) * (self.hard == 0)
        return result

    def value(self) -> float:
        return float(self.w @ (1.0 - self.escape()))

    def move(self, i: int, j: int, sign: int) -> None:
        targets = self.p.members[i][j]
        e = self.p.effectiveness[i]
        if e >= 1.0:
            self.hard[targets] += sign
        elif e > 0.0:
            self.soft[targets] += sign * math.log1p(-e)
        self.counts[i, targets] += sign

    def gains(self, i: int) -> FloatArray:
        """Gain of sending one more unit of resource ``i`` on each of its schedules."""
        gain: FloatArray = self.p.effectiveness[i] * (
            self.p.incidence[i] @ (self.w * self.escape())
        )
        if not self.p.options.stacking[i]:  # a guard never joins another unit of its resource
            gain[(self.p.incidence[i] @ self.counts[i]) > 0] = -np.inf
        return gain

    def best_addition(self) -> tuple[float, int, int]:
        best, move = 1e-12, (-1, -1)
        for i in range(len(self.picked)):
            if len(self.picked[i]) >= self.p.units[i]:
                continue
            gain = self.gains(i)
            j = int(np.argmax(gain))
            if gain[j] > best:
                best, move = float(gain[j]), (i, j)
        return best, *move

    def improve(self) -> bool:
        """Move one unit elsewhere (or idle it), else add one, if that gains; True if done."""
        current = self.value()
        slack = 1e-12 * (1.0 + abs(current))
        for i, picked in enumerate(self.picked):
            for position, j in enumerate(picked):
                self.move(i, j, -1)
                without = self.value()
                gain = self.gains(i)
                k = int(np.argmax(gain))
                if without + max(gain[k], 0.0) > current + slack:
                    if gain[k] > 0:
                        picked[position] = k
                        self.move(i, k, +1)
                    else:
                        picked.pop(position)
                    return True
                self.move(i, j, +1)
        _, i, j = self.best_addition()
        if i >= 0:
            self.picked[i].append(j)
            self.move(i, j, +1)
            return True
        return False

    def run(self) -> PricingResult:
        while True:
            _, i, j = self.best_addition()
            if i < 0:
                break
            self.picked[i].append(j)
            self.move(i, j, +1)
        for _ in range(_LOCAL_SEARCH_ROUNDS):
            if not self.improve():
                break
        choice = tuple(tuple(sorted(p)) for p in self.picked)
        return PricingResult(choice, float(self.w @ self.p.interdiction(choice)), INF)
