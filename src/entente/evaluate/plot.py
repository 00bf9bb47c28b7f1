"""Sweep figures with matplotlib, drawn off-screen (no display, no pyplot global state)."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from entente._exceptions import InputError
from entente.evaluate.sweep import SweepResult

__all__ = ["FORMATS", "plot_format", "sweep_figure", "sweep_plot"]

FORMATS = ("png", "svg", "pdf")


def sweep_figure(result: SweepResult) -> Figure:
    """Defender utility and interdiction rate against the swept value; gains below."""
    points = [p for p in result.points if p["defender_utility"] is not None]
    values = [p["value"] for p in points]
    label = _label(result.parameter)
    figure = Figure(figsize=(7.5, 6.0), layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    top.plot(values, [p["defender_utility"] for p in points], "o-", color="tab:blue")
    top.set_ylabel("defender expected utility", color="tab:blue")
    rates = [
        (p["value"], p["interdiction_rate"]) for p in points if p["interdiction_rate"] is not None
    ]
    if rates:
        twin = top.twinx()
        twin.plot(*zip(*rates, strict=True), "s--", color="tab:orange")
        twin.set_ylabel("interdiction rate", color="tab:orange")
    top.set_title(f"{result.scenario}: {label}")
    top.grid(alpha=0.3)
    gains = [(p["value"], p["gain"]) for p in points if p["gain"] is not None]
    if gains:
        width = min(b - a for a, b in itertools.pairwise(values)) * 0.6 if len(values) > 1 else 0.6
        bottom.bar(*zip(*gains, strict=True), width=width, color="tab:green")
    gain_label = (
        "value of one more unit" if result.parameter["kind"] == "resource" else "change per unit"
    )
    bottom.set_ylabel(gain_label)
    bottom.set_xlabel(label)
    bottom.grid(alpha=0.3)
    return figure


def _label(parameter: dict[str, object]) -> str:
    if parameter["kind"] == "resource":
        return f"units of {parameter['resource']}"
    return f"payoff {parameter['path']}"


def plot_format(path: Path) -> str:
    """The figure format a file name asks for; InputError for an unknown suffix."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InputError(f"--plot {path}: use a .png, .svg or .pdf file name")
    return kind


def sweep_plot(result: SweepResult, kind: str) -> bytes:
    """The figure as PNG, SVG or PDF bytes."""
    buffer = io.BytesIO()
    sweep_figure(result).savefig(buffer, format=kind, dpi=120)
    return buffer.getvalue()
