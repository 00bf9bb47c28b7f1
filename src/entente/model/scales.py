"""Each player's payoffs on its own scale, and the positive affine map to ``[0, 1]``.

Best responses and the defender's optimal plan do not change under a positive
affine map ``u -> (u - shift) / scale`` of one player's payoffs (the defender's
all together; each attacker type's separately), so solvers and the
certificate work on the *unit game* where every player's payoffs span
``[0, 1]``: every tolerance is then a fraction of that player's own range,
whatever units the user wrote (euros, probabilities, millionths).

Behaviour parameters move with the attacker's units (a quantal ``lambda`` is
in 1 / payoff units: ``lambda' = lambda * scale``; SUQR's reward and penalty
weights likewise), interval bounds move with the payoffs.

Refused (:func:`scale_problems`) is only what float64 cannot carry through
the map: a range that overflows, a range below ``MIN_RANGE``, or payoffs
whose size exceeds their range by more than ``MAX_SIZE_TO_RANGE`` (fewer than
about four significant digits of their differences survive).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from entente.model.behaviour import Behaviour, Quantal, Suqr
from entente.model.game import FloatArray, Game
from entente.model.intervals import AttackerBounds

__all__ = [
    "MAX_SIZE_TO_RANGE",
    "MIN_RANGE",
    "PayoffScales",
    "normalise",
    "payoff_scales",
    "scale_problems",
]

MAX_SIZE_TO_RANGE = 1e12
"""Largest payoff magnitude / payoff range accepted within one player."""

MIN_RANGE = 1e-200
"""Smallest non-zero payoff range accepted within one player."""


@dataclass(frozen=True, eq=False)
class PayoffScales:
    """``user = shift + scale * unit`` for the defender and for each attacker type."""

    defender_shift: float
    defender_scale: float
    attacker_shift: FloatArray
    attacker_scale: FloatArray

    def defender_user(self, x: float) -> float:
        return self.defender_shift + self.defender_scale * x

    def defender_unit(self, x: float) -> float:
        return (x - self.defender_shift) / self.defender_scale

    def attacker_user(self, k: int, x: float) -> float:
        return float(self.attacker_shift[k] + self.attacker_scale[k] * x)

    def attacker_unit(self, k: int, x: float) -> float:
        return float((x - self.attacker_shift[k]) / self.attacker_scale[k])


def _span(*arrays: FloatArray) -> tuple[float, float]:
    return min(float(np.min(a)) for a in arrays), max(float(np.max(a)) for a in arrays)


def _attacker_arrays(game: Game, k: int | None) -> list[FloatArray]:
    rows = slice(None) if k is None else slice(k, k + 1)
    arrays = [game.attacker_covered[rows], game.attacker_uncovered[rows]]
    b = game.attacker_bounds
    if b is not None:
        arrays += [b.covered_low[rows], b.uncovered_high[rows]]
    return arrays


def _map(low: float, high: float) -> tuple[float, float]:
    spread = high - low
    return low, spread if spread > 0 else 1.0


def payoff_scales(game: Game, *, common_attacker: bool = False) -> PayoffScales:
    """The map of every player; ``common_attacker``: one map for all attacker types.

    (A tie margin shared by all types, as the robust method's, needs one map.)
    """
    d_shift, d_scale = _map(*_span(game.defender_covered, game.defender_uncovered))
    if common_attacker:
        shift, scale = _map(*_span(*_attacker_arrays(game, None)))
        shifts, scales = [shift] * game.n_types, [scale] * game.n_types
    else:
        maps = [_map(*_span(*_attacker_arrays(game, k))) for k in range(game.n_types)]
        shifts, scales = [m[0] for m in maps], [m[1] for m in maps]
    return PayoffScales(
        d_shift, d_scale, np.array(shifts, dtype=np.float64), np.array(scales, dtype=np.float64)
    )


def normalise(game: Game, scales: PayoffScales) -> Game:
    """``game`` with every player's payoffs (and behaviour parameters) in unit scale."""
    a_shift = scales.attacker_shift[:, None]
    a_scale = scales.attacker_scale[:, None]

    def attacker(x: FloatArray) -> FloatArray:
        return _frozen((x - a_shift) / a_scale)

    def defender(x: FloatArray) -> FloatArray:
        return _frozen((x - scales.defender_shift) / scales.defender_scale)

    bounds = game.attacker_bounds
    return dataclasses.replace(
        game,
        defender_covered=defender(game.defender_covered),
        defender_uncovered=defender(game.defender_uncovered),
        attacker_covered=attacker(game.attacker_covered),
        attacker_uncovered=attacker(game.attacker_uncovered),
        behaviours=tuple(
            _behaviour(b, float(scales.attacker_scale[k])) for k, b in enumerate(game.behaviours)
        ),
        attacker_bounds=None
        if bounds is None
        else AttackerBounds(
            attacker(bounds.covered_low),
            attacker(bounds.covered_high),
            attacker(bounds.uncovered_low),
            attacker(bounds.uncovered_high),
        ),
    )


def _frozen(x: FloatArray) -> FloatArray:
    out = np.array(x, dtype=np.float64)
    out.setflags(write=False)
    return out


def _behaviour(b: Behaviour, scale: float) -> Behaviour:
    if isinstance(b, Quantal):
        return Quantal(lam=b.lam * scale)
    if isinstance(b, Suqr):
        return Suqr(coverage=b.coverage, reward=b.reward * scale, penalty=b.penalty * scale)
    return b


def scale_problems(game: Game) -> Iterator[tuple[str, str, int | None, int]]:
    """``(field, message, type, target)`` for each player whose payoffs float64 cannot scale."""
    players: list[tuple[str, int | None, list[FloatArray]]] = [
        ("defender_covered", None, [game.defender_covered, game.defender_uncovered])
    ]
    players += [("attacker_uncovered", k, _attacker_arrays(game, k)) for k in range(game.n_types)]
    for field, k, arrays in players:
        low, high = _span(*arrays)
        spread = high - low
        size = max(abs(low), abs(high))
        floor = max(MIN_RANGE, size / MAX_SIZE_TO_RANGE)
        if np.isfinite(spread) and (spread == 0 or spread >= floor):
            continue
        magnitude = np.abs(np.concatenate([a.reshape(-1, game.n_targets) for a in arrays]))
        where = int(np.argmax(np.max(magnitude, axis=0)))
        who = "the defender" if k is None else f"attacker type {game.type_ids[k]!r}"
        yield (
            field,
            f"the payoffs of {who} span [{low!r}, {high!r}]: float64 cannot hold them on one "
            "scale; "
            f"allowed: a range between {MIN_RANGE:g} and the largest finite float, and at least "
            f"1/{MAX_SIZE_TO_RANGE:g} of the payoffs' size (only differences matter: shift them)",
            k,
            where,
        )
