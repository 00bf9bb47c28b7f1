"""Colours shared by the map, the charts and the web page.

Coverage runs from red (exposed) through yellow to blue (well covered), on
matplotlib's ``RdYlBu`` scale, which stays readable with red-green colour
blindness. Resources get colours from the ``tab10`` cycle in file order.
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import to_hex

__all__ = ["COVERAGE_MAP", "coverage_colour", "resource_colour"]

COVERAGE_MAP = "RdYlBu"


def coverage_colour(coverage: float) -> str:
    """Hex colour of a coverage in [0, 1] (clipped)."""
    return to_hex(colormaps[COVERAGE_MAP](min(max(coverage, 0.0), 1.0)))


def resource_colour(index: int) -> str:
    """Hex colour of the ``index``-th resource."""
    return to_hex(colormaps["tab10"](index % 10))
