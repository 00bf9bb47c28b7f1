"""pydantic's validation errors, rewritten as field paths a planner can act on.

``('targets', 3, 'attacker', '{type:payoff}', 'cell', 'covered')`` becomes
``targets[3].attacker.cell.covered``; messages say what was expected and
what was found, and suggest the fix where there is a usual one (quote an id
that YAML read as a boolean or a number; the allowed fields of a mapping
that got an unknown one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from entente._exceptions import FieldProblem
from entente.scenario.schema import (
    BY_TYPE_TAG,
    PAIR_TAG,
    AttackerDoc,
    EdgeDoc,
    NetworkDoc,
    PayoffPair,
    PlaceDoc,
    ResourceDoc,
    RoadEdgeDoc,
    RoadNodeDoc,
    RoutesDoc,
    ScenarioDoc,
    SlotDoc,
    TargetDoc,
    WeatherBandDoc,
)
from entente.scenario.schema_behaviour import BEHAVIOUR_TAGS, INTERVAL_TAGS, SuqrWeightsDoc

__all__ = ["format_path", "problems_from_validation"]

_TAGS = {PAIR_TAG, BY_TYPE_TAG, *BEHAVIOUR_TAGS, *INTERVAL_TAGS}
_FIELDS_BY_LIST = {"targets": TargetDoc, "resources": ResourceDoc, "attackers": AttackerDoc}
_FIELDS_BY_LIST.update({"slots": SlotDoc, "places": PlaceDoc, "graph": EdgeDoc})
_FIELDS_BY_LIST["bands"] = WeatherBandDoc
_FIELDS_BY_LIST.update({"nodes": RoadNodeDoc, "edges": RoadEdgeDoc})
_FIELDS_BY_KEY: dict[str, Any] = {"routes": RoutesDoc, "network": NetworkDoc}


def format_path(loc: Sequence[int | str]) -> str:
    """``('targets', 3, 'id')`` -> ``targets[3].id``."""
    out = ""
    for part in loc:
        if part in _TAGS:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def problems_from_validation(error: ValidationError) -> list[FieldProblem]:
    """One :class:`FieldProblem` per pydantic error, in document order."""
    return [_problem(detail) for detail in _deduplicated(error.errors())]


def _deduplicated(details: Iterable[ErrorDetails]) -> list[ErrorDetails]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for detail in details:
        key = (tuple(detail["loc"]), detail["type"])
        if key not in seen:
            seen.add(key)
            out.append(detail)
    return out


def _problem(detail: ErrorDetails) -> FieldProblem:
    loc = list(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    if loc and loc[-1] == "[key]":
        return FieldProblem(
            format_path(loc[:-2]), f"key {value!r}: {_message(kind, detail, value)}"
        )
    return FieldProblem(format_path(loc), _message(kind, detail, value, loc))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(kind: str, detail: ErrorDetails, value: Any, loc: list[Any] | None = None) -> str:
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc or [])
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return f"unknown field{hint}"
    if kind == "string_type" and isinstance(value, bool | int | float):
        return (
            f"must be a string, got {_shown(value)}: YAML reads unquoted yes/no/on/off as "
            "booleans and digits as numbers, so put this id in quotes"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{_shown(value)} is not a valid id: use lowercase letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing"):
        noun = "an integer" if kind.startswith("int") else "a number"
        return f"must be {noun}, got {_shown(value)}"
    if kind == "int_from_float":
        return f"must be a whole number, got {_shown(value)}"
    if kind == "finite_number":
        return f"must be a finite number, got {_shown(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = detail.get("ctx", {})
        symbol = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">"}.get(
            kind, "<"
        )
        limit = next(iter(ctx.values())) if ctx else "?"
        return f"must be {symbol} {limit}, got {_shown(value)}"
    if kind == "too_short":
        return "must not be empty"
    if kind in ("dict_type", "model_type", "typed_dict_type"):
        return f"must be a mapping, got {_shown(value)}"
    if kind == "list_type":
        return f"must be a list, got {_shown(value)}"
    if kind == "literal_error":
        return f"{detail['msg'][0].lower()}{detail['msg'][1:]}, got {_shown(value)}"
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    if kind == "json_invalid":
        return f"not valid JSON: {detail.get('ctx', {}).get('error', detail['msg'])}"
    message = detail["msg"]
    return f"{message[0].lower()}{message[1:]}, got {_shown(value)}"


def _allowed_fields(loc: list[Any]) -> list[str]:
    parent = [p for p in loc[:-1] if p not in _TAGS]
    if not parent:
        return sorted(ScenarioDoc.__annotations__)
    behaviour = _behaviour_fields(loc[:-1])
    if behaviour is not None:
        return behaviour
    if len(parent) >= 2 and isinstance(parent[-1], int) and parent[-2] in _FIELDS_BY_LIST:
        return sorted(_FIELDS_BY_LIST[parent[-2]].__annotations__)
    if parent[-1] in _FIELDS_BY_KEY:
        return sorted(_FIELDS_BY_KEY[str(parent[-1])].__annotations__)
    if parent[-1] in ("defender", "attacker") or (
        len(parent) >= 2 and parent[-2] in ("defender", "attacker")
    ):
        return sorted(PayoffPair.__annotations__)
    return []


def _behaviour_fields(parent: list[Any]) -> list[str] | None:
    """Allowed keys inside a ``behaviour`` mapping (by model), or None elsewhere."""
    if "behaviour" not in parent:
        return None
    if parent[-1] == "weights":
        return sorted(SuqrWeightsDoc.__annotations__)
    tag = next((p for p in reversed(parent) if p in BEHAVIOUR_TAGS), None)
    extra = {"model:quantal": ["lambda"], "model:suqr": ["weights"]}.get(str(tag), [])
    return ["model", *extra]
