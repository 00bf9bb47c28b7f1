"""A JSON document written in pieces, so that a long array is never held whole.

The service streams rosters of up to a million records: building them as
Python objects first cost six times the size of the answer. Here an object
whose last key holds a long array is written as its head, then the array's
items serialised by orjson a batch at a time, then the closing brackets;
the bytes are those of ``orjson.dumps`` of the whole object.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson

__all__ = ["BATCH", "coalesce", "json_items", "json_object"]

BATCH = 4096
"""Array items serialised per orjson call."""

_CHUNK = 1 << 16


def json_items(items: Iterable[Any], *, batch: int = BATCH) -> Iterator[bytes]:
    """The items of a JSON array, comma-separated, without its brackets, ``batch`` at a time."""
    iterator = iter(items)
    first = True
    while batch_items := list(itertools.islice(iterator, batch)):
        body = orjson.dumps(batch_items)[1:-1]
        yield body if first else b"," + body
        first = False


def json_object(head: Mapping[str, Any], key: str, items: Iterable[bytes]) -> Iterator[bytes]:
    """``head`` with ``key`` added last, whose array is the JSON pieces ``items``."""
    if key in head:
        raise ValueError(f"{key!r} is already in the head")
    opening = orjson.dumps({**head, key: []})
    yield opening[:-2]  # up to and including the array's "["
    yield from items
    yield b"]}"


def coalesce(pieces: Iterable[bytes], size: int = _CHUNK) -> Iterator[bytes]:
    """The same bytes in chunks of about ``size`` (fewer, larger writes)."""
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffer)
            buffer.clear()
            held = 0
    if buffer:
        yield b"".join(buffer)
