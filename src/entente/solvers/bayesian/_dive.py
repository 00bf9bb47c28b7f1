"""A diving heuristic: round a node's LP one type at a time, re-solving in between.

The incumbent of a best-first search otherwise comes from the responses
read off each node's LP (rounding all at once) and a local search around
them; at 20 or more types that plan often stays far below what the LP
promises. Diving (as MIP solvers do) fixes the type whose largest ``q`` is
most decided to that target, re-solves the LP so the other types adapt to
the new coverage, and repeats until every type's response is integral: a
plan that respects how the types' responses interact. The session's
column bounds are left as the dive leaves them: the search sets every
``q``'s bounds before each node.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from entente.model import CoverageBox, Game
from entente.solvers._responses import sse_responses
from entente.solvers.bayesian._perspective import PerspectiveLayout
from entente.solvers.lp.deadline import Deadline, expired, remaining
from entente.solvers.lp.session import LPSession, LPSolution, LPTimeLimit

__all__ = ["dive"]

DECIDED = 1.0 - 1e-6


def dive(
    game: Game,
    box: CoverageBox,
    session: LPSession,
    layout: PerspectiveLayout,
    start: tuple[LPSolution, npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    offer: Callable[[Sequence[int]], None],
    deadline: Deadline,
) -> None:
    """From a node's LP ``solution`` under its ``allowed``/``forced`` ``q``, dive to a
    plan, offering every profile met on the way."""
    solution, allowed, forced = start
    allowed, forced = allowed.copy(), forced.copy()
    columns = layout.q.astype(np.int32)
    while not expired(deadline):
        q = solution.x[layout.q]
        undecided = np.zeros(game.n_types, dtype=bool)
        undecided[layout.owner[(q > 1e-6) & (q < DECIDED)]] = True
        if not undecided.any():
            break
        # the undecided type whose strongest response is the most decided
        strength = np.where(undecided[layout.owner], q, -1.0)
        j = int(np.argmax(strength))
        allowed &= layout.owner != layout.owner[j]
        allowed[j] = forced[j] = True
        session.set_bounds(columns, forced.astype(float), allowed.astype(float))
        try:
            found = session.solve(remaining(deadline, 0.01))
        except LPTimeLimit:
            return
        if found is None:
            return
        solution = found
        coverage = np.clip(solution.x[: layout.n], box.lower, box.upper)
        offer(sse_responses(game, coverage, 1e-9 * game.payoff_scale()))
    offer(layout.profile(solution.x))
