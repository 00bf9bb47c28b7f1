"""The best plan of the branch-and-cut so far, and the local search that improves it.

Each response profile offered is priced by its LP (Conitzer & Sandholm
2006: the best coverage under which every type's response is a best
response); an improvement starts a local search over single-type moves.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import numpy as np

from entente.model import CoverageBox, FloatArray, Game
from entente.solvers.classic.profile_lp import solve_profile
from entente.solvers.lp.deadline import expired

__all__ = ["Evaluator", "Incumbent", "profile_value"]

NEIGHBOURS = 2
GRACE = 1.0

Evaluator = Callable[[Sequence[int]], "tuple[float, FloatArray] | None"]
"""A response profile's best value and coverage, or None if no coverage makes it a response."""


class Incumbent:
    """The best plan so far, improved by solving the LP of new response profiles.

    Each improvement is followed by a local search: one type at a time moves
    to one of the ``NEIGHBOURS`` targets that tempt it most at the new
    coverage (first improvement, repeated until none helps). With ``share``,
    every local search after the first stops once they have taken that
    share of the time since (after a first ``GRACE`` seconds), so that the
    search's bound keeps moving.
    """

    def __init__(
        self,
        game: Game,
        box: CoverageBox,
        start: tuple[list[int], float],
        deadline: float | None,
        evaluate: Evaluator | None = None,
        share: float | None = None,
    ) -> None:
        self.game, self.box, self.deadline = game, box, deadline
        self._evaluate = evaluate or partial(profile_value, game, box)
        self._share, self._born, self._spent = None, time.perf_counter(), 0.0
        self._busy_since, self._depth = self._born, 0
        profile, value = start
        self.profile, self.value = profile, value
        self._coverage: FloatArray | None = None
        self._tried: set[tuple[int, ...]] = set()
        self.improvements = 0
        self.offer(profile)  # the start's own profile LP may do better than the start
        # the first local search runs to its end (the deadline aside): it gains the most
        self._share, self._born, self._spent = share, time.perf_counter(), 0.0

    def offer(self, profile: Sequence[int]) -> None:
        """Try ``profile``; on improvement, search its neighbourhood."""
        with self.working():
            if self._improves(profile):
                while self.may_search() and self._improves_a_neighbour():
                    pass

    def settle(self, profile: Sequence[int], value: float) -> bool:
        """Whether the plan is now worth ``value``, after ``profile``'s LP built from
        scratch if needed (the warm one may have called it infeasible)."""
        if self.value < value:
            found = profile_value(self.game, self.box, profile)
            if found is not None and found[0] > self.value:
                self.value, self.profile, self._coverage = found[0], list(profile), found[1]
                self.improvements += 1
        return self.value >= value

    @contextmanager
    def working(self) -> Iterator[None]:
        """Count the time spent inside against the incumbent's share."""
        if self._depth == 0:
            self._busy_since = time.perf_counter()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._spent += time.perf_counter() - self._busy_since

    def may_search(self) -> bool:
        """Whether there is time (and, under ``share``, budget) for more local search."""
        if expired(self.deadline):
            return False
        if self._share is None:
            return True
        now = time.perf_counter()
        spent = self._spent + (now - self._busy_since if self._depth else 0.0)
        return spent <= GRACE + self._share * (now - self._born)

    def _improves(self, profile: Sequence[int]) -> bool:
        key = tuple(int(t) for t in profile)
        if key in self._tried:
            return False
        self._tried.add(key)
        found = self._evaluate(key)
        if found is None or found[0] <= self.value:
            return False
        self.value, self.profile, self._coverage = found[0], list(key), found[1]
        self.improvements += 1
        return True

    def _improves_a_neighbour(self) -> bool:
        assert self._coverage is not None  # set by the improvement that led here
        coverage = np.clip(self._coverage, self.box.lower, self.box.upper)
        tempting = np.argsort(-self.game.attacker_utility(coverage), axis=1)
        base = list(self.profile)
        for k in range(self.game.n_types):
            for t in tempting[k, : NEIGHBOURS + 1]:
                if not self.may_search():
                    return False
                if t != base[k] and self._improves([*base[:k], int(t), *base[k + 1 :]]):
                    return True
        return False


def profile_value(
    game: Game, box: CoverageBox, profile: Sequence[int]
) -> tuple[float, FloatArray] | None:
    """The profile's LP built and solved from scratch."""
    result = solve_profile(game, box, profile)
    if result.status != "optimal" or result.objective is None or result.x is None:
        return None
    return result.objective, result.x
