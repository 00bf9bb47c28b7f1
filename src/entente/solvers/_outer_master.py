"""The outer master: a MILP over static placements and attacked targets on an outer approximation.

The exact game is ``max`` over placements ``y`` (binary), attacked targets
``q`` (binary, DOBSS: Paruchuri et al. AAMAS 2008, on coverage vectors as
in ERASER, Kiekintveld et al. 2009) and mobile interdiction ``m`` in the
implementable polytope ``M`` (one factor per slot). ``M`` has too many
facets to write down, so this MILP keeps only the cuts
``w . m_s <= h_s(w)`` proven by exact pricing (:mod:`entente.solvers._columns`)
and the per-target caps: an *outer* approximation, so its optimum (HiGHS's
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
from entente.model.options import Placement, static_resources
from entente.solvers._columns import Cut
from entente.solvers._highs import INF, LinearProgram, LinearResult, solve_linear
from entente.solvers._model_builder import ModelBuilder, Row

__all__ = ["OuterMaster", "Proposal"]


@dataclass(frozen=True)
class Proposal:
    """What the outer MILP proposes: a placement, one attacked target per type, its bound."""

    placement: Placement
    profile: tuple[int, ...]
    value: float


@dataclass(frozen=True)
class _Holder:
    """A (static resource, site) that covers a target: its y column and effectiveness."""

    column: int
    effectiveness: float


class OuterMaster:
    """Builds the MILP's fixed part once; each solve adds the current cuts."""

    def __init__(self, game: Game, mobile_max: FloatArray, static_max: FloatArray) -> None:
        self.game = game
        self.n = n = game.n_targets
        self.mobile_max = mobile_max
        self.model = ModelBuilder()
        self.m = self.model.columns(n, 0.0, mobile_max)
        cover_max = 1.0 - (1.0 - static_max) * (1.0 - mobile_max)
        high = np.maximum(cover_max, game.min_coverage)
        self.c = self.model.columns(n, game.min_coverage, high)
        self.y, holders = self._placement_columns()
        self.z: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        for t in range(n):
            self._link(t, holders.get(t, []))
        self._dobss(game.min_coverage, high)

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

    def _dobss(self, low: FloatArray, high: FloatArray) -> None:
        game, model = self.game, self.model
        ua_high, ua_low = game.attacker_utility(low), game.attacker_utility(high)
        ud_low, ud_high = game.defender_utility(low), game.defender_utility(high)
        au, du = game.attacker_uncovered, game.defender_uncovered
        delta_a = au - game.attacker_covered
        delta_d = game.defender_covered - du
        tie = 1e-9 * game.payoff_scale()
        self.q: list[list[tuple[int, int]]] = []
        self.a: list[int] = []
        self.d: list[int] = []
        for k in range(game.n_types):
            a_low, a_high = float(np.max(ua_low[k])), float(np.max(ua_high[k]))
            candidates = np.flatnonzero(ua_high[k] >= a_low - tie)
            d_low = float(np.min(ud_low[k, candidates]))
            d_high = max(float(np.max(ud_high[k, candidates])), d_low)
            a = model.columns(1, a_low, a_high)
            d = model.columns(1, d_low, d_high, cost=float(game.priors[k]))
            q = model.columns(len(candidates), 0.0, 1.0, integer=True)
            self.a.append(a)
            self.d.append(d)
            self.q.append([(q + i, int(t)) for i, t in enumerate(candidates)])
            model.row({q + i: 1.0 for i in range(len(candidates))}, 1.0, 1.0)
            for t in np.flatnonzero(ua_high[k] > a_low):  # a_k >= Ua(k, t, c_t)
                model.row({a: 1.0, self.c + int(t): float(delta_a[k, t])}, lower=float(au[k, t]))
            for i, t in enumerate(candidates):
                c = self.c + int(t)
                m_a = a_high - float(ua_low[k, t])
                m_d = d_high - float(ud_low[k, t])
                model.row({a: 1.0, c: float(delta_a[k, t]), q + i: m_a}, upper=au[k, t] + m_a)
                model.row({d: 1.0, c: -float(delta_d[k, t]), q + i: m_d}, upper=du[k, t] + m_d)

    # -- solving ------------------------------------------------------------

    def program(self, cuts: Sequence[Cut], slot_targets: Sequence[np.ndarray]) -> LinearProgram:
        extra: list[Row] = []
        for cut in cuts:
            targets = slot_targets[cut.slot]
            row = {self.m + int(t): float(v) for t, v in zip(targets, cut.w, strict=True) if v}
            if row:
                extra.append((row, -INF, cut.bound))
        return self.model.program(extra)

    def solve(
        self,
        cuts: Sequence[Cut],
        slot_targets: Sequence[np.ndarray],
        *,
        gap: float,
        time_limit: float | None,
        start: FloatArray | None,
    ) -> tuple[LinearResult, Proposal | None]:
        result = solve_linear(
            self.program(cuts, slot_targets), time_limit=time_limit, mip_abs_gap=gap, start=start
        )
        if result.x is None or result.objective is None:
            return result, None
        return result, Proposal(
            self._placement(result.x), self._profile(result.x), result.objective
        )

    def _placement(self, x: FloatArray) -> Placement:
        return tuple(tuple(j for j, col in enumerate(cols) if x[col] > 0.5) for cols in self.y)

    def _profile(self, x: FloatArray) -> tuple[int, ...]:
        return tuple(max(q, key=lambda pair: x[pair[0]])[1] for q in self.q)

    def start(
        self, placement: Placement, profile: Sequence[int], mobile: FloatArray, coverage: FloatArray
    ) -> FloatArray | None:
        """A feasible point of the MILP from a plan (None if the plan's target lost its q)."""
        x = np.zeros(self.model.n_cols)
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
            chosen = [col for col, target in self.q[k] if target == t]
            if not chosen:
                return None
            x[chosen[0]] = 1.0
            x[self.a[k]] = float(np.max(attacker[k]))
            x[self.d[k]] = float(defender[k, t])
        return x

    def _holder_columns(self, t: int) -> list[int]:
        """The y columns of the sites holding ``t``, in the order used by its combos."""
        return [
            column
            for columns, r in zip(self.y, static_resources(self.game), strict=True)
            for column, site in zip(columns, self.game.resources[r].schedules, strict=True)
            if t in site
        ]
