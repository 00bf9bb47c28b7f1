"""Charts as inline SVG, drawn with matplotlib (no pyplot state, fonts as paths).

Every bar or point carries a ``gid`` (an ``id`` on its SVG group) naming what it
shows, so a test can find it and read its geometry back.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from entente.report.colours import coverage_colour
from entente.report.plan_view import TargetView

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_BARS", "SweepPoint", "coverage_chart", "sweep_chart"]

MAX_BARS = 60
"""Targets beyond this many (by value) are left to the table."""

SweepPoint = tuple[float, float]


def _svg(figure: Figure, name: str) -> str:
    """The figure as inline SVG; ids salted with ``name``, so the same plan gives the same bytes."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": f"entente-{name}"}):
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    text = buffer.getvalue()
    return re.sub(r"^.*?(?=<svg)", "", text, flags=re.DOTALL)  # drop XML prolog and DOCTYPE


def coverage_chart(targets: Sequence[TargetView]) -> str:
    """Coverage and the defender's expected utility if attacked, one row per target."""
    from matplotlib.figure import Figure

    shown = sorted(targets, key=lambda t: -t.value)[:MAX_BARS]
    rows = list(range(len(shown)))[::-1]
    figure = Figure(figsize=(9, 0.8 + 0.24 * len(shown)))
    left, right = figure.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1]})
    bars = left.barh(
        rows,
        [t.coverage for t in shown],
        color=[coverage_colour(t.coverage) for t in shown],
        edgecolor="#333",
        linewidth=0.4,
    )
    for bar, target in zip(bars, shown, strict=True):
        bar.set_gid(f"coverage-{target.id}")
    left.set_xlim(0, 1)
    left.set_xlabel("coverage (probability an attack is interdicted)")
    left.set_yticks(rows, [t.name for t in shown], fontsize=8)
    utility = right.barh(
        rows, [t.defender_utility for t in shown], color="#7f8fa6", edgecolor="#333", linewidth=0.4
    )
    for bar, target in zip(utility, shown, strict=True):
        bar.set_gid(f"utility-{target.id}")
    right.axvline(0, color="#333", linewidth=0.6)
    right.set_xlabel("defender's expected utility if attacked")
    for axis in (left, right):
        axis.grid(axis="x", alpha=0.3)
        axis.set_axisbelow(True)
    figure.subplots_adjust(wspace=0.05)
    return _svg(figure, "coverage")


def sweep_chart(axis_label: str, points: Sequence[SweepPoint], *, label: str) -> str:
    """A sweep: ``label`` (e.g. the defender's utility) against the swept value."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3.4))
    axis = figure.subplots()
    xs, ys = zip(*points, strict=True)
    axis.plot(xs, ys, color="#1f77b4", linewidth=1.5)
    for x, y in points:
        (marker,) = axis.plot([x], [y], "o", color="#1f77b4")
        marker.set_gid(f"sweep-{x:g}")
    axis.set_xlabel(axis_label)
    axis.set_ylabel(label)
    axis.grid(alpha=0.3)
    return _svg(figure, "sweep")
