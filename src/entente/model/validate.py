"""The rules every game obeys, checked in one place.

Problems carry a :class:`GameProblem` location (array name, type index,
target index) so that the scenario layer can translate them into the
field paths of the file the user wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from entente._exceptions import FieldProblem, GameError
from entente.model.game import FloatArray, Game
from entente.model.resource_rules import resource_problems, slot_problems
from entente.model.scales import scale_problems
from entente.model.validate_behaviour import behaviour_problems, bound_problems

__all__ = ["PRIOR_TOLERANCE", "GameProblem", "game_problems", "validate_game"]

PRIOR_TOLERANCE = 1e-9
_MAX_REPORTED = 20


@dataclass(frozen=True)
class GameProblem:
    """What is wrong, and where: ``field`` names a :class:`Game` attribute."""

    field: str
    message: str
    type_index: int | None = None
    target_index: int | None = None
    resource_index: int | None = None

    def path(self) -> str:
        index = [
            i for i in (self.type_index, self.target_index, self.resource_index) if i is not None
        ]
        return self.field + (f"[{', '.join(map(str, index))}]" if index else "")


def validate_game(game: Game) -> None:
    """Raise :class:`GameError` listing every rule ``game`` breaks."""
    problems = list(game_problems(game))
    if problems:
        raise GameError([FieldProblem(p.path(), p.message) for p in problems])


def game_problems(game: Game) -> Iterator[GameProblem]:
    """Yield the problems of ``game``; shape problems stop the rest of the checks."""
    shape_problems = list(_shape_problems(game))
    if shape_problems:
        yield from shape_problems
        return
    yield from _payoff_problems(game)
    yield from _prior_problems(game)
    yield from _coverage_floor_problems(game)
    yield from _resource_problems(game)
    yield from _id_problems(game)
    yield from (GameProblem(field, message) for field, message in slot_problems(game))
    yield from behaviour_problems(game)
    yield from bound_problems(game)


def _shape_problems(game: Game) -> Iterator[GameProblem]:
    n, k = len(game.target_ids), len(game.type_ids)
    if n == 0:
        yield GameProblem("target_ids", "a game needs at least one target")
    if k == 0:
        yield GameProblem("type_ids", "a game needs at least one attacker type")
    for name in (
        "defender_covered",
        "defender_uncovered",
        "attacker_covered",
        "attacker_uncovered",
    ):
        shape = getattr(game, name).shape
        if shape != (k, n):
            yield GameProblem(name, f"has shape {shape}, expected (types, targets) = {(k, n)}")
    if game.priors.shape != (k,):
        yield GameProblem("priors", f"has shape {game.priors.shape}, expected ({k},)")
    if game.min_coverage.shape != (n,):
        yield GameProblem("min_coverage", f"has shape {game.min_coverage.shape}, expected ({n},)")


def _first(mask: np.ndarray) -> list[tuple[int, ...]]:
    return [tuple(int(i) for i in idx) for idx in np.argwhere(mask)[:_MAX_REPORTED]]


def _payoff_problems(game: Game) -> Iterator[GameProblem]:
    arrays: dict[str, FloatArray] = {
        "defender_covered": game.defender_covered,
        "defender_uncovered": game.defender_uncovered,
        "attacker_covered": game.attacker_covered,
        "attacker_uncovered": game.attacker_uncovered,
    }
    finite = True
    for name, array in arrays.items():
        for k, t in _first(~np.isfinite(array)):
            finite = False
            yield GameProblem(name, f"must be a finite number, got {array[k, t]}", k, t)
    if not finite:
        return
    for k, t in _first(game.defender_covered < game.defender_uncovered):
        yield GameProblem(
            "defender_covered",
            f"the defender's covered payoff ({game.defender_covered[k, t]:g}) must be at least "
            f"its uncovered payoff ({game.defender_uncovered[k, t]:g})",
            k,
            t,
        )
    for k, t in _first(game.attacker_covered > game.attacker_uncovered):
        yield GameProblem(
            "attacker_covered",
            f"the attacker's covered payoff ({game.attacker_covered[k, t]:g}) must be at most "
            f"its uncovered payoff ({game.attacker_uncovered[k, t]:g}): being caught is worse",
            k,
            t,
        )
    for field, message, type_index, target in scale_problems(game):
        yield GameProblem(field, message, type_index, target)


def _prior_problems(game: Game) -> Iterator[GameProblem]:
    priors = game.priors
    bad = False
    for (k,) in _first(~np.isfinite(priors) | (priors < 0) | (priors > 1)):
        bad = True
        yield GameProblem("priors", f"must be a probability in [0, 1], got {priors[k]}", k)
    total = float(np.sum(priors))
    if not bad and abs(total - 1.0) > PRIOR_TOLERANCE:
        yield GameProblem(
            "priors", f"must sum to 1 (within {PRIOR_TOLERANCE:g}), they sum to {total!r}"
        )


def _coverage_floor_problems(game: Game) -> Iterator[GameProblem]:
    floors = game.min_coverage
    for (t,) in _first(~np.isfinite(floors) | (floors < 0) | (floors > 1)):
        yield GameProblem(
            "min_coverage", f"must be a probability in [0, 1], got {floors[t]}", target_index=t
        )


def _resource_problems(game: Game) -> Iterator[GameProblem]:
    for r, resource in enumerate(game.resources):
        if isinstance(resource.count, bool) or not isinstance(resource.count, int | np.integer):
            yield GameProblem(
                "count", f"must be an integer, got {resource.count!r}", resource_index=r
            )
        elif resource.count < 0:
            yield GameProblem(
                "count", f"must be at least 0, got {resource.count}", resource_index=r
            )
        e = resource.effectiveness
        if not (np.isfinite(e) and 0.0 <= e <= 1.0):
            yield GameProblem("effectiveness", f"must be in [0, 1], got {e}", resource_index=r)
        for field, message in resource_problems(game, r, resource):
            yield GameProblem(field, message, resource_index=r)


def _id_problems(game: Game) -> Iterator[GameProblem]:
    for name, ids in (("target_ids", game.target_ids), ("type_ids", game.type_ids)):
        yield from _duplicates(name, ids)
    yield from _duplicates("resources", tuple(r.id for r in game.resources))


def _duplicates(name: str, ids: tuple[str, ...]) -> Iterator[GameProblem]:
    if len(set(ids)) == len(ids):
        return
    seen: set[str] = set()
    for i, identifier in enumerate(ids):
        if identifier in seen:
            yield GameProblem(name, f"duplicate id {identifier!r}", target_index=i)
        seen.add(identifier)
