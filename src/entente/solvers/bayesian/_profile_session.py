"""The LP of a response profile, kept alive in HiGHS and switched type by type.

A search's incumbent heuristic solves the LP of many response profiles
(Conitzer & Sandholm 2006: each type ``k`` attacks ``t_k``, find the best
coverage under which every ``t_k`` is a best response), and neighbouring
profiles differ in one type. Building each LP from scratch
(:func:`~entente.solvers.classic.profile_lp.solve_profile`) costs ~20 ms at
50 targets and 20 types, and took over half of the branch-and-cut's time.
Here one LP over ``c`` and the types' values ``a`` holds the rows that do
not depend on the profile::

    a_k + D[k, s] c_s >= Ua_u[k, s]           no target tempts type k above a_k
    sum_t c_t <= B,  lower <= c <= upper,  a_k >= v*_k

and one row per type that does, ``a_k + D[k, t_k] c_{t_k} <= Ua_u[k, t_k]``
(``t_k`` is worth ``a_k``: a best response). Changing ``t_k`` changes two
entries and a bound of that row and the costs of ``c``; HiGHS re-solves from
the last basis (an "infeasible" from it is believed: a missed plan costs
the heuristic nothing). Rows that cannot bind above ORIGAMI's level
``v*_k`` (``Ua(k, s, lower_s) <= v*_k``) are left out, as in the
perspective formulation, and a profile in which a type attacks such a
target is infeasible without an LP.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from entente.model import CoverageBox, FloatArray, Game
from entente.solvers.bayesian._perspective import type_levels
from entente.solvers.lp.deadline import Deadline, remaining
from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.rows import Row, program_from_rows
from entente.solvers.lp.session import LPSession, LPTimeLimit

__all__ = ["ProfileSession"]


class ProfileSession:
    """``evaluate(profile)``: the profile's best value and coverage, or None if infeasible."""

    def __init__(
        self, game: Game, box: CoverageBox, profile: Sequence[int], deadline: Deadline = None
    ) -> None:
        self.game, self._deadline = game, deadline
        n, n_types = game.n_targets, game.n_types
        self._delta = game.attacker_uncovered - game.attacker_covered
        self._gain = game.defender_covered - game.defender_uncovered
        levels = type_levels(game, box)
        reach = game.attacker_uncovered - self._delta * box.lower
        rows: list[Row] = [(list(range(n)), [1.0] * n, -INF, box.budget)]
        self._profile = [int(t) for t in profile]
        self._first = len(rows)
        for k, t in enumerate(self._profile):
            rows.append(
                (
                    [n + k, t],
                    [1.0, float(self._delta[k, t])],
                    -INF,
                    float(game.attacker_uncovered[k, t]),
                )
            )
        for k, s in zip(*np.nonzero(reach > levels[:, None]), strict=True):
            rows.append(
                (
                    [n + int(k), int(s)],
                    [1.0, float(self._delta[k, s])],
                    float(game.attacker_uncovered[k, s]),
                    INF,
                )
            )
        program: LinearProgram = program_from_rows(
            rows,
            np.zeros(n + n_types),
            np.concatenate([box.lower, levels]),
            np.concatenate([box.upper, np.full(n_types, INF)]),
            np.zeros(n + n_types, dtype=bool),
        )
        self._session = LPSession(program, confirm=False)  # a missed plan costs nothing
        self._possible = reach > levels[:, None]  # the targets each type may attack

    def evaluate(self, profile: Sequence[int]) -> tuple[float, FloatArray] | None:
        """The defender's best value under ``profile`` and the coverage giving it
        (None also when the deadline passes first)."""
        game, n = self.game, self.game.n_targets
        if not all(self._possible[k, t] for k, t in enumerate(profile)):
            return None  # some type would attack a target it never prefers
        for k, (old, new) in enumerate(zip(self._profile, profile, strict=True)):
            if old == new:
                continue
            row = self._first + k
            self._session.set_coefficient(row, old, 0.0)
            self._session.set_coefficient(row, new, float(self._delta[k, new]))
            self._session.set_row_bounds(row, -INF, float(game.attacker_uncovered[k, new]))
            self._profile[k] = int(new)
        attacked = np.asarray(self._profile)
        types = np.arange(game.n_types)
        cost = np.zeros(n)
        np.add.at(cost, attacked, game.priors * self._gain[types, attacked])
        self._session.set_costs(np.arange(n, dtype=np.int32), cost)
        try:
            solution = self._session.solve(remaining(self._deadline, 0.01))
        except LPTimeLimit:
            return None
        if solution is None:
            return None
        constant = float(np.dot(game.priors, game.defender_uncovered[types, attacked]))
        return solution.objective + constant, solution.x[:n]
