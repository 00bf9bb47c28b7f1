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

__all__ = ["coverage_csv", "in_words", "occasion", "presence"]

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


def occasion(view: PlanView) -> tuple[str, str]:
    """What one draw of the plan is called: ("night", "nights") for night slots, else days."""
    slots = view.scenario.document.get("slots", [])
    for slot in slots:
        start = str(slot.get("start", ""))[-5:]
        if (start[:2].isdigit() and not 5 <= int(start[:2]) < 17) or "night" in str(
            slot.get("name", "")
        ).lower():
            return "night", "nights"
    return "day", "days"


def _often(p: float, when: tuple[str, str]) -> str:
    one, many = when
    if p >= 0.995:
        return f"every {one}"
    if p >= 0.95:
        return f"on almost every {one}"
    if p < 0.05:
        return f"on fewer than 1 {one} in 20"
    return f"on {round(10 * p)} {many if round(10 * p) > 1 else one} in 10"


def _times(p: float) -> str:
    if p >= 0.995:
        return "every time"
    if p >= 0.95:
        return "almost every time"
    if p < 0.05:
        return "fewer than 1 time in 20"
    return f"about {round(10 * p)} time{'s' if round(10 * p) > 1 else ''} in 10"


def in_words(target: TargetView, present: Mapping[str, float], when: tuple[str, str]) -> str:
    """One target's coverage as a planner says it."""
    parts = [
        f"{phrase} {_often(present[kind], when)}"
        for kind, phrase in _KINDS
        if present.get(kind, 0.0) >= 0.005
    ]
    if target.coverage < 0.005:
        return "Nobody is sent here: an attempt here is never stopped."
    stopped = f"an attempt here is stopped {_times(target.coverage)}."
    if not parts:
        return stopped[0].upper() + stopped[1:]
    said = "; ".join(parts)
    return f"{said[0].upper()}{said[1:]}: {stopped}"


def coverage_csv(view: PlanView) -> str:
    """The coverage table: one row per target (per site and slot), with presences and words."""
    present = presence(view)
    when = occasion(view)
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
                in_words(t, present.get(t.id, {}), when),
            ]
        )
    return buffer.getvalue()
