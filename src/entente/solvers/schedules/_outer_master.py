"""The outer master: a MILP over static placements and attacked targets on an outer approximation.

The exact game is ``max`` over placements ``y`` (binary), attacked targets
``q`` (binary, DOBSS: Paruchuri et al. AAMAS 2008, on coverage vectors as
in ERASER, Kiekintveld et al. 2009) and mobile interdiction ``m`` in the
implementable polytope ``M`` (one factor per slot). ``M`` has too many
facets to write down, so this MILP keeps only the cuts
``w . m_s <= h_s(w)`` proven by exact pricing (:mod:`entente.solvers.schedules._columns`),
the per-target caps and the marginal relaxation of
:mod:`entente.solvers.schedules._marginals` (``m_t <= sum e x``, ``x`` the
expected units per schedule): an *outer* approximation, so its optimum (HiGHS's
dual bound) is an upper bound on the game's value. Column generation on the
profile it proposes either reaches that bound (optimal) or yields a cut
that removes the proposal (Kelley's cutting planes, 1960, driven by
Dantzig-Wolfe pricing). Variables and rows::

    max  sum_k p_k d_k
    s.t. sum_j y[r, j] <= count_r                            each static resource
         c_t = 1 - E_t (1 - m_t)                             each target
         w_s . m_s <= h_s                                    each cut
         sum_t q[k, t] = 1
         a_k >= Ua(k, t, c_t)
         a_k <= Ua(k, t, c_t) + Ma[k, t] (1 - q[k, t])
         d_k <= Ud(k, t, c_t) + Md[k, t] (1 - q[k, t])
         lower_t <= c_t,   0 <= m_t <= mmax_t

``E_t``, the chance an attack on ``t`` escapes the static units, is a
product over the sites holding ``t``: with one indicator ``z[t, v]`` per
combination ``v`` of those sites (``sum_v z = 1``, ``sum_{v: v_h = 1} z =
y_h``, integral whenever ``y`` is), ``E_t = sum_v E(v) z[t, v]`` and the
product ``z m`` is linearised exactly by McCormick's envelope (``z``
binary at integral ``y``): ``g <= m``, ``g <= mmax z``, ``g >= m - mmax (1 - z)``.

Big-Ms come from the payoffs at the coverage bounds ``[lower_t, cmax_t]``,
never from a fixed number: ``Ma[k, t] = amax_k - Ua(k, t, cmax_t)``,
``Md[k, t] = dmax_k - Ud(k, t, lower_t)``, with ``amax_k = max_t Ua(k, t,
lower_t)`` and ``dmax_k = max_t Ud(k, t, cmax_t)``. A target whose best
case for the attacker, ``Ua(k, t, lower_t)``, is below the least the
attacker can be held to, ``max_t Ua(k, t, cmax_t)``, gets no ``q``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from entente.model import FloatArray, Game
from entente.model.pure_strategies import Placement, static_resources
from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.lp.deadline import Deadline, deadline_after, remaining
from entente.solvers.lp.highs import INF, LinearResult, solve_linear
from entente.solvers.lp.rows import Row, row
from entente.solvers.schedules._columns import ColumnPool, Cut
from entente.solvers.schedules._marginals import add_marginal_rows, expected_counts
from entente.solvers.schedules._outer_attack import AttackColumns, add_attack_rows

__all__ = ["OuterMaster", "Proposal", "Start"]

Start = tuple[Placement, Sequence[int], FloatArray, FloatArray, list[FloatArray]]
"""A plan as a MIP start: placement, profile, m, c and per-slot column weights."""


@dataclass(frozen=True)
class Proposal:
    """What the outer MILP proposes: a placement, one attacked target per type, its bound."""

    placement: Placement
    profile: tuple[int, ...]
    value: float
    marginals: dict[int, dict[int, FloatArray]]
    """Per slot, per resource position with listed schedules: the relaxation's ``x``."""


@dataclass(frozen=True)
class _Holder:
    """A (static resource, site) that covers a target: its y column and effectiveness."""

    column: int
    effectiveness: float


class OuterMaster:
    """The coverage relaxation, built once; each solve adds the cuts and the attacker's rows."""

    def __init__(
        self, game: Game, mobile_max: FloatArray, static_max: FloatArray, pool: ColumnPool
    ) -> None:
        self.game = game
        self.n = n = game.n_targets
        self.mobile_max = mobile_max
        self.model = ModelBuilder()
        self.m = self.model.columns(n, 0.0, mobile_max)
        cover_max = 1.0 - (1.0 - static_max) * (1.0 - mobile_max)
        self.low = np.asarray(game.min_coverage, dtype=np.float64)
        self.high = np.maximum(cover_max, self.low)
        self.c = self.model.columns(n, self.low, self.high)
        self.pool = pool
        self.marginal_blocks = add_marginal_rows(self.model, pool, self.m)
        self.y, holders = self._placement_columns()
        self.z: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        for t in range(n):
            self._link(t, holders.get(t, []))
        self.attack = AttackColumns([], [], [], [])

    # -- building -----------------------------------------------------------

    def _placement_columns(self) -> tuple[list[list[int]], dict[int, list[_Holder]]]:
        columns: list[list[int]] = []
        holders: dict[int, list[_Holder]] = {}
        for r in static_resources(self.game):
            resource = self.game.resources[r]
            start = self.model.columns(len(resource.schedules), 0.0, 1.0, integer=True)
            ids = list(range(start, start + len(resource.schedules)))
            columns.append(ids)
            self.model.row(dict.fromkeys(ids, 1.0), upper=float(resource.count))
            for column, site in zip(ids, resource.schedules, strict=True):
                for t in site:
                    holders.setdefault(int(t), []).append(_Holder(column, resource.effectiveness))
        return columns, holders

    def _link(self, t: int, holders: list[_Holder]) -> None:
        """Row(s) tying c_t to m_t and the placement: c_t = 1 - E_t (1 - m_t)."""
        m, c, model = self.m + t, self.c + t, self.model
        if not holders:
            model.row({c: 1.0, m: -1.0}, 0.0, 0.0)
            return
        cap = float(self.mobile_max[t])
        combos = list(itertools.product((0, 1), repeat=len(holders)))
        z = model.columns(len(combos), 0.0, 1.0)
        g = model.columns(len(combos), 0.0, cap)
        self.z[t] = [(z + i, combo) for i, combo in enumerate(combos)]
        model.row({z + i: 1.0 for i in range(len(combos))}, 1.0, 1.0)
        for h, holder in enumerate(holders):
            row = {z + i: 1.0 for i, combo in enumerate(combos) if combo[h]}
            row[holder.column] = -1.0
            model.row(row, 0.0, 0.0)
        link = {c: 1.0}
        for i, combo in enumerate(combos):
            escape = math.prod(
                1.0 - hd.effectiveness for hd, on in zip(holders, combo, strict=True) if on
            )
            link[z + i] = escape
            link[g + i] = -escape
            model.row({g + i: 1.0, m: -1.0}, upper=0.0)  # g <= m
            model.row({g + i: 1.0, z + i: -cap}, upper=0.0)  # g <= cap z
            model.row({g + i: 1.0, m: -1.0, z + i: -cap}, lower=-cap)  # g >= m - cap (1 - z)
        model.row(link, 1.0, 1.0)

    # -- solving ------------------------------------------------------------

    def cut_rows(self, cuts: Sequence[Cut], slot_targets: Sequence[np.ndarray]) -> list[Row]:
        rows: list[Row] = []
        for cut in cuts:
            targets = slot_targets[cut.slot]
            terms = {self.m + int(t): float(v) for t, v in zip(targets, cut.w, strict=True) if v}
            if terms:
                rows.append(row(terms, -INF, cut.bound))
        return rows

    def levels(self, cuts: list[Row], deadline: Deadline) -> FloatArray | None:
        """Per type, the least attacker level the relaxation allows (None: it is empty).

        An LP cut short by ``deadline`` gives the weaker level every plan has:
        the attacker's best covered payoff.
        """
        out = np.empty(self.game.n_types)
        delta = self.game.attacker_uncovered - self.game.attacker_covered
        for k in range(self.game.n_types):
            model = self.model.copy()
            a = model.columns(1, -INF, INF, cost=-1.0)
            for t in range(self.n):
                model.row(
                    {a: 1.0, self.c + t: float(delta[k, t])},
                    lower=float(self.game.attacker_uncovered[k, t]),
                )
            result = solve_linear(model.relaxation(cuts), time_limit=remaining(deadline, 0.01))
            if result.status == "infeasible":
                return None
            if result.status == "optimal" and result.objective is not None:
                out[k] = -result.objective
            else:
                out[k] = float(np.max(self.game.attacker_covered[k]))
        return out

    def solve(
        self,
        cuts: Sequence[Cut],
        slot_targets: Sequence[np.ndarray],
        *,
        gap: float,
        time_limit: float | None,
        incumbent: Start | None,
    ) -> tuple[LinearResult, Proposal | None]:
        """Solve the MILP with the current cuts, warm-started from ``incumbent`` if given."""
        deadline = deadline_after(time_limit)
        rows = self.cut_rows(cuts, slot_targets)
        levels = self.levels(rows, deadline)
        if levels is None:
            return LinearResult("infeasible", None, None, None), None
        model = self.model.copy()
        self.attack = add_attack_rows(model, self.game, self.c, self.low, self.high, levels)
        start = None if incumbent is None else self._start(model.n_cols, *incumbent)
        # without presolve, as the Bayesian MILP: its rows have the same tie-tolerance
        # bounds that HiGHS 1.16's presolve misjudged, and it is faster here without
        result = solve_linear(
            model.program(rows),
            time_limit=remaining(deadline, 0.01),
            mip_abs_gap=gap,
            start=start,
            presolve=False,
        )
        if result.x is None or result.objective is None:
            return result, None
        return result, Proposal(
            self._placement(result.x),
            self._profile(result.x),
            result.objective,
            self._marginals(result.x),
        )

    def _marginals(self, x: FloatArray) -> dict[int, dict[int, FloatArray]]:
        out: dict[int, dict[int, FloatArray]] = {}
        for block in self.marginal_blocks:
            if not block.routed:
                values = x[block.start : block.start + block.count]
                out.setdefault(block.slot, {})[block.resource] = values
        return out

    def _placement(self, x: FloatArray) -> Placement:
        return tuple(tuple(j for j, col in enumerate(cols) if x[col] > 0.5) for cols in self.y)

    def _profile(self, x: FloatArray) -> tuple[int, ...]:
        return tuple(max(q, key=lambda pair: x[pair[0]])[1] for q in self.attack.q)

    def _start(
        self,
        n_cols: int,
        placement: Placement,
        profile: Sequence[int],
        mobile: FloatArray,
        coverage: FloatArray,
        weights: list[FloatArray],
    ) -> FloatArray | None:
        """A feasible point of the MILP from a plan (None if the plan's target lost its q)."""
        x = np.zeros(n_cols)
        expected_counts(x, self.marginal_blocks, self.pool, weights)
        x[self.m : self.m + self.n] = mobile
        x[self.c : self.c + self.n] = coverage
        for cols, sites in zip(self.y, placement, strict=True):
            for j in sites:
                x[cols[j]] = 1.0
        for t, entries in self.z.items():
            for column, combo in entries:
                holders = [x[col] for col in self._holder_columns(t)]
                on = all((h > 0.5) == bool(v) for h, v in zip(holders, combo, strict=True))
                x[column] = float(on)
                x[column + len(entries)] = float(on) * mobile[t]
        attacker = self.game.attacker_utility(coverage)
        defender = self.game.defender_utility(coverage)
        for k, t in enumerate(profile):
            chosen = [i for i, (_, target) in enumerate(self.attack.q[k]) if target == t]
            if not chosen:
                return None
            x[self.attack.q[k][chosen[0]][0]] = 1.0
            x[self.attack.w[k][chosen[0]]] = coverage[t]
            x[self.attack.a[k]] = float(np.max(attacker[k]))
            x[self.attack.d[k]] = float(defender[k, t])
        return x

    def _holder_columns(self, t: int) -> list[int]:
        """The y columns of the sites holding ``t``, in the order used by its combos."""
        return [
            column
            for columns, r in zip(self.y, static_resources(self.game), strict=True)
            for column, site in zip(columns, self.game.resources[r].schedules, strict=True)
            if t in site
        ]
