"""Map labels that do not collide: greedy placement with leader lines.

Labels are placed one at a time, most important first (attacked targets, then
by value). Each tries eight positions around its circle (right, left, the four
diagonals, above, below), first touching the circle and then further out with a
leader line; the first position that stays inside the drawing area and
overlaps no placed label, no circle and no blocked rectangle (an inset frame,
say) wins. A label that finds no place is left out and reported, so the caller
can say so. Text width is estimated generously (``CHAR_WIDTH`` per character
of 11 px sans-serif), so the drawn text is never wider than the box that was
checked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CHAR_WIDTH", "FONT_SIZE", "Candidate", "Label", "place_labels", "short_name"]

FONT_SIZE = 11
CHAR_WIDTH = 6.9
"""Generous width of one character at ``FONT_SIZE`` px (DejaVu Sans capitals are ~7.5 px)."""
_HEIGHT = 14.0
_GAPS = (2.0, 12.0, 26.0, 42.0, 60.0)
_DIRECTIONS = ((1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1), (0, -1), (0, 1))

Box = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` in drawing units."""


@dataclass(frozen=True)
class Candidate:
    """A circle to label: its key, text, centre and radius."""

    key: str
    text: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Label:
    """A placed label: its anchor point and side, box, and a leader line if detached.

    Text left of its circle is anchored at its right end (``anchor="end"``),
    so it hugs the circle whatever the font's true width.
    """

    key: str
    text: str
    x: float
    y: float
    anchor: str
    box: Box
    leader: tuple[float, float, float, float] | None


def short_name(name: str, limit: int = 26) -> str:
    """A long name cut before its first parenthesis, dash or slash (the tooltip has it all)."""
    if len(name) <= limit:
        return name
    cuts = [i for i in (name.find(" ("), name.find(" – "), name.find(" / ")) if i > 0]
    return name[: min(cuts)] if cuts else name


def text_width(text: str) -> float:
    return CHAR_WIDTH * len(text) + 2.0


def _box(c: Candidate, dx: int, dy: int, gap: float, width: float) -> Box:
    reach = c.r + gap
    if dx == 0:
        x0 = c.x - width / 2
    else:
        corner = reach * (math.sqrt(0.5) if dy else 1.0)
        x0 = c.x + corner if dx > 0 else c.x - corner - width
    if dy == 0:
        y0 = c.y - _HEIGHT / 2
    else:
        corner = reach * (math.sqrt(0.5) if dx else 1.0)
        y0 = c.y + corner if dy > 0 else c.y - corner - _HEIGHT
    return x0, y0, x0 + width, y0 + _HEIGHT


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits_circle(box: Box, x: float, y: float, r: float) -> bool:
    nearest_x = min(max(x, box[0]), box[2])
    nearest_y = min(max(y, box[1]), box[3])
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < r * r


def _leader(c: Candidate, box: Box, side: int) -> tuple[float, float, float, float]:
    """From the circle's edge to the box's side that the text is anchored to."""
    if side > 0:
        box = (box[0], box[1], box[0], box[3])
    elif side < 0:
        box = (box[2], box[1], box[2], box[3])
    tx = min(max(c.x, box[0]), box[2])
    ty = min(max(c.y, box[1]), box[3])
    distance = math.hypot(tx - c.x, ty - c.y) or 1.0
    return c.x + (tx - c.x) * c.r / distance, c.y + (ty - c.y) * c.r / distance, tx, ty


def place_labels(
    candidates: Sequence[Candidate],
    circles: Sequence[tuple[float, float, float]],
    area: Box,
    blocked: Sequence[Box] = (),
) -> tuple[list[Label], list[str]]:
    """Labels for ``candidates`` in order of importance, and the keys that found no place."""
    taken: list[Box] = list(blocked)
    placed: list[Label] = []
    missing: list[str] = []
    for c in candidates:
        width = text_width(c.text)
        spot, side = None, 0
        for gap in _GAPS:
            for dx, dy in _DIRECTIONS:
                box = _box(c, dx, dy, gap, width)
                inside = area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1]
                if not inside or box[3] > area[3]:
                    continue
                if any(_overlaps(box, other) for other in taken):
                    continue
                if any(_hits_circle(box, x, y, r + 1.0) for x, y, r in circles):
                    continue
                spot, side = box, dx
                break
            if spot is not None:
                break
        if spot is None:
            missing.append(c.key)
            continue
        taken.append(spot)
        leader = _leader(c, spot, side) if gap > _GAPS[0] else None
        anchor, x = {1: ("start", spot[0] + 1), -1: ("end", spot[2] - 1)}.get(
            side, ("middle", (spot[0] + spot[2]) / 2)
        )
        placed.append(Label(c.key, c.text, x, spot[3] - 3.5, anchor, spot, leader))
    return placed, missing
