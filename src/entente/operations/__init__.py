"""From plan to operations: rosters that reproduce a plan exactly, and their exports.

The service and the CLI call :func:`draw_rosters` (a verified plan record,
a plan document, or ``(game, plan)`` for a game built in code in;
:class:`Rosters` out; secure randomness unless a seed is asked for), then
:func:`roster_csv`, :func:`roster_document` (JSON; :func:`iter_roster_json`
streams the same bytes) or :func:`roster_ics`.
A plan with time slots is drawn per slot occurrence
(:func:`draw_occurrence_rosters`, given
:func:`entente.scenario.occurrences.occurrences`); :func:`draw_orders` draws
the occurrences starting on one date.
"""

from entente.operations.export import (
    CSV_HEADER,
    ROSTER_FORMAT,
    iter_roster_csv,
    iter_roster_json,
    roster_csv,
    roster_document,
)
from entente.operations.occurrence_roster import OccurrenceRosters, draw_occurrence_rosters
from entente.operations.orders import Orders, draw_orders
from entente.operations.planinput import MAX_ROSTER_UNITS, RosterPlan, roster_plan
from entente.operations.randomness import RandomWords, random_words
from entente.operations.roster import Rosters, draw_rosters

__all__ = [
    "CSV_HEADER",
    "MAX_ROSTER_UNITS",
    "ROSTER_FORMAT",
    "OccurrenceRosters",
    "Orders",
    "RandomWords",
    "RosterPlan",
    "Rosters",
    "draw_occurrence_rosters",
    "draw_orders",
    "draw_rosters",
    "iter_roster_csv",
    "iter_roster_json",
    "random_words",
    "roster_csv",
    "roster_document",
    "roster_plan",
]
