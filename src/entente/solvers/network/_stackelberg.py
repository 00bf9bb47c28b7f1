"""The general-sum second stage: a strong Stackelberg mixture over the allocations found,
and allocations priced in.

The maximin mixture is one of the defender's safe choices, and for a
general-sum game often not its best commitment: the attacker then responds
by its own payoffs, not by the defender's. Over the allocations ``a`` and
paths ``j`` the double oracle found, escape along a path is linear in the
mixture, ``e_j = sum_a x_a E[a, j]``, so the strong Stackelberg mixture of
that restricted game is a DOBSS-style MILP (Paruchuri et al. 2008; the
compact form, with no products, since utilities are linear in ``x``).
With ``s_t`` the best escape to target ``t``, binary ``q[k, j]`` (type
``k`` drives path ``j``), its value ``a_k`` and the defender's ``d_k``::

    max  sum_k p_k d_k
    s.t. sum_a x_a = 1,  x >= 0
         s_t >= e_j                             for every path j of t
         sum_j q[k, j] = 1
         a_k >= UA_k(t, s_t)                    for every target t
         a_k <= UA_k(t_j, e_j) + M (1 - q[k, j])
         d_k <= UD_k(t_j, e_j) + M (1 - q[k, j])
         s_{t_j} - e_j <= 1 - q[k, j]          (the path driven is t_j's best)

(``UA``, ``UD``: the type's utilities at escape ``e``.) One type gets the
same MILP: the multiple LPs of Conitzer & Sandholm 2006 (one per path) gave
the same values 2-3x faster, but 5 ms against 14 ms a small game and 0.4 s
against 0.9 s on two 1,000-road games (bench/RESULTS.md), too little for a
second formulation. Ties go to the defender: among equally good paths
the MILP picks the one best for it. Its optima are often many, so an LP
then picks, among mixtures of the same value driving the same paths, the
one that stops attackers most often (:func:`_canonical`): otherwise
rounding, and so the payoff units, would choose the plan. The exact
attacker oracle evaluates the mixture on the whole graph; a path outside
the restricted set that escapes better joins it and the MILP is solved
again. When none does, allocations are priced (:func:`_priced`): with each
type's path fixed the MILP is an LP in ``x``, whose duals give an
allocation ``a`` the reduced cost ``-y_0 - sum_j g_j E[a, j]``; the greedy
oracle (weights of either sign) and the defender's MILP oracle (on the
positive weights, the only ones it takes) each propose one, and the better
joins if its reduced cost is positive. A heuristic: an allocation that
would help can be missed (then the plan is the best over those found).
Measured: 119 of 120 small games reach the brute-force optimum with it, 110
without. The loop ends when nothing joins or time runs out; every mixture
is judged by its exact evaluation only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from entente.model import Allocation, FloatArray, Game, IntArray, Network
from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.lp.deadline import Deadline, expired, remaining
from entente.solvers.lp.highs import INF, solve_linear
from entente.solvers.lp.rows import row
from entente.solvers.network._attacker import Escape, best_escapes
from entente.solvers.network._defender import best_allocation, greedy_allocation
from entente.solvers.network._graph import Path, allocation_factors, escape
from entente.solvers.plan import TIE_TOLERANCE

__all__ = ["Commitment", "exact_value", "responses", "stackelberg"]

_SUPPORT = 1e-12
_BETTER = 1e-9
"""A found path joins the restricted set when it escapes better by more than this."""


@dataclass(frozen=True)
class Commitment:
    """A mixture over allocations, its exact escapes, its exact value, and the MILP rounds run."""

    allocations: tuple[Allocation, ...]
    probabilities: FloatArray
    escapes: tuple[Escape, ...]
    value: float
    rounds: int
    searched: int
    """Allocations in the restricted game at the end (the loop's and those priced in)."""


def responses(game: Game, coverage: FloatArray) -> list[int]:
    """Each type's target: its best, ties (within tolerance) broken for the defender."""
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    out = []
    for k in range(game.n_types):
        scale = max(
            1e-300,
            float(np.ptp(np.concatenate([game.attacker_covered[k], game.attacker_uncovered[k]]))),
        )
        tied = np.flatnonzero(attacker[k] >= attacker[k].max() - TIE_TOLERANCE * scale)
        out.append(int(tied[np.argmax(defender[k, tied])]))
    return out


def exact_value(game: Game, escapes: tuple[Escape, ...]) -> float:
    """The defender's strong Stackelberg value when each target's best escape is ``escapes``."""
    coverage = np.clip(1.0 - np.array([e.value for e in escapes]), 0.0, 1.0)
    attacked = responses(game, coverage)
    utility = game.defender_utility(coverage)
    return float(sum(game.priors[k] * utility[k, t] for k, t in enumerate(attacked)))


def stackelberg(
    game: Game,
    network: Network,
    restricted: tuple[list[Allocation], list[Path]],
    start: FloatArray,
    *,
    tol: float,
    deadline: Deadline,
) -> Commitment | None:
    """The best exactly evaluated Stackelberg mixture over ``restricted`` (allocations, paths),
    the MILP started from the mixture ``start`` over them; None if none was evaluated in time."""
    allocations, paths = restricted[0], list(restricted[1])
    factors = allocation_factors(network, allocations)
    best: Commitment | None = None
    rounds = 0
    while not expired(deadline):
        rounds += 1
        matrix = np.column_stack([escape(factors, p[1]) for p in paths])
        x = _solve(game, matrix, [p[0] for p in paths], start, tol, deadline)
        if x is None:
            break
        escapes = _evaluate(network, factors, matrix, paths, x, deadline)
        if escapes is None:
            break
        value = exact_value(game, escapes)
        if best is None or value > best.value:
            keep = np.flatnonzero(x > 0)
            best = Commitment(
                tuple(allocations[i] for i in keep), x[keep], escapes, value, rounds, 0
            )
        known = _known_escapes(matrix, paths, x, game.n_targets)
        found = [e.path for t, e in enumerate(escapes) if e.value > known[t] + _BETTER]
        if found:
            paths += found
        else:
            priced = _priced(game, network, matrix, [p[0] for p in paths], paths, x, deadline)
            if priced is None or priced in allocations:
                break
            allocations = [*allocations, priced]
            factors = allocation_factors(network, allocations)
            x = np.append(x, 0.0)
        start = x
    if best is None:
        return None
    return dataclasses.replace(best, rounds=rounds, searched=len(allocations))


def _priced(
    game: Game,
    network: Network,
    matrix: FloatArray,
    targets: list[int],
    paths: list[Path],
    x: FloatArray,
    deadline: Deadline,
) -> Allocation | None:
    """A new allocation that would raise the restricted Stackelberg value (None if none prices
    in): the better of the greedy and MILP oracles' answers to the duals of the MILP's LP with
    each type's path fixed (that of the strong Stackelberg response to ``x``). The duals are
    read in :func:`_model`'s row order: convexity, one ``s_t >= e_j`` row per path, then per
    type its ``sum q`` row, one row per target, and three rows (``a``, ``d``, ``s``) per path."""
    model, columns = _model(game, matrix, targets)
    point = _start(game, matrix, targets, x, columns)
    fixed = np.round(point[columns.q :]).tolist()
    model.lower[columns.q :] = fixed
    model.upper[columns.q :] = fixed
    result = solve_linear(model.relaxation(), time_limit=remaining(deadline))
    if result.duals is None:
        return None
    y = result.duals
    n_paths, n_targets = len(paths), game.n_targets
    g = -y[1 : 1 + n_paths].copy()
    for k in range(game.n_types):
        block = 1 + n_paths + k * (1 + n_targets + 3 * n_paths) + 1 + n_targets
        rows = y[block : block + 3 * n_paths].reshape(n_paths, 3)
        t = np.array(targets)
        rise = game.attacker_uncovered[k, t] - game.attacker_covered[k, t]
        fall = game.defender_covered[k, t] - game.defender_uncovered[k, t]
        g += -rise * rows[:, 0] + fall * rows[:, 1] - rows[:, 2]
    edges = [p[1] for p in paths]
    candidates: list[Allocation | None] = [greedy_allocation(network, edges, g)]
    if np.any(g > 0):  # the MILP oracle, on the weights it can take (the positive ones)
        candidates.append(best_allocation(network, edges, g, deadline=deadline, mip_gap=1e-9)[0])
    best, most = None, _BETTER
    for candidate in candidates:
        if candidate is None:
            continue
        own = allocation_factors(network, [candidate])
        reduced = -y[0] - float(g @ np.array([escape(own, p)[0] for p in edges]))
        if reduced > most:
            best, most = candidate, reduced
    return best


def _evaluate(
    network: Network,
    factors: FloatArray,
    matrix: FloatArray,
    paths: list[Path],
    x: FloatArray,
    deadline: Deadline,
) -> tuple[Escape, ...] | None:
    """Each target's exact best escape against ``x`` (None: not proven in time)."""
    values = x @ matrix
    incumbents: list[Escape | None] = [None] * len(network.target_nodes)
    for j, path in enumerate(paths):
        known = incumbents[path[0]]
        if known is None or values[j] > known.value:
            incumbents[path[0]] = Escape(path, float(values[j]), 1.0)
    escapes = tuple(best_escapes(network, factors, x, deadline=deadline, incumbents=incumbents))
    if any(e.bound - e.value > 1e-9 for e in escapes):
        return None
    return escapes


def _known_escapes(
    matrix: FloatArray, paths: list[Path], x: FloatArray, n_targets: int
) -> FloatArray:
    """Per target, the best escape against ``x`` among the restricted paths."""
    known = np.zeros(n_targets)
    for j, value in enumerate(x @ matrix):
        known[paths[j][0]] = max(known[paths[j][0]], float(value))
    return known


def _solve(
    game: Game,
    matrix: FloatArray,
    targets: list[int],
    start: FloatArray,
    tol: float,
    deadline: Deadline,
) -> FloatArray | None:
    """The MILP's mixture (the best found when time runs out; None if none), made
    canonical by :func:`_canonical`."""
    model, columns = _model(game, matrix, targets)
    result = solve_linear(
        model.program(),
        time_limit=remaining(deadline),
        mip_abs_gap=tol,
        start=_start(game, matrix, targets, start, columns),
    )
    if result.x is None or result.objective is None:
        return None
    point = _canonical(model, columns, result.x, result.objective, deadline)
    x: FloatArray = np.clip(point[: matrix.shape[0]], 0.0, None)
    x[x <= _SUPPORT] = 0.0
    return np.asarray(x / x.sum(), dtype=np.float64)


def _canonical(
    model: ModelBuilder, columns: _Columns, point: FloatArray, value: float, deadline: Deadline
) -> FloatArray:
    """Among mixtures worth ``value`` to the defender with the same paths driven, the one that
    stops attackers most often (least total best escape): the MILP's optima are often many,
    and which one HiGHS returns follows rounding, so the payoff units would pick the plan."""
    twin = model.copy()
    n = len(twin.cost)
    fixed = np.round(point[columns.q :]).tolist()
    twin.lower[columns.q :] = fixed
    twin.upper[columns.q :] = fixed
    twin.cost = [-1.0 if columns.s <= i < columns.a else 0.0 for i in range(n)]
    worth = {columns.d + k: float(model.cost[columns.d + k]) for k in range(columns.q - columns.d)}
    program = twin.relaxation([row(worth, value, INF)])  # within HiGHS's feasibility
    result = solve_linear(program, time_limit=remaining(deadline))
    return point if result.x is None else result.x


@dataclass(frozen=True)
class _Columns:
    """Where each group of the MILP's columns starts."""

    s: int
    a: int
    d: int
    q: int


def _model(game: Game, matrix: FloatArray, targets: list[int]) -> tuple[ModelBuilder, _Columns]:
    """The MILP of the module docstring over the escape ``matrix`` (allocations x paths)."""
    n_alloc, n_paths = matrix.shape
    n_types, n_targets = game.n_types, game.n_targets
    ac, au = game.attacker_covered, game.attacker_uncovered
    dc, du = game.defender_covered, game.defender_uncovered
    model = ModelBuilder()
    model.columns(n_alloc, 0.0, 1.0)
    columns = _Columns(
        s=model.columns(n_targets, 0.0, 1.0),
        a=model.columns(n_types, np.min(ac, axis=1), np.max(au, axis=1)),
        d=model.columns(n_types, np.min(du, axis=1), np.max(dc, axis=1), cost=game.priors),
        q=model.columns(n_types * n_paths, 0.0, 1.0, integer=True),
    )
    model.row(dict.fromkeys(range(n_alloc), 1.0), 1.0, 1.0)
    uses = [np.flatnonzero(matrix[:, j]) for j in range(n_paths)]
    for j, t in enumerate(targets):
        model.row({columns.s + t: 1.0, **_minus(uses[j], matrix[:, j], 1.0)}, lower=0.0)
    for k in range(n_types):
        big_a = float(np.max(au[k]) - np.min(ac[k])) + 1.0
        big_d = float(np.max(dc[k]) - np.min(du[k])) + 1.0
        q = columns.q + k * n_paths
        model.row({q + j: 1.0 for j in range(n_paths)}, 1.0, 1.0)
        for t in range(n_targets):
            model.row({columns.a + k: 1.0, columns.s + t: -(au[k, t] - ac[k, t])}, lower=ac[k, t])
        for j, t in enumerate(targets):
            rise, fall = au[k, t] - ac[k, t], dc[k, t] - du[k, t]
            column = uses[j], matrix[:, j]
            model.row(
                {columns.a + k: 1.0, q + j: big_a, **_minus(*column, rise)},
                upper=ac[k, t] + big_a,
            )
            model.row(
                {columns.d + k: 1.0, q + j: big_d, **_minus(*column, -fall)},
                upper=dc[k, t] + big_d,
            )
            model.row({columns.s + t: 1.0, q + j: 1.0, **_minus(*column, 1.0)}, upper=1.0)
    return model, columns


def _minus(support: IntArray, column: FloatArray, factor: float) -> dict[int, float]:
    """``-factor * e_j`` as coefficients on the allocation columns."""
    return {int(a): -factor * float(column[a]) for a in support} if factor else {}


def _start(
    game: Game,
    matrix: FloatArray,
    targets: list[int],
    x: FloatArray,
    columns: _Columns,
) -> FloatArray:
    """The MILP's columns at mixture ``x``, each type on its strong Stackelberg path."""
    n_paths = matrix.shape[1]
    values = x @ matrix
    best = np.zeros(game.n_targets)
    for j, t in enumerate(targets):
        best[t] = max(best[t], values[j])
    coverage = 1.0 - best
    attacked = responses(game, coverage)
    point = np.zeros(columns.q + game.n_types * n_paths)
    point[: len(x)] = x
    point[columns.s : columns.s + game.n_targets] = best
    attacker, defender = game.attacker_utility(coverage), game.defender_utility(coverage)
    for k, t in enumerate(attacked):
        j = max((j for j in range(n_paths) if targets[j] == t), key=lambda j: values[j])
        point[columns.q + k * n_paths + j] = 1.0
        point[columns.a + k] = attacker[k].max()
        point[columns.d + k] = defender[k, t]
    return point
