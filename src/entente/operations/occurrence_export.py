"""Rosters per slot occurrence as CSV and JSON (DESIGN.md "Slots in time, rosters and orders").

CSV (stable): header ``date,slot,start,end,resource,unit,targets``, one row
per unit per occurrence, ordered by occurrence start (then slot file
order), resource as in the scenario file, unit. ``date`` is the local date
the occurrence starts; ``start``/``end`` ISO 8601 with the UTC offset;
``targets`` the unit's sites in that slot (no ``@slot``), in route order,
``;``-joined, empty for an idle unit. Ids and ISO times never need quoting.

JSON (``entente-occurrence-roster/1``): the same rows as ``records``, with
``targets`` as a list, plus the scenario, its time zone and the generator.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from entente.operations.jsonstream import coalesce, json_items, json_object
from entente.operations.occurrence_roster import OccurrenceRosters

__all__ = [
    "OCCURRENCE_CSV_HEADER",
    "OCCURRENCE_ROSTER_FORMAT",
    "iter_occurrence_csv",
    "iter_occurrence_json",
    "occurrence_document",
    "occurrence_records",
]

OCCURRENCE_CSV_HEADER = b"date,slot,start,end,resource,unit,targets\n"
OCCURRENCE_ROSTER_FORMAT = "entente-occurrence-roster/1"


def occurrence_records(rosters: OccurrenceRosters) -> Iterator[dict[str, Any]]:
    """One record per unit per occurrence, in CSV order (``targets`` a list of site ids)."""
    plan = rosters.plan
    sites = rosters.plan.places.ids
    for k, o in enumerate(rosters.occurrences):
        head = {
            "date": o.date.isoformat(),
            "slot": o.slot,
            "start": o.start.isoformat(),
            "end": o.end.isoformat(),
        }
        for draw in rosters.units(k):
            yield {
                **head,
                "resource": plan.resource_ids[draw.resource],
                "unit": draw.unit,
                "targets": [sites[s] for s in draw.sites],
            }


def iter_occurrence_csv(rosters: OccurrenceRosters) -> Iterator[bytes]:
    """The CSV in chunks of about 4096 rows, header first.

    A row is its occurrence's ``date,slot,start,end`` and one of the few
    ``,resource,unit,targets`` pieces (one per unit and slot route), each
    formatted once.
    """
    yield OCCURRENCE_CSV_HEADER
    plan = rosters.plan
    sites = rosters.plan.places.ids
    n = len(sites)
    routes = [";".join(sites[t % n] for t in route) for route in rosters.routes]
    labels = [
        f",{plan.resource_ids[r]},{u},"
        for r, u in zip(plan.unit_resource, plan.unit_number, strict=True)
    ]
    pieces: dict[tuple[int, int], str] = {}
    rows: list[str] = []
    for k, o in enumerate(rosters.occurrences):
        head = f"{o.date.isoformat()},{o.slot},{o.start.isoformat()},{o.end.isoformat()}"
        for u, c in enumerate(rosters.choices[k].tolist()):
            piece = pieces.get((u, c))
            if piece is None:
                piece = pieces[u, c] = f"{labels[u]}{routes[c]}\n"
            rows.append(head + piece)
        if len(rows) >= 4096:
            yield "".join(rows).encode()
            rows.clear()
    if rows:
        yield "".join(rows).encode()


def occurrence_document(rosters: OccurrenceRosters, timezone: str) -> dict[str, Any]:
    """The rosters as a JSON-ready object: the CSV's records plus where they come from."""
    return {**_head(rosters, timezone), "records": list(occurrence_records(rosters))}


def iter_occurrence_json(
    rosters: OccurrenceRosters, timezone: str, *, before: Mapping[str, Any] | None = None
) -> Iterator[bytes]:
    """``orjson.dumps({**before, **occurrence_document(...)})`` in chunks, a batch of records
    at a time (``before``: keys that come first, as the orders' ``date``)."""
    head = {**(before or {}), **_head(rosters, timezone)}
    return coalesce(json_object(head, "records", json_items(occurrence_records(rosters))))


def _head(rosters: OccurrenceRosters, timezone: str) -> dict[str, Any]:
    scenario = rosters.plan.scenario
    return {
        "format": OCCURRENCE_ROSTER_FORMAT,
        "scenario": scenario.name,
        "scenario_sha256": scenario.sha256(),
        "timezone": timezone,
        "generator": "seeded" if rosters.seeded else "secrets",
        "seed": rosters.seed,
        "occurrences": len(rosters.occurrences),
    }
