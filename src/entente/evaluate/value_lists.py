"""The value lists of a sweep: ``"0..12"``, ``"0..12:2"``, ``"1,2,5"``, ``"0..4,8"``.

The syntax of ``entente sweep --counts/--values`` and of the service's sweep
jobs alike: a malformed list is an :class:`~entente.InputError` naming the
option (or field) and the bad item (exit 2 in the CLI, 422 in the service).
"""

from __future__ import annotations

from typing import Any

from entente._exceptions import InputError

__all__ = ["count_values", "parse_values"]


def parse_values(option: str, text: str, *, integer: bool) -> list[Any]:
    """The values ``text`` lists, in order (integers or floats)."""
    values: list[Any] = []
    for low, step, count in _ranges(option, text, integer):
        values.extend(low + i * step if i else low for i in range(count))
    return values


def count_values(option: str, text: str, *, integer: bool) -> int:
    """How many values :func:`parse_values` gives, without making them (``0..10**12``)."""
    return sum(count for _, _, count in _ranges(option, text, integer))


def _ranges(option: str, text: str, integer: bool) -> list[tuple[Any, Any, int]]:
    """Each item of ``text`` as (first value, step, count)."""
    ranges: list[tuple[Any, Any, int]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            raise InputError(f"{option}: empty item in {text!r}")
        if ".." in item:
            span, _, step_text = item.partition(":")
            low_text, _, high_text = span.partition("..")
            low, high = _number(option, low_text, integer), _number(option, high_text, integer)
            step = _number(option, step_text, integer) if step_text else 1
            if step <= 0 or high < low:
                raise InputError(f"{option}: {item!r}: need low <= high and a positive step")
            ranges.append((low, step, int((high - low) / step + 1e-9) + 1))
        else:
            ranges.append((_number(option, item, integer), 0, 1))
    return ranges


def _number(option: str, text: str, integer: bool) -> Any:
    try:
        return int(text) if integer else float(text)
    except ValueError:
        kind = "an integer" if integer else "a number"
        raise InputError(f"{option}: {text!r} is not {kind}") from None
