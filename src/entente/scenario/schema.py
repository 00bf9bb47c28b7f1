"""The scenario file format (DESIGN.md, "Scenario file"), as pydantic TypedDicts.

TypedDicts rather than models: pydantic-core validates them straight from
JSON bytes into plain dicts, which keeps a 10^6-target file to a few
seconds. Unknown keys are errors everywhere (``extra="forbid"``); numbers
are strict (no booleans, no numeric strings) and finite.

A payoff is ``{covered, uncovered}``; a target's ``attacker`` (and, when
the defender's payoffs differ by type, its ``defender``) may instead map
attacker type ids to such pairs. Which form a mapping takes is decided by
its keys, so an error names the right field.

Resources of kind ``patrol`` take ``schedules`` (explicit routes) and/or
``routes`` (generated from a base within an endurance); ``static`` ones take
``sites``; guards may be restricted with ``targets``. With ``slots`` (time
windows) every target is a site present in every slot, with id
``site@slot``; a reference may name a site (every slot) or a ``site@slot``.
A slot may say when it happens (``start``, ``hours``, and ``weekday`` for a
weekly slot; :mod:`entente.scenario.occurrences`).
``places`` are locations that are not targets (drone bases); ``graph``
gives distances explicitly instead of from coordinates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, NotRequired
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StringConstraints,
    Tag,
    TypeAdapter,
)
from typing_extensions import TypedDict

from entente.scenario.schema_behaviour import AttackerPayoff, BehaviourDoc

__all__ = [
    "BY_TYPE_TAG",
    "ID_PATTERN",
    "PAIR_TAG",
    "REF_PATTERN",
    "RESERVED_TYPE_IDS",
    "WEEKDAYS",
    "AttackerDoc",
    "AttackerPair",
    "EdgeDoc",
    "NetworkDoc",
    "PayoffPair",
    "PlaceDoc",
    "ResourceDoc",
    "RoadEdgeDoc",
    "RoadNodeDoc",
    "RoutesDoc",
    "ScenarioDoc",
    "SlotDoc",
    "SlotScale",
    "TargetDoc",
    "WeatherBandDoc",
    "WeatherDoc",
    "scenario_adapter",
]

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
PAIR_TAG = "{covered,uncovered}"
BY_TYPE_TAG = "{type:payoff}"

_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Probability = Annotated[float, Strict(), Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0)]
Text = Annotated[str, Strict()]
Latitude = Annotated[float, Strict(), Field(ge=-90.0, le=90.0, allow_inf_nan=False)]
Longitude = Annotated[float, Strict(), Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
MetaValue = str | bool | int | float
REF_PATTERN = r"^[a-z0-9][a-z0-9_-]*(@[a-z0-9][a-z0-9_-]*)?$"
Ref = Annotated[str, Strict(), StringConstraints(pattern=REF_PATTERN)]
Positive = Annotated[float, Strict(), Field(gt=0.0, allow_inf_nan=False)]
NonNegative = Annotated[float, Strict(), Field(ge=0.0, allow_inf_nan=False)]


class PayoffPair(TypedDict):
    """Utility when an attack on the target is interdicted, and when it is not."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    covered: Number
    uncovered: Number


def _payoff_form(value: Any) -> str | None:
    if isinstance(value, dict):
        return PAIR_TAG if ("covered" in value or "uncovered" in value) else BY_TYPE_TAG
    return None


_PAYOFF_FORM = Discriminator(
    _payoff_form,
    custom_error_type="payoff_form",
    custom_error_message=(
        "expected {covered, uncovered} or a mapping from attacker type id to {covered, uncovered}"
    ),
)

Payoffs = Annotated[
    Annotated[PayoffPair, Tag(PAIR_TAG)] | Annotated[dict[Id, PayoffPair], Tag(BY_TYPE_TAG)],
    _PAYOFF_FORM,
]


class AttackerPair(TypedDict):
    """The attacker's payoffs; either may be an interval ``[low, high]``."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    covered: AttackerPayoff
    uncovered: AttackerPayoff


AttackerPayoffs = Annotated[
    Annotated[AttackerPair, Tag(PAIR_TAG)] | Annotated[dict[Id, AttackerPair], Tag(BY_TYPE_TAG)],
    _PAYOFF_FORM,
]


RESERVED_TYPE_IDS = frozenset({"covered", "uncovered"})


def _not_reserved(type_id: str) -> str:
    if type_id in RESERVED_TYPE_IDS:
        raise ValueError(f"{type_id!r} is reserved for payoffs; name the attacker type otherwise")
    return type_id


TypeId = Annotated[Id, AfterValidator(_not_reserved)]


class AttackerDoc(TypedDict):
    """One attacker type of a Bayesian game, with its prior probability."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: TypeId
    prior: Probability
    name: NotRequired[Text]
    behaviour: NotRequired[BehaviourDoc]


class TargetDoc(TypedDict):
    """A place (optionally in a time slot) the adversary may attack."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: Id
    name: NotRequired[Text]
    lat: NotRequired[Latitude]
    lon: NotRequired[Longitude]
    meta: NotRequired[dict[Text, MetaValue]]
    defender: Payoffs
    attacker: AttackerPayoffs
    min_coverage: NotRequired[Probability]
    node: NotRequired[Id]


class RoutesDoc(TypedDict):
    """Patrol routes generated on the site graph: out from ``base`` and back within the endurance.

    The budget is ``endurance_km``, or ``endurance_min`` at ``speed_kmh``;
    ``watch_min`` (minutes over each site, needs ``speed_kmh``) is charged
    per site watched. ``sites`` limits the sites a route may include;
    ``max_sites`` the number per route.
    """

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    base: Id
    endurance_km: NotRequired[Positive]
    endurance_min: NotRequired[Positive]
    speed_kmh: NotRequired[Positive]
    watch_min: NotRequired[NonNegative]
    max_sites: NotRequired[Annotated[int, Strict(), Field(ge=1)]]
    sites: NotRequired[Annotated[list[Id], Field(min_length=1)]]


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Paris"
        ) from None
    return name


Cost = Annotated[float, Strict(), Field(gt=0.0, allow_inf_nan=False)]
Rate = Annotated[float, Strict(), Field(ge=0.0, allow_inf_nan=False)]
TimeZone = Annotated[Text, AfterValidator(_known_zone)]


class ResourceDoc(TypedDict):
    """``count`` units of one kind of resource."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: Id
    name: NotRequired[Text]
    kind: NotRequired[Literal["guard", "patrol", "static", "checkpoint"]]
    count: Count
    effectiveness: NotRequired[Probability]
    targets: NotRequired[Annotated[list[Ref], Field(min_length=1)]]
    schedules: NotRequired[
        Annotated[list[Annotated[list[Ref], Field(min_length=1)]], Field(min_length=1)]
    ]
    routes: NotRequired[RoutesDoc]
    sites: NotRequired[Annotated[list[Id], Field(min_length=1)]]
    edges: NotRequired[Annotated[list[Id], Field(min_length=1)]]
    slot_counts: NotRequired[dict[Id, Count]]
    max_wind_kn: NotRequired[Positive]
    meta: NotRequired[dict[Text, MetaValue]]
    cost: NotRequired[Cost]


class PartialPayoffScale(TypedDict):
    """Factors for the covered and/or uncovered payoff (default 1)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    covered: NotRequired[Positive]
    uncovered: NotRequired[Positive]


class SlotScale(TypedDict):
    """How a slot scales the sites' payoffs: per side, factors on covered and uncovered."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    attacker: NotRequired[PartialPayoffScale]
    defender: NotRequired[PartialPayoffScale]


class WeatherBandDoc(TypedDict):
    """A band of sea state: forecasts within its maxima take its payoff scale (first match wins)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: Id
    name: NotRequired[Text]
    max_wave_m: NotRequired[NonNegative]
    max_wind_kn: NotRequired[NonNegative]
    scale: NotRequired[SlotScale]


class WeatherDoc(TypedDict):
    """How a forecast (``--forecast``) sets each slot's payoff scale: ordered bands."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    bands: Annotated[list[WeatherBandDoc], Field(min_length=1)]


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SLOT_START_FORMS = ("YYYY-MM-DDTHH:MM", "HH:MM")


def _slot_start(text: str) -> str:
    """A dated start ``2024-07-26T19:30`` or a time of day ``22:00``, local to the scenario."""
    shape = re.sub(r"[0-9]", "9", text)
    try:
        if shape == "9999-99-99T99:99":
            dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
            return text
        if shape == "99:99":
            dt.datetime.strptime(text, "%H:%M")
            return text
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date and time") from None
    raise ValueError(
        f"expected {SLOT_START_FORMS[0]} (a dated slot) or {SLOT_START_FORMS[1]} "
        f"(with weekday), got {text!r}"
    )


SlotStart = Annotated[Text, AfterValidator(_slot_start)]
SlotHours = Annotated[float, Strict(), Field(gt=0.0, le=8784.0, allow_inf_nan=False)]


class SlotDoc(TypedDict):
    """A time window (a night, a session): every target exists once per slot.

    ``start`` (local time in the scenario's ``timezone``) and ``hours``
    (elapsed) say when it happens: ``start: "2024-07-26T19:30"`` once, or
    ``weekday: monday`` with ``start: "22:00"`` every week; see
    :mod:`entente.scenario.occurrences`.
    """

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: Id
    name: NotRequired[Text]
    scale: NotRequired[SlotScale]
    meta: NotRequired[dict[Text, MetaValue]]
    start: NotRequired[SlotStart]
    weekday: NotRequired[Weekday]
    hours: NotRequired[SlotHours]


class PlaceDoc(TypedDict):
    """A location that is not a target (a drone base)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: Id
    name: NotRequired[Text]
    lat: NotRequired[Latitude]
    lon: NotRequired[Longitude]
    meta: NotRequired[dict[Text, MetaValue]]


class EdgeDoc(TypedDict):
    """An edge of the site graph: two place or target ids and its length."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    between: Annotated[list[Id], Field(min_length=2, max_length=2)]
    km: NonNegative


class RoadNodeDoc(TypedDict):
    """A node of a checkpoint game's road graph (a junction, a bridge end)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    id: Id
    name: NotRequired[Text]
    lat: NotRequired[Latitude]
    lon: NotRequired[Longitude]


RoadEdgeDoc = TypedDict(
    "RoadEdgeDoc",
    {
        "id": Id,
        "name": NotRequired[Text],
        "from": Id,
        "to": Id,
        "length": NonNegative,
        "directed": NotRequired[Annotated[bool, Strict()]],
    },
)
"""A road between two nodes (``from``, ``to``: keywords, hence the call form); both ways
unless ``directed``."""
RoadEdgeDoc.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]


class NetworkDoc(TypedDict):
    """A checkpoint game's road graph: ``nodes`` and ``edges``, or a ``graphml`` file."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    nodes: NotRequired[Annotated[list[RoadNodeDoc], Field(min_length=1)]]
    edges: NotRequired[list[RoadEdgeDoc]]
    graphml: NotRequired[Annotated[Text, Field(min_length=1)]]
    sources: Annotated[list[Id], Field(min_length=1)]


class ScenarioDoc(TypedDict):
    """A whole scenario file."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    name: NotRequired[Text]
    description: NotRequired[Text]
    sources: NotRequired[list[Text]]
    assumptions: NotRequired[list[Text]]
    attackers: NotRequired[Annotated[list[AttackerDoc], Field(min_length=1)]]
    behaviour: NotRequired[BehaviourDoc]
    targets: Annotated[list[TargetDoc], Field(min_length=1)]
    resources: list[ResourceDoc]
    slots: NotRequired[Annotated[list[SlotDoc], Field(min_length=1)]]
    places: NotRequired[list[PlaceDoc]]
    graph: NotRequired[list[EdgeDoc]]
    timezone: NotRequired[TimeZone]
    attacks_per_period: NotRequired[Rate]
    weather: NotRequired[WeatherDoc]
    network: NotRequired[NetworkDoc]


scenario_adapter: TypeAdapter[ScenarioDoc] = TypeAdapter(ScenarioDoc)
