"""Coverage in plain words, and the coverage table as CSV.

Coverage is an interdiction probability; a planner asks two other questions:
how often is someone there, and how often would an attempt there be stopped.
The first is the **presence** of each kind of resource, read from the plan's
strategy (a mixture of deployments: the total probability of the deployments
that send at least one unit of that kind there; a comb plan: the marginal);
the second is the coverage itself. With effectiveness below 1 the two differ
("a team is here on 9 nights in 10: an attempt here is stopped about
5 times in 10"). Frequencies are rounded to tenths, with words for always,
never and rarely.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping

from entente.report.plan_view import PlanView, TargetView, slot_of
from entente.report.slot_maps import slot_ids

__all__ = ["coverage_csv", "in_words", "occasion", "on_roads", "presence"]

_KINDS = (
    ("guard", "a team is here"),
    ("patrol", "a patrol flies over"),
    ("static", "a barrier stands here"),
)


def presence(view: PlanView) -> dict[str, dict[str, float]]:
    """Target id -> resource kind -> probability that at least one unit of that kind is there."""
    strategy = view.document.get("strategy")
    out: dict[str, dict[str, float]] = defaultdict(dict)
    if not isinstance(strategy, Mapping):
        return out
    if strategy.get("form") == "comb":
        for target, marginal in strategy.get("marginals", {}).items():
            out[target]["guard"] = float(marginal)
        return out
    kinds = {r["id"]: r.get("kind", "guard") for r in view.scenario.document["resources"]}
    for deployment in strategy.get("deployments", []):
        there: set[tuple[str, str]] = set()
        for resource, units in deployment["resources"].items():
            there.update((t, kinds.get(resource, "guard")) for unit in units for t in unit)
        for target, kind in there:
            out[target][kind] = out[target].get(kind, 0.0) + float(deployment["probability"])
    return out


def occasion(view: PlanView) -> tuple[str, str] | None:
    """What one draw of the plan is called, for "on 6 nights in 10".

    Nights for slots that cross midnight or are named nights; days for a plan
    without slots (rosters draw one deployment a day); otherwise None, and
    frequencies read "6 times in 10".
    """
    slots = view.scenario.document.get("slots", [])
    if not slots:
        return "day", "days"
    for slot in slots:
        start = str(slot.get("start", ""))[-5:]
        if start[:2].isdigit() and int(start[:2]) + float(slot.get("hours", 0)) > 24:
            return "night", "nights"
        if "night" in str(slot.get("name", "")).lower():
            return "night", "nights"
    return None


def _often(p: float, when: tuple[str, str] | None) -> str:
    one, many = when or ("time", "times")
    on = "on " if when else ""
    if p >= 0.995:
        return f"every {one}"
    if p >= 0.95:
        return f"{on}almost every {one}"
    if p < 0.05:
        return f"{on}fewer than 1 {one} in 20"
    n = round(10 * p)
    return f"{on}{n} {many if n > 1 else one} in 10"


def _times(p: float) -> str:
    said = _often(p, None)
    return f"about {said}" if said[0].isdigit() else said


def on_roads(view: PlanView) -> bool:
    """A checkpoint game: its units stand on roads, and a target's coverage is its safest road's."""
    return bool(view.scenario.document.get("network"))


def in_words(
    target: TargetView,
    present: Mapping[str, float],
    when: tuple[str, str] | None,
    *,
    roads: bool = False,
) -> str:
    """One target's coverage as a planner says it (``roads``: a checkpoint game's)."""
    parts = [
        f"{phrase} {_often(present[kind], when)}"
        for kind, phrase in _KINDS
        if present.get(kind, 0.0) >= 0.005
    ]
    if target.coverage < 0.005 and not parts:
        nobody = "No checkpoint stands on the safest road here" if roads else "Nobody is sent here"
        return f"{nobody}: an attempt here is never stopped."
    stopped = (
        "an attempt here is almost never stopped."
        if target.coverage < 0.005
        else f"an attempt here is stopped {_times(target.coverage)}."
    )
    if not parts:
        return stopped[0].upper() + stopped[1:]
    said = "; ".join(parts)
    return f"{said[0].upper()}{said[1:]}: {stopped}"


def coverage_csv(view: PlanView) -> str:
    """The coverage table: one row per target (per site and slot), with presences and words."""
    present, when, roads = presence(view), occasion(view), on_roads(view)
    slotted = bool(slot_ids(view))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["target", *(["slot", "site"] if slotted else []), "name", "coverage", "value"]
    header += [f"presence_{kind}" for kind, _ in _KINDS]
    writer.writerow([*header, "defender_utility", "attacked_by", "in_words"])
    for t in view.targets:
        site = t.id.partition("@")[0]
        where = [slot_of(t.id) or "", site] if slotted else []
        shares = [f"{present.get(t.id, {}).get(kind, 0.0):.6f}" for kind, _ in _KINDS]
        writer.writerow(
            [
                t.id,
                *where,
                t.name,
                f"{t.coverage:.6f}",
                f"{t.value:.6g}",
                *shares,
                f"{t.defender_utility:.6f}",
                " ".join(t.attacked_by),
                in_words(t, present.get(t.id, {}), when, roads=roads),
            ]
        )
    return buffer.getvalue()
