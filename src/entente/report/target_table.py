"""A plan's targets as table rows: place, slot, coverage, value, payoffs and outcome if attacked.

What the web page shows when a planner hovers a target on the map or sorts
the coverage table, derived from :class:`~entente.report.plan_view.PlanView`
so that the page and the report say the same numbers. Payoffs are the
compiled game's (after any slot's ``scale``), per attacker type, in the
user's units: ``defender[type]`` and ``attacker[type]`` as ``{covered,
uncovered}``.
"""

from __future__ import annotations

from typing import Any

from entente.report.plan_view import PlanView, slot_of
from entente.report.slot_maps import slot_ids, slot_name

__all__ = ["slot_rows", "target_rows"]


def target_rows(view: PlanView) -> list[dict[str, Any]]:
    """One record per target, in the game's order."""
    game = view.game
    names = {t["id"]: str(t.get("name", t["id"])) for t in view.scenario.document["targets"]}
    rows = []
    for j, target in enumerate(view.targets):
        site = target.id.partition("@")[0]
        rows.append(
            {
                "id": target.id,
                "site": site,
                "name": names.get(target.id, names.get(site, site)),
                "slot": slot_of(target.id),
                "lat": target.lat,
                "lon": target.lon,
                "coverage": target.coverage,
                "value": target.value,
                "defender_utility": target.defender_utility,
                "attacker_utility": target.attacker_utility,
                "attacked_by": list(target.attacked_by),
                "defender": {
                    k: {
                        "covered": float(game.defender_covered[i, j]),
                        "uncovered": float(game.defender_uncovered[i, j]),
                    }
                    for i, k in enumerate(game.type_ids)
                },
                "attacker": {
                    k: {
                        "covered": float(game.attacker_covered[i, j]),
                        "uncovered": float(game.attacker_uncovered[i, j]),
                    }
                    for i, k in enumerate(game.type_ids)
                },
            }
        )
    return rows


def slot_rows(view: PlanView) -> list[dict[str, Any]]:
    """The scenario's slots in file order: id, display name, and when (as written), if said."""
    entries = {s["id"]: s for s in view.scenario.document.get("slots", [])}
    return [
        {
            "id": slot,
            "name": slot_name(view, slot),
            "start": _text(entries[slot].get("start")),
            "weekday": _text(entries[slot].get("weekday")),
        }
        for slot in slot_ids(view)
    ]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
