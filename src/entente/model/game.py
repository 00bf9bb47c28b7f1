"""The game in plain arrays: payoffs per attacker type x target, priors, resources.

Indices, not ids, are what algorithms see. ``target_ids`` and ``type_ids``
only label results; :func:`entente.scenario.compile_scenario` is the one
place that turns a scenario's ids into these indices.

Utilities are linear in the coverage ``c_t`` (the probability that an
attack on target ``t`` is interdicted)::

    U_d(k, t, c) = c * defender_covered[k, t] + (1 - c) * defender_uncovered[k, t]
    U_a(k, t, c) = c * attacker_covered[k, t] + (1 - c) * attacker_uncovered[k, t]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from entente.model.behaviour import Behaviour
    from entente.model.intervals import AttackerBounds
    from entente.model.network import Network
    from entente.model.route_space import RouteSpace

__all__ = [
    "RESOURCE_KINDS",
    "FloatArray",
    "Game",
    "IntArray",
    "Resource",
    "ResourceKind",
    "make_game",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
ResourceKind = Literal["guard", "patrol", "static"]
RESOURCE_KINDS: tuple[ResourceKind, ...] = ("guard", "patrol", "static")


@dataclass(frozen=True)
class Resource:
    """``count`` interchangeable units; each guard unit covers one target per deployment.

    ``effectiveness`` is the probability that a unit covering a target
    interdicts an attack there. Units of one guard resource never stack on
    one target.

    The kinds (DESIGN.md vocabulary):

    ``guard``
        one target per time slot; ``targets`` (target indices), when given,
        restricts where its units may stand.
    ``patrol``
        one schedule per time slot, out of ``schedules`` (tuples of target
        indices, in route order, each within one slot); units of one patrol
        resource may fly the same route. With ``routes`` (a
        :class:`~entente.model.route_space.RouteSpace`), any tour within the
        endurance is a schedule and ``schedules`` stays empty: never listed.
    ``static``
        one site out of ``schedules`` (each site the tuple of targets a unit
        placed there covers, in every slot), the same in every deployment:
        not randomised; units occupy distinct sites and may stay unplaced.

    ``slot_counts[s]``, when given, is the number of units available in time
    slot ``s`` (at most ``count``); otherwise all ``count`` units are.
    """

    id: str
    count: int
    kind: ResourceKind = "guard"
    effectiveness: float = 1.0
    schedules: tuple[tuple[int, ...], ...] = ()
    targets: tuple[int, ...] | None = None
    slot_counts: tuple[int, ...] | None = None
    routes: RouteSpace | None = None

    @property
    def mobile(self) -> bool:
        """Guards and patrols are randomised afresh in every deployment; statics are not."""
        return self.kind != "static"

    def units_in_slot(self, slot: int) -> int:
        """Units available in time slot ``slot``."""
        return self.count if self.slot_counts is None else self.slot_counts[slot]


def _frozen(array: npt.ArrayLike, ndim: int) -> FloatArray:
    out = np.array(array, dtype=np.float64, ndmin=ndim)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Game:
    """A Bayesian Stackelberg security game.

    Payoff arrays have shape ``(n_types, n_targets)``; ``priors`` has shape
    ``(n_types,)``; ``min_coverage`` (mandatory posts) has shape
    ``(n_targets,)``, zeros when there are none. Arrays are read-only.
    Build games with :func:`make_game`, which validates them.

    With time windows, ``slot_ids`` names the slots and ``target_slots[t]``
    is the slot of target ``t``; without, both are empty and every target is
    in the one implicit slot.
    """

    target_ids: tuple[str, ...]
    type_ids: tuple[str, ...]
    priors: FloatArray
    defender_covered: FloatArray
    defender_uncovered: FloatArray
    attacker_covered: FloatArray
    attacker_uncovered: FloatArray
    resources: tuple[Resource, ...]
    min_coverage: FloatArray
    name: str = field(default="game")
    slot_ids: tuple[str, ...] = ()
    target_slots: IntArray | None = None
    behaviours: tuple[Behaviour, ...] = ()
    """Each type's behaviour (:mod:`entente.model.behaviour`); empty: all rational."""
    attacker_bounds: AttackerBounds | None = None
    """Interval attacker payoffs; the point payoffs above are their midpoints."""
    network: Network | None = None
    """A checkpoint game's road graph and checkpoints (then ``resources`` is empty)."""

    @property
    def n_slots(self) -> int:
        """Time slots (at least 1: a game without time windows has one)."""
        return max(1, len(self.slot_ids))

    def slot_of(self) -> IntArray:
        """The time slot of every target (all 0 without time windows)."""
        if self.target_slots is None:
            return np.zeros(self.n_targets, dtype=np.intp)
        return self.target_slots

    @property
    def classic(self) -> bool:
        """Only unrestricted guards, no time slots: the coverage-box game."""
        return (
            self.network is None
            and not self.slot_ids
            and all(
                r.kind == "guard" and r.targets is None and r.slot_counts is None
                for r in self.resources
            )
        )

    @property
    def n_targets(self) -> int:
        return len(self.target_ids)

    @property
    def n_types(self) -> int:
        return len(self.type_ids)

    def behaviour(self, k: int) -> Behaviour:
        """The behaviour of type ``k`` (rational unless the game says otherwise)."""
        from entente.model.behaviour import Rational

        return self.behaviours[k] if self.behaviours else Rational()

    @property
    def all_rational(self) -> bool:
        """Every type best-responds (the classic Stackelberg game)."""
        return all(b.model == "rational" for b in self.behaviours)

    def defender_utility(self, coverage: FloatArray) -> FloatArray:
        """Defender's utility per type x target under ``coverage``."""
        return self.defender_uncovered + coverage * (
            self.defender_covered - self.defender_uncovered
        )

    def attacker_utility(self, coverage: FloatArray) -> FloatArray:
        """Attacker's utility per type x target under ``coverage``."""
        return self.attacker_uncovered - coverage * (
            self.attacker_uncovered - self.attacker_covered
        )

    def payoff_scale(self) -> float:
        """The largest payoff magnitude (at least 1): the unit of every tolerance."""
        arrays = (
            self.defender_covered,
            self.defender_uncovered,
            self.attacker_covered,
            self.attacker_uncovered,
        )
        return max(1.0, *(float(np.max(np.abs(a))) for a in arrays))

    def defender_range(self) -> float:
        """Spread of the defender's payoffs (at least 1e-12): scales the default gap."""
        high = float(np.max(self.defender_covered))
        low = float(np.min(self.defender_uncovered))
        return max(high - low, 1e-12)


def make_game(
    *,
    defender_covered: npt.ArrayLike,
    defender_uncovered: npt.ArrayLike,
    attacker_covered: npt.ArrayLike,
    attacker_uncovered: npt.ArrayLike,
    resources: tuple[Resource, ...] | list[Resource] | int,
    priors: npt.ArrayLike | None = None,
    min_coverage: npt.ArrayLike | None = None,
    target_ids: tuple[str, ...] | list[str] | None = None,
    type_ids: tuple[str, ...] | list[str] | None = None,
    name: str = "game",
    slot_ids: tuple[str, ...] | list[str] | None = None,
    target_slots: npt.ArrayLike | None = None,
    behaviours: tuple[Behaviour, ...] | list[Behaviour] | None = None,
    attacker_bounds: AttackerBounds | None = None,
) -> Game:
    """Build and validate a :class:`Game` from array-likes.

    One-dimensional payoffs describe a single attacker type. Defender payoffs
    of shape ``(n_targets,)`` are shared by every type. ``resources`` may be
    an int: that many guard units of effectiveness 1, named ``guard``.
    ``behaviours`` gives each type's behaviour (default: all rational);
    ``attacker_bounds`` holds interval attacker payoffs.
    """
    from entente.model.validate import validate_game

    attacker_c = _frozen(attacker_covered, 2)
    attacker_u = _frozen(attacker_uncovered, 2)
    n_types, n_targets = attacker_u.shape
    defender_c = _frozen(np.broadcast_to(defender_covered, (n_types, n_targets)), 2)
    defender_u = _frozen(np.broadcast_to(defender_uncovered, (n_types, n_targets)), 2)
    if isinstance(resources, int):
        resources = (Resource(id="guard", count=resources),)
    game = Game(
        target_ids=tuple(target_ids) if target_ids is not None else _default_ids("t", n_targets),
        type_ids=tuple(type_ids) if type_ids is not None else _default_type_ids(n_types),
        priors=_frozen(np.ones(n_types) / n_types if priors is None else priors, 1),
        defender_covered=defender_c,
        defender_uncovered=defender_u,
        attacker_covered=attacker_c,
        attacker_uncovered=attacker_u,
        resources=tuple(resources),
        min_coverage=_frozen(np.zeros(n_targets) if min_coverage is None else min_coverage, 1),
        name=name,
        slot_ids=tuple(slot_ids) if slot_ids is not None else (),
        target_slots=_frozen_slots(target_slots),
        behaviours=tuple(behaviours) if behaviours is not None else (),
        attacker_bounds=attacker_bounds,
    )
    validate_game(game)
    return game


def _frozen_slots(target_slots: npt.ArrayLike | None) -> IntArray | None:
    if target_slots is None:
        return None
    out = np.array(target_slots, dtype=np.intp, ndmin=1)
    out.setflags(write=False)
    return out


def _default_ids(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(n))


def _default_type_ids(n_types: int) -> tuple[str, ...]:
    return ("attacker",) if n_types == 1 else _default_ids("type", n_types)
