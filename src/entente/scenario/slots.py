"""Time windows: sites declared once, slots declared once, targets ``site@slot`` for every pair.

With ``slots:``, each entry of ``targets:`` is a *site*; the game gets one
target per slot and site, id ``site@slot`` (ids cannot contain ``@``, so
the form is unambiguous), ordered slot by slot. A slot may scale the
sites' payoffs (``scale: {attacker: {uncovered: 0.4}}``: rough sea makes a
launch less likely to succeed). References in resources name a site
(every slot) or one ``site@slot``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

import numpy as np

from entente._exceptions import FieldProblem
from entente.model import Game, GameProblem
from entente.model.intervals import AttackerBounds
from entente.scenario.schema import ScenarioDoc

__all__ = [
    "SEPARATOR",
    "TargetIndex",
    "expand_slots",
    "game_target_ids",
    "slot_locator",
]

SEPARATOR = "@"


class TargetIndex:
    """Sites x slots, and the game's target index of each pair (slot-major).

    The site list is read from the document only when first needed, so a
    file without slots or references pays nothing for it.
    """

    def __init__(self, doc: ScenarioDoc) -> None:
        self._doc = doc

    @classmethod
    def of(cls, doc: ScenarioDoc) -> TargetIndex:
        return cls(doc)

    @functools.cached_property
    def sites(self) -> tuple[str, ...]:
        return tuple(t["id"] for t in self._doc["targets"])

    @functools.cached_property
    def slots(self) -> tuple[str, ...]:
        return tuple(s["id"] for s in self._doc.get("slots", []))

    @property
    def n_slots(self) -> int:
        return max(1, len(self.slots))

    def target(self, site: int, slot: int) -> int:
        return slot * len(self.sites) + site

    def ids(self) -> tuple[str, ...]:
        if not self.slots:
            return self.sites
        return tuple(f"{site}{SEPARATOR}{slot}" for slot in self.slots for site in self.sites)

    def site_and_slot(self, target: int) -> tuple[int, int]:
        return target % len(self.sites), target // len(self.sites)

    def resolve(self, ref: str) -> tuple[list[int], int | None, str]:
        """Targets a reference names, its slot (None: every slot), or why it names none."""
        site_id, _, slot_id = ref.partition(SEPARATOR)
        if site_id not in self._site_position:
            return [], None, f"unknown target {site_id!r}{self._known(self.sites)}"
        site = self._site_position[site_id]
        if not slot_id:
            return [self.target(site, s) for s in range(self.n_slots)], None, ""
        if not self.slots:
            return [], None, f"{ref!r} names a slot, but the scenario declares no `slots`"
        if slot_id not in self._slot_position:
            return [], None, f"unknown slot {slot_id!r}{self._known(self.slots)}"
        slot = self._slot_position[slot_id]
        return [self.target(site, slot)], slot, ""

    @functools.cached_property
    def _site_position(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.sites)}

    @functools.cached_property
    def _slot_position(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.slots)}

    @staticmethod
    def _known(ids: tuple[str, ...]) -> str:
        shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
        return f" (known: {shown})"


def game_target_ids(doc: ScenarioDoc) -> tuple[str, ...]:
    """The compiled game's target ids: the sites, or ``site@slot`` for every pair."""
    return TargetIndex.of(doc).ids()


def expand_slots(doc: ScenarioDoc, game: Game, index: TargetIndex) -> Game:
    """The site game repeated once per slot, payoffs (and their intervals) scaled per slot."""
    slots = doc.get("slots", [])
    if not slots:
        return game
    factors = {
        (side, state): [s.get("scale", {}).get(side, {}).get(state, 1.0) for s in slots]  # type: ignore[attr-defined]
        for side in ("defender", "attacker")
        for state in ("covered", "uncovered")
    }

    def repeated(values: np.ndarray, side: str, state: str) -> np.ndarray:
        return _frozen(np.concatenate([values * f for f in factors[side, state]], axis=1))

    bounds = game.attacker_bounds
    if bounds is not None:
        bounds = AttackerBounds(
            **{
                f"{state}_{end}": repeated(getattr(bounds, f"{state}_{end}"), "attacker", state)
                for state in ("covered", "uncovered")
                for end in ("low", "high")
            }
        )
    target_slots = np.repeat(np.arange(len(slots)), len(index.sites))
    return dataclasses.replace(
        game,
        target_ids=index.ids(),
        min_coverage=_frozen(np.tile(game.min_coverage, len(slots))),
        slot_ids=index.slots,
        target_slots=_frozen(target_slots),
        attacker_bounds=bounds,
        defender_covered=repeated(game.defender_covered, "defender", "covered"),
        defender_uncovered=repeated(game.defender_uncovered, "defender", "uncovered"),
        attacker_covered=repeated(game.attacker_covered, "attacker", "covered"),
        attacker_uncovered=repeated(game.attacker_uncovered, "attacker", "uncovered"),
    )


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def slot_locator(
    doc: ScenarioDoc, index: TargetIndex, locate: Callable[[GameProblem, ScenarioDoc], FieldProblem]
) -> Callable[[GameProblem], FieldProblem]:
    """Map a problem of the expanded game back to the site entry, naming the slot."""

    def located(problem: GameProblem) -> FieldProblem:
        r = problem.resource_index
        if r is not None and problem.field not in ("count", "effectiveness", "kind"):
            field = problem.field
            if doc["resources"][r].get("kind") == "static":
                field = field.replace("schedules", "sites")
            return FieldProblem(f"resources[{r}].{field}", problem.message)
        t = problem.target_index
        if not index.slots or t is None:
            return locate(problem, doc)
        site, slot = index.site_and_slot(t)
        at_site = GameProblem(problem.field, problem.message, problem.type_index, site)
        found = locate(at_site, doc)
        return FieldProblem(found.path, f"in slot {index.slots[slot]!r}: {found.message}")

    return located
