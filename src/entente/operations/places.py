"""Where rosters and orders send units: the scenario's sites, or a checkpoint game's roads.

A plan's targets are its sites once per time slot, slot-major (``site@slot``:
:class:`~entente.scenario.slots.TargetIndex`), so target ``t`` is site
``t % sites`` in slot ``t // sites``; rosters, orders and calendars name a
unit's place by its site. A checkpoint game's units hold roads, not targets:
its roster choices index the network's edges (``strategy.form:
checkpoints``, :mod:`entente.operations.checkpoints`, in the file's edge
order), and it has no slots. Reading targets where roads are meant once sent
a checkpoint to a monument and left the others idle.
"""

from __future__ import annotations

from dataclasses import dataclass

from entente.operations.checkpoints import edge_names
from entente.scenario.schema import ScenarioDoc

__all__ = ["Place", "Places", "places_of"]


@dataclass(frozen=True)
class Place:
    """A site (with its coordinates when the file gives them) or a road."""

    id: str
    name: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Places:
    """The places a plan's roster choices index, and its slot ids (empty: none)."""

    sites: tuple[Place, ...]
    slots: tuple[str, ...]
    roads: bool

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.sites)

    @property
    def n_slots(self) -> int:
        return max(1, len(self.slots))

    def of_target(self, target: int) -> Place:
        """The place of a game target (a slot's copy of a site is that site)."""
        return self.sites[target % len(self.sites)]


def places_of(document: ScenarioDoc, *, roads: bool) -> Places:
    """The scenario's sites and slots, or (``roads``) its network's edges."""
    if roads:
        names = edge_names(document)
        return Places(tuple(Place(e, name) for e, name in names.items()), (), True)
    sites = tuple(
        Place(t["id"], str(t.get("name", t["id"])), t.get("lat"), t.get("lon"))
        for t in document["targets"]
    )
    return Places(sites, tuple(s["id"] for s in document.get("slots", [])), False)
