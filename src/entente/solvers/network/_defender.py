"""The defender's oracle: the checkpoint allocation that best answers a mixture of paths.

Against paths ``P_j`` driven with weights ``W_j >= 0`` (the attacker's
mixture times what stopping it is worth to the defender), the defender
maximises ``sum_j W_j cap_j`` with ``cap_j = 1 - prod_{e in P_j} s(e)``.
Jain et al. 2011 show this NP-hard; here it is a MILP on HiGHS with binary
``a[r, e]`` (a unit of resource ``r`` on edge ``e``, at most ``count_r`` per
resource, only on edges it may hold). ``cap_j`` is a concave function of
``L_j = sum_r l_r m_{j,r}`` (``m_{j,r}`` units of ``r`` on the path,
``l_r = -ln(1 - e_r)``): ``cap = 1 - exp(-L)``. It is bounded by the tangent
of that curve at every value ``L_j`` can take (so exact at each of them);
units of effectiveness 1 add ``cap_j <= ... + (their count on the path)``.
Values beyond the first :data:`MAX_TANGENTS` only loosen the bound, never
cut off a feasible allocation, so the MILP's bound stays valid.

:func:`greedy_allocation` is the *greedy better response* of SNARES
(Jain et al. 2013): one unit at a time where it stops the most weight.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from entente.model import Allocation, FloatArray, Network
from entente.solvers.lp.deadline import Deadline, remaining
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear

__all__ = ["MAX_TANGENTS", "best_allocation", "greedy_allocation"]

MAX_TANGENTS = 64


def _incidence(network: Network, paths: list[tuple[int, ...]]) -> sp.csr_array:
    rows = [j for j, path in enumerate(paths) for _ in path]
    cols = [e for path in paths for e in path]
    return sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(paths), network.n_edges))


def greedy_allocation(
    network: Network, paths: list[tuple[int, ...]], weights: FloatArray
) -> Allocation:
    """Place units one by one where they stop the most weighted escape."""
    incidence = _incidence(network, paths)
    escape = np.ones(len(paths))
    chosen: list[list[int]] = [[] for _ in network.checkpoints]
    allowed = [_mask(network, r) for r in range(len(network.checkpoints))]
    while True:
        reach = incidence.T @ (weights * escape)
        best, pick = 0.0, None
        for r, resource in enumerate(network.checkpoints):
            if len(chosen[r]) >= resource.count or resource.effectiveness <= 0.0:
                continue
            gain = np.where(allowed[r], reach * resource.effectiveness, -1.0)
            e = int(np.argmax(gain))
            if gain[e] > best * (1 + 1e-12) + 1e-15:
                best, pick = float(gain[e]), (r, e)
        if pick is None:
            break
        r, e = pick
        chosen[r].append(e)
        allowed[r][e] = False
        escape *= np.where(
            incidence[:, [e]].toarray().ravel() > 0, 1.0 - network.checkpoints[r].effectiveness, 1.0
        )
    return tuple(tuple(sorted(edges)) for edges in chosen)


def _mask(network: Network, r: int) -> np.ndarray:
    mask = np.zeros(network.n_edges, bool)
    mask[list(network.checkpoints[r].allowed(network.n_edges))] = True
    return mask


def best_allocation(
    network: Network,
    paths: list[tuple[int, ...]],
    weights: FloatArray,
    *,
    deadline: Deadline,
    mip_gap: float,
) -> tuple[Allocation | None, float]:
    """The allocation maximising ``sum_j W_j cap_j`` and a proven upper bound on that maximum."""
    keep = [j for j in range(len(paths)) if weights[j] > 0 and paths[j]]
    paths = [paths[j] for j in keep]
    weights = weights[keep]
    if not paths:
        return tuple(() for _ in network.checkpoints), 0.0
    on_paths = sorted({e for path in paths for e in path})
    columns = [
        (r, e)
        for r, resource in enumerate(network.checkpoints)
        if resource.effectiveness > 0.0 and resource.count > 0
        for mask in [_mask(network, r)]
        for e in on_paths
        if mask[e]
    ]
    program = _program(network, paths, weights, columns)
    result = solve_linear(
        program,
        time_limit=remaining(deadline),
        mip_abs_gap=mip_gap,
        start=_start(network, paths, weights, columns),
    )
    bound = result.bound if result.bound is not None else float(weights.sum())
    if result.x is None:
        return None, bound
    chosen: list[list[int]] = [[] for _ in network.checkpoints]
    for (r, e), value in zip(columns, result.x[: len(columns)], strict=True):
        if value > 0.5:
            chosen[r].append(e)
    return tuple(tuple(sorted(edges)) for edges in chosen), bound


def _start(
    network: Network,
    paths: list[tuple[int, ...]],
    weights: FloatArray,
    columns: list[tuple[int, int]],
) -> FloatArray:
    """The greedy allocation as a MIP start: its units, and each path's exact capture."""
    greedy = greedy_allocation(network, paths, weights)
    held = {(r, e) for r, edges in enumerate(greedy) for e in edges}
    units = np.array([1.0 if column in held else 0.0 for column in columns])
    factors = np.ones(network.n_edges)
    for r, edges in enumerate(greedy):
        factors[list(edges)] *= 1.0 - network.checkpoints[r].effectiveness
    capture = np.array([1.0 - float(np.prod(factors[list(path)])) for path in paths])
    return np.concatenate([units, capture * (1 - 1e-12)])


def _program(
    network: Network,
    paths: list[tuple[int, ...]],
    weights: FloatArray,
    columns: list[tuple[int, int]],
) -> LinearProgram:
    resources = network.checkpoints
    n_a, n = len(columns), len(columns) + len(paths)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    for r, resource in enumerate(resources):  # at most count_r units
        mine = [i for i, (owner, _) in enumerate(columns) if owner == r]
        if mine:
            rows += [len(lower)] * len(mine)
            cols += mine
            vals += [1.0] * len(mine)
            lower.append(-INF)
            upper.append(float(resource.count))
    by_edge: dict[int, list[int]] = {}
    for i, (_, e) in enumerate(columns):
        by_edge.setdefault(e, []).append(i)
    for j, path in enumerate(paths):
        on = [i for e in path for i in by_edge.get(e, [])]
        sure = [i for i in on if resources[columns[i][0]].effectiveness >= 1.0]
        soft = [i for i in on if resources[columns[i][0]].effectiveness < 1.0]
        logs = {i: -np.log1p(-resources[columns[i][0]].effectiveness) for i in soft}
        for level in _levels(network, path, soft, columns) if soft else [None]:
            row = len(lower)
            rows += [row, *([row] * len(sure))]
            cols += [n_a + j, *sure]
            vals += [1.0, *([-1.0] * len(sure))]
            if level is None:
                lower.append(-INF)
                upper.append(0.0)
                continue
            slope = float(np.exp(-level))
            rows += [row] * len(soft)
            cols += soft
            vals += [-slope * logs[i] for i in soft]
            lower.append(-INF)
            upper.append(1.0 - slope * (1.0 + level))
    integer = np.zeros(n, bool)
    integer[:n_a] = True
    return LinearProgram(
        cost=np.concatenate([np.zeros(n_a), weights]),
        matrix=sp.csc_array((vals, (rows, cols)), shape=(len(lower), n)),
        row_lower=np.array(lower),
        row_upper=np.array(upper),
        col_lower=np.zeros(n),
        col_upper=np.ones(n),
        integer=integer,
    )


def _levels(
    network: Network, path: tuple[int, ...], soft: list[int], columns: list[tuple[int, int]]
) -> list[float]:
    """The values ``L`` can take on ``path`` (the smallest :data:`MAX_TANGENTS`)."""
    levels = {0.0}
    for r, resource in enumerate(network.checkpoints):
        units = min(resource.count, sum(1 for i in soft if columns[i][0] == r))
        if units == 0:
            continue
        step = -np.log1p(-resource.effectiveness)
        levels = {round(v + m * step, 12) for v in levels for m in range(units + 1)}
        levels = set(sorted(levels)[:MAX_TANGENTS])
    return sorted(levels)
