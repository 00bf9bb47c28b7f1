"""The orders for one date as one printable HTML page (A4), self-contained and offline.

Printed, the map keeps its labels legible (at most 215 mm high, so a tall
coastline fills the first sheet and the unit tables follow on the next).

Same rules as the report (:mod:`entente.report.html`): no scripts, no
external resources, a Content-Security-Policy of ``default-src 'none'``.
For each occurrence on the date: when it starts and ends, the map of that
slot only (:func:`entente.report.mapsvg.map_svg` on the plan view cut down
to that slot's sites, the routes drawn for it, and the barriers, drawn
above the circles; a checkpoint plan's map shows tonight's roads), then
each unit's sites (or road) in order, by name.
"""

from __future__ import annotations

import dataclasses
from html import escape

from entente.operations.orders import Orders, UnitOrder, offsets_text
from entente.report.html import CSP
from entente.report.mapsvg import map_svg
from entente.report.plan_view import Barrier, PlanView, Route
from entente.report.slot_maps import Post
from entente.scenario.occurrences import Occurrence

__all__ = ["render_orders"]

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:190mm;padding:8mm;color:#111}
h1{font-size:20px;margin:0 0 .2rem}
h2{font-size:16px;margin:1rem 0 .3rem;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;font-size:13px;margin:.4rem 0}
th,td{padding:.25rem .4rem;border:1px solid #bbb;text-align:left;vertical-align:top}
th{background:#eee}
ol{margin:0;padding-left:1.3rem}
.meta{color:#444;font-size:12px}
.seeded{border:3px solid #a11;color:#a11;font-weight:700;padding:.4rem;margin:.5rem 0}
.secure{color:#1a6b2f}
svg{max-width:100%;height:auto}
figure{margin:.4rem 0}
@page{size:A4;margin:10mm}
@media print{body{padding:0;max-width:none;font-size:11px}table{font-size:11px}
th,td{padding:.1rem .3rem}.meta{font-size:9.5px}
figure svg{max-height:215mm;width:auto;display:block;margin:0 auto}
section+section{break-before:page}tr{break-inside:avoid}}
"""


def render_orders(view: PlanView, orders: Orders) -> str:
    """The page: a heading, how the draw was made, then one section per occurrence."""
    name = escape(view.scenario.name)
    date = orders.date.isoformat()
    if orders.seed is not None:
        origin = (
            f'<p class="seeded" id="generator">SEEDED DRAW (seed {orders.seed}): reproducible, '
            "NOT for operational use.</p>"
        )
    else:
        origin = (
            '<p class="secure meta" id="generator">Drawn from the operating system\'s secure '
            "generator: nobody can predict it, including from earlier orders.</p>"
        )
    sections = [_section(view, orders, k, o) for k, o in enumerate(orders.occurrences)]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Orders {date}: {name}</title><style>{_CSS}</style></head>\n<body>\n"
        f"<h1>Orders for {escape(orders.date.strftime('%A %d %B %Y'))}: {name}</h1>\n"
        f'<p class="meta">Plan: method {escape(str(view.document.get("method")))}, '
        f"{'verified' if view.record.plan.verified else 'NOT verified'}; scenario "
        f"SHA-256 {escape(view.scenario.sha256()[:12])}. Each site is covered exactly as "
        "often as the plan says; tonight's draw is one of many.</p>\n"
        f"{origin}\n" + "\n".join(sections) + "\n</body></html>\n"
    )


def _section(view: PlanView, orders: Orders, k: int, occurrence: Occurrence) -> str:
    units = orders.units(k)
    roads = orders.rosters.plan.places.roads
    moving = [u for u in units if u.kind != "static"]
    fixed = [u for u in units if u.kind == "static"]
    start, end = occurrence.start, occurrence.end
    when = (
        f"{start.strftime('%a %d %b %H:%M')} to {end.strftime('%a %d %b %H:%M')} "
        f"({escape(str(start.tzinfo))}, {escape(offsets_text(occurrence))})"
    )
    svg = map_svg(
        view if roads else _night_view(view, occurrence, units),
        width=700,
        barriers_on_top=True,
        posts=() if roads else _posts(occurrence, units),
        roads={edge: 1.0 for u in units for edge in u.sites} if roads else None,
    )
    figure = f'<figure class="orders-map">{svg}</figure>' if svg else ""
    slot = f' data-slot="{escape(occurrence.slot)}"' if occurrence.slot else ""
    return (
        f'<section class="occurrence"{slot} data-start="{start.isoformat()}">'
        f"<h2>{escape(orders.slot_name(occurrence))}</h2>"
        f'<p class="meta">{when}</p>{figure}'
        f"{_unit_table(moving, 'Units: where to go, in this order', roads)}"
        f"{_unit_table(fixed, 'Barriers (in place for the whole slot)', roads)}"
        "</section>"
    )


def _unit_table(units: list[UnitOrder], caption: str, roads: bool) -> str:
    if not units:
        return ""
    rows = []
    for u in units:
        if u.sites:
            where = "".join(
                f'<li data-site="{escape(s)}">{escape(n)} '
                f'<span class="meta">({escape(s)})</span></li>'
                for s, n in zip(u.sites, u.names, strict=True)
            )
            cell = f"<ol>{where}</ol>"
        else:
            cell = "idle: stand by"
        rows.append(
            f'<tr class="unit" data-resource="{escape(u.resource)}" data-unit="{u.unit}">'
            f"<td>{escape(u.resource_name)} {u.unit}<br>"
            f'<span class="meta">{escape(u.resource)} · {escape(u.kind)}</span></td>'
            f"<td>{cell}</td></tr>"
        )
    return (
        f"<table><caption>{escape(caption)}</caption>"
        f"<thead><tr><th>Unit</th><th>{'Road' if roads else 'Sites'}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _target_id(occurrence: Occurrence, site: str) -> str:
    return f"{site}@{occurrence.slot}" if occurrence.slot else site


def _routed(unit: UnitOrder) -> bool:
    """Drawn as a route (a patrol through several sites), not as a post."""
    return unit.kind == "patrol" and len(unit.sites) > 1


def _posts(occurrence: Occurrence, units: list[UnitOrder]) -> tuple[Post, ...]:
    """Where each guard team (and each patrol on a single site) stands tonight."""
    return tuple(
        Post(u.resource, u.unit, _target_id(occurrence, site))
        for u in units
        if u.kind != "static" and not _routed(u)
        for site in u.sites
    )


def _night_view(view: PlanView, occurrence: Occurrence, units: list[UnitOrder]) -> PlanView:
    """The plan view cut down to one occurrence: its slot's sites, the drawn routes, barriers."""

    def target_id(site: str) -> str:
        return f"{site}@{occurrence.slot}" if occurrence.slot else site

    names = {t["id"]: t.get("name", t["id"]) for t in view.scenario.document["targets"]}
    wanted = {target_id(site): site for site in names}
    targets = tuple(
        dataclasses.replace(t, name=str(names[wanted[t.id]]))
        for t in view.targets
        if t.id in wanted
    )
    routes = tuple(
        Route(u.resource, tuple(map(target_id, u.sites)), 1.0) for u in units if _routed(u)
    )
    barriers = tuple(
        Barrier(u.resource, target_id(site), 1.0)
        for u in units
        if u.kind == "static"
        for site in u.sites
    )
    return dataclasses.replace(view, targets=targets, routes=routes, barriers=barriers)
