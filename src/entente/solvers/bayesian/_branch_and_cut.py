"""Best-first branch-and-cut over the attacker types' responses.

In the spirit of HUNTER (Yin & Tambe, "A unified method for handling
discrete and continuous uncertainty in Bayesian Stackelberg games", AAMAS
2012): best-first search over the followers' responses, each node bounded
by the relaxation in which every type's choice is convexified on its own.
Here that bound is the LP of the perspective formulation
(:mod:`entente.solvers.bayesian._perspective`) strengthened at every node by the
hull cuts of :mod:`entente.solvers.bayesian._hull_cuts` (HUNTER reaches the same
per-type convex hull by Benders decomposition); the cuts are valid
everywhere, so each one found serves the whole tree. A general MILP solver
adds them once at the root only, then branches on a weaker relaxation.

A node fixes some ``q[k, t]`` to 0 or 1 (LP column bounds). Processing a
node: solve its LP by the dual simplex from its parent's final basis (a few
dozen iterations; the previous node's basis, from elsewhere in the tree,
took twice as many), stopped as soon as its bound falls to the incumbent
(HiGHS's objective cutoff), add cuts while they help,
prune if the bound cannot beat the incumbent by more than ``gap``, try the
responses read off the LP solution as a plan (profile LP, Conitzer &
Sandholm 2006; an improvement starts a local search over single-type
moves), fix to 0 the ``q`` whose reduced cost proves they cannot pay
(valid in the node's subtree), then branch on a fractional ``q[k, t]``: one
child where type ``k`` attacks ``t``, one where it does not. The choice is
the largest ``p_k min(q, 1 - q)``, or in the lean search reliability
branching (:mod:`entente.solvers.bayesian._branching`: strong branching,
then pseudocosts), which at 20 types proves optimality in 1.4-3.9 times
fewer nodes. Integral nodes are plans. The bound of the search is
the largest bound of the open nodes.

``lean`` (formulation ``hunter``) is the search for 16 types and more,
where the incumbent work above took over half the time (profiled at 20
types: ~1,000 profile LPs built from scratch at 20 ms each) while the
plans it found stayed far below the bound: profile LPs are re-solved warm
in one :class:`~entente.solvers.bayesian._profile_session.ProfileSession`,
local searches after the first stop at ``LEAN_SHARE`` of the time, plans come
from diving (:mod:`entente.solvers.bayesian._dive`) at the root and every
``DIVE_EVERY`` nodes, and a node adds at most ``LEAN_ROUNDS`` rounds of cuts.
Once the plan has not improved for ``STALE_NODES`` nodes, only every
``STALE_OFFER_EVERY``-th node offers its responses and dives are
``STALE_SLOWDOWN`` times rarer: by then the bound is the whole gap.

Measured (``bench/bayesian.py``): at 50 targets and 10 types the same
search with root cuts only, run by HiGHS (formulation ``perspective``),
needs about twice the time, and other branching rules (most fractional,
by type, pseudo-costs) and depth-first plunging took as many or more nodes.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from entente._exceptions import SolverError
from entente.model import CoverageBox, Game, IntArray
from entente.solvers._responses import sse_responses
from entente.solvers.bayesian._branching import (
    RELIABILITY,
    Branch,
    Brancher,
    child_bounds,
    most_fractional,
)
from entente.solvers.bayesian._dive import dive
from entente.solvers.bayesian._hull_cuts import ROOT_ROUNDS, tighten
from entente.solvers.bayesian._incumbent import Incumbent
from entente.solvers.bayesian._perspective import PerspectiveLayout, perspective_program
from entente.solvers.bayesian._profile_session import ProfileSession
from entente.solvers.lp.deadline import expired, remaining
from entente.solvers.lp.session import Basis, LPSession, LPSolution, LPTimeLimit

__all__ = ["SearchOutcome", "branch_and_cut"]

NODE_ROUNDS = 10
LEAN_SHARE = 0.3
DIVE_EVERY = 25
LEAN_ROUNDS = 3
STALE_NODES = 100
STALE_OFFER_EVERY = 10
STALE_SLOWDOWN = 4
INTEGRAL = 1e-6

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SearchOutcome:
    """The best response profile found, its value, the proven bound, the work done."""

    profile: list[int]
    value: float
    bound: float
    finished: bool
    nodes: int
    cuts: int


@dataclass(frozen=True)
class _Node:
    bound: float
    allowed: BoolArray  # q[j] may be 1
    forced: BoolArray  # q[j] is 1
    basis: Basis | None = None  # the parent's final basis, to start from
    origin: tuple[int, bool, float, float] | None = None  # q[j], up, parent's LP, q's move


def branch_and_cut(
    game: Game,
    box: CoverageBox,
    candidates: Sequence[IntArray],
    start: tuple[list[int], float],
    *,
    gap: float,
    deadline: float | None,
    node_limit: int | None = None,
    lean: bool = False,
    reliability: int = RELIABILITY,
) -> SearchOutcome:
    """Search until the bound is within ``gap`` of the best plan, or until
    ``deadline`` (a ``time.perf_counter()`` value) or ``node_limit`` nodes.

    ``lean``: profiles are evaluated in one warm-started LP
    (:class:`~entente.solvers.bayesian._profile_session.ProfileSession`) and
    the local search keeps to ``LEAN_SHARE`` of the time and the branching is
    reliability branching, a candidate trusted to its pseudocosts once strong
    branching has measured it ``reliability`` times each way (the ``hunter``
    formulation)."""
    program, layout = perspective_program(game, box, candidates, integer=False)
    if lean:
        profiles = ProfileSession(game, box, start[0], deadline)
        incumbent = Incumbent(game, box, start, deadline, profiles.evaluate, LEAN_SHARE)
    else:
        incumbent = Incumbent(game, box, start, deadline)
    dive_every = DIVE_EVERY if lean else None
    rounds = LEAN_ROUNDS if lean else NODE_ROUNDS
    session = LPSession(program, devex=True)  # children restart from their parent's basis
    search = _Search(game, box, layout, session, incumbent, dive_every, rounds)
    if lean:
        search.brancher = Brancher(layout, game.priors, reliability=reliability)
    counter = itertools.count()
    everything = np.ones(layout.n_q, dtype=bool)
    heap = [(-np.inf, next(counter), _Node(np.inf, everything, ~everything))]
    nodes = 0
    while heap and not expired(deadline) and (node_limit is None or nodes < node_limit):
        _, _, node = heapq.heappop(heap)
        if node.bound <= search.incumbent.value + gap:
            continue
        nodes += 1
        for child in search.expand(node, gap, deadline, nodes):
            heapq.heappush(heap, (-child.bound, next(counter), child))
    value = search.incumbent.value
    return SearchOutcome(
        profile=search.incumbent.profile,
        value=value,
        bound=max([value, *(n.bound for _, _, n in heap)]),
        finished=not heap,
        nodes=nodes,
        cuts=search.session.rows - len(program.row_lower),
    )


@dataclass
class _Search:
    game: Game
    box: CoverageBox
    layout: PerspectiveLayout
    session: LPSession
    incumbent: Incumbent
    dive_every: int | None = None
    node_rounds: int = NODE_ROUNDS
    brancher: Brancher | None = None
    _improvements: int = field(default=-1, init=False)
    _improved_at: int = field(default=0, init=False)
    _loaded: Basis | None = field(default=None, init=False)  # the session's current basis

    def _plan_search_due(self, number: int) -> tuple[bool, bool]:
        """Whether node ``number`` offers its responses as plans, and whether it dives.

        Lean: once the plan has not improved for ``STALE_NODES`` nodes, only every
        ``STALE_OFFER_EVERY``-th node offers and dives are ``STALE_SLOWDOWN`` times
        rarer: the proof needs nodes, and the plan is usually optimal by then."""
        if self.incumbent.improvements != self._improvements:
            self._improvements, self._improved_at = self.incumbent.improvements, number
        if not self.dive_every:
            return True, False
        every = self.dive_every
        offer = True
        if number - self._improved_at > STALE_NODES:
            every *= STALE_SLOWDOWN
            offer = number % STALE_OFFER_EVERY == 0
        dive = number == 1 or (number % every == 0 and self.incumbent.may_search())
        return offer, dive

    def expand(self, node: _Node, gap: float, deadline: float | None, number: int) -> list[_Node]:
        """Bound ``node`` (the ``number``-th; LP and cuts), try its plans, and branch
        unless it is settled."""
        layout, incumbent, root = self.layout, self.incumbent, number == 1
        self.session.set_bounds(
            layout.q.astype(np.int32), node.forced.astype(float), node.allowed.astype(float)
        )
        if node.basis is not None and node.basis is not self._loaded:
            self.session.set_basis(node.basis)
        self._loaded = None
        cutoff = None if root else incumbent.value + gap  # the root must be solved
        try:
            solution = self.session.solve(remaining(deadline, 0.01), cutoff)
        except LPTimeLimit:
            return [node]  # unexplored: its bound stays the parent's
        if solution is None:  # infeasible, or cut off: cannot beat the incumbent
            if root:
                raise SolverError("the root LP of the branch-and-cut is infeasible")
            return []
        if self.brancher is not None and node.origin is not None:
            j, up, parent, distance = node.origin
            self.brancher.record(j, up, distance, parent - solution.objective)
        solution = tighten(
            self.session,
            self.game,
            self.box,
            layout,
            solution,
            rounds=ROOT_ROUNDS if root else self.node_rounds,
            stop_below=incumbent.value + gap,
            deadline=deadline,
        )
        if solution is None or solution.objective <= incumbent.value + gap:
            return []
        basis = self.session.basis()  # before a dive moves it
        q = solution.x[layout.q]
        fractional = np.minimum(q, 1.0 - q)
        integral = fractional.max() < INTEGRAL
        if not self._search_plans(node, solution, integral, number, deadline):
            self._loaded = basis  # still the session's: a child popped next starts from it
        settled = not integral or incumbent.settle(
            layout.profile(solution.x), solution.objective - gap
        )
        if not settled and expired(deadline):  # its plan was not priced in time: keep its bound
            return [replace(node, bound=solution.objective)]
        if solution.objective <= incumbent.value + gap or integral:
            return []
        allowed = node.allowed & ~_cannot_pay(solution, layout, q, incumbent.value + gap)
        branch = self._branch(
            solution, (basis, allowed, node.forced), incumbent.value + gap, deadline
        )
        if branch is None:
            return []
        return _children(
            layout, (allowed, node.forced), branch, solution, basis, incumbent.value + gap
        )

    def _branch(
        self,
        solution: LPSolution,
        start: tuple[Basis | None, BoolArray, BoolArray],
        cutoff: float,
        deadline: float | None,
    ) -> Branch | None:
        """The ``q`` to branch on: reliability branching (lean), else the largest
        ``p_k min(q, 1 - q)``; None if no child can beat ``cutoff``."""
        if self.brancher is not None:
            self._loaded = None  # strong branching moves the session's basis and bounds
            try:
                return self.brancher.choose(self.session, solution, start, cutoff, deadline)
            except LPTimeLimit:
                pass
        weight = self.game.priors[self.layout.owner]
        return most_fractional(weight, solution.x[self.layout.q], solution.objective)

    def _search_plans(
        self,
        node: _Node,
        solution: LPSolution,
        integral: bool,
        number: int,
        deadline: float | None,
    ) -> bool:
        """Offer the node's responses as plans (always when integral: the node is then a
        plan, dropped next) and dive when due; whether the dive moved the session's basis."""
        incumbent, layout = self.incumbent, self.layout
        offer, dive_now = self._plan_search_due(number)
        if offer or integral:
            coverage = np.clip(solution.x[: layout.n], self.box.lower, self.box.upper)
            incumbent.offer(sse_responses(self.game, coverage, 1e-9 * self.game.payoff_scale()))
            incumbent.offer(layout.profile(solution.x))
        if dive_now:
            with incumbent.working():
                start = (solution, node.allowed, node.forced)
                dive(self.game, self.box, self.session, layout, start, incumbent.offer, deadline)
        return dive_now


def _cannot_pay(
    solution: LPSolution, layout: PerspectiveLayout, q: np.ndarray, threshold: float
) -> BoolArray:
    """Reduced-cost fixing: ``q`` at 0 whose rise to 1 would bring the bound below ``threshold``."""
    reduced = solution.reduced_costs[layout.q]
    result: BoolArray = (q < INTEGRAL) & (solution.objective + reduced < threshold)
    return result


def _children(
    layout: PerspectiveLayout,
    node: tuple[BoolArray, BoolArray],
    branch: Branch,
    solution: LPSolution,
    basis: Basis | None,
    cutoff: float,
) -> list[_Node]:
    """Type ``owner[j]`` attacks ``target[j]``; or it does not. Both start from the
    parent's final ``basis``, with the bounds strong branching found (else the parent's);
    a child that cannot beat ``cutoff``, or rules out every response of its type, is left out."""
    j = branch.j
    q = float(solution.x[layout.q[j]])
    (up_allowed, up_forced), (down_allowed, down_forced) = child_bounds(layout, *node, j)
    origin = solution.objective
    children = []
    if branch.up > cutoff:
        children.append(_Node(branch.up, up_allowed, up_forced, basis, (j, True, origin, 1.0 - q)))
    if branch.down > cutoff and np.any(down_allowed[layout.owner == layout.owner[j]]):
        children.append(_Node(branch.down, down_allowed, down_forced, basis, (j, False, origin, q)))
    return children
