"""The scenario file format (DESIGN.md, "Scenario file"), as pydantic TypedDicts.

TypedDicts rather than models: pydantic-core validates them straight from
JSON bytes into plain dicts, which keeps a 10^6-target file to a few
seconds. Unknown keys are errors everywhere (``extra="forbid"``); numbers
are strict (no booleans, no numeric strings) and finite.

A payoff is ``{covered, uncovered}``; a target's ``attacker`` (and, when
the defender's payoffs differ by type, its ``defender``) may instead map
attacker type ids to such pairs. Which form a mapping takes is decided by
its keys, so an error names the right field.
"""

from __future__ import annotations

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
    "RESERVED_TYPE_IDS",
    "AttackerDoc",
    "AttackerPair",
    "PayoffPair",
    "ResourceDoc",
    "ScenarioDoc",
    "TargetDoc",
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


class PayoffPair(TypedDict):
    """Utility when an attack on the target is interdicted, and when it is not."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    covered: Number
    uncovered: Number


def _payoff_form(value: Any) -> str | None:
    if isinstance(value, dict):
        return PAIR_TAG if ("covered" in value or "uncovered" in value) else BY_TYPE_TAG
    return None


Payoffs = Annotated[
    Annotated[PayoffPair, Tag(PAIR_TAG)] | Annotated[dict[Id, PayoffPair], Tag(BY_TYPE_TAG)],
    Discriminator(
        _payoff_form,
        custom_error_type="payoff_form",
        custom_error_message=(
            "expected {covered, uncovered} or a mapping from attacker type id "
            "to {covered, uncovered}"
        ),
    ),
]


class AttackerPair(TypedDict):
    """The attacker's payoffs; either may be an interval ``[low, high]``."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    covered: AttackerPayoff
    uncovered: AttackerPayoff


AttackerPayoffs = Annotated[
    Annotated[AttackerPair, Tag(PAIR_TAG)] | Annotated[dict[Id, AttackerPair], Tag(BY_TYPE_TAG)],
    Discriminator(
        _payoff_form,
        custom_error_type="payoff_form",
        custom_error_message=(
            "expected {covered, uncovered} or a mapping from attacker type id "
            "to {covered, uncovered}"
        ),
    ),
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
    kind: NotRequired[Literal["guard"]]
    count: Count
    effectiveness: NotRequired[Probability]
    cost: NotRequired[Cost]


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
    timezone: NotRequired[TimeZone]
    attacks_per_period: NotRequired[Rate]


scenario_adapter: TypeAdapter[ScenarioDoc] = TypeAdapter(ScenarioDoc)
