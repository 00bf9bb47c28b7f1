"""The report's maps section: one panel per slot, picked without a script.

Each slot (a night, a session) gets a panel: its map (that slot's coverage,
routes and barriers only), its routes and barriers as a table, and its sites'
coverage in plain words. The panels are chosen with radio buttons and CSS
(``#pick-n3:checked ~ #slot-n3 {display: block}``): no script, no network,
so the page keeps its ``default-src 'none'`` policy. Printing shows every
panel. A plan without slots gets one panel and no picker.
"""

from __future__ import annotations

from html import escape

from entente.report.maplabels import short_name
from entente.report.mapsvg import map_svg
from entente.report.plan_view import PlanView
from entente.report.slot_maps import SlotMap, slot_ids, slot_map
from entente.report.words import in_words, occasion, on_roads, presence

__all__ = ["maps_section"]


def _css_id(slot: str) -> str:
    return f"slot-{slot}"


def maps_section(view: PlanView, *, width: int = 1000) -> str:
    """The map section: a picker and one panel per slot, or one map for an unslotted plan."""
    if not view.located:
        return (
            '<section id="map"><h2>Map</h2><p class="note">No target has coordinates.</p></section>'
        )
    slots = slot_ids(view)
    if not slots:
        panel = _panel(view, None, width)
        return f'<section id="map"><h2>Map</h2>{panel}</section>'
    rules = "".join(
        f"#pick-{s}:checked~#{_css_id(s)}{{display:block}}"
        f"#pick-{s}:checked+label{{background:#1b1b1b;color:#fff}}"
        for s in slots
    )
    picker = "".join(
        f'<input type="radio" name="slot" id="pick-{escape(s)}" class="pick"'
        f'{" checked" if i == 0 else ""}><label for="pick-{escape(s)}" class="pick">'
        f"{escape(_pick_label(view, s))}</label>"
        for i, s in enumerate(slots)
    )
    panels = "".join(_panel(view, s, width) for s in slots)
    return (
        f'<section id="map"><h2>Maps, slot by slot</h2><style>{rules}</style>'
        '<p class="note">Pick a slot: each map shows that slot\'s coverage, routes and '
        "barriers only (printing shows every slot).</p>"
        f'<div class="slots">{picker}{panels}</div></section>'
    )


def _pick_label(view: PlanView, slot: str) -> str:
    """A button's text: the slot's short name ("Sat 12 Dec", "Night 1") and its weather band."""
    entry = next(e for e in view.scenario.document.get("slots", []) if e["id"] == slot)
    short = str(entry.get("name", slot)).split(" (")[0]
    label = short if len(short) <= 14 else slot
    band = entry.get("meta", {}).get("crossing_conditions")
    return f"{label} · {band}" if isinstance(band, str) else label


def _panel(view: PlanView, slot: str | None, width: int) -> str:
    content = slot_map(view, slot)
    svg = map_svg(view, slot=slot, width=width, id_prefix=f"map-{slot or 'plan'}")
    title = f"<h3>{escape(content.name)}</h3>" if slot is not None else ""
    attributes = f' id="{_css_id(slot)}" class="slot-panel"' if slot is not None else ""
    return (
        f'<div{attributes} data-slot="{escape(slot or "")}">{title}<figure>{svg}</figure>'
        f"{_idle(view, slot)}{_routes_table(view, content)}{_words_table(view, content)}</div>"
    )


def _idle(view: PlanView, slot: str | None) -> str:
    """Resources with no unit in this slot, and why when the forecast grounded them."""
    if slot is None:
        return ""
    entry = next(e for e in view.scenario.document.get("slots", []) if e["id"] == slot)
    wind = entry.get("meta", {}).get("forecast_wind_kn")
    idle: list[str] = []
    grounded: list[str] = []
    for r in view.scenario.document["resources"]:
        if r.get("slot_counts", {}).get(slot, r["count"]) != 0:
            continue
        limit = r.get("max_wind_kn")
        windy = isinstance(wind, int | float) and limit is not None and wind > limit
        (grounded if windy else idle).append(r["id"])
    notes = []
    if grounded:
        notes.append(
            f"Grounded by the forecast's wind ({wind:g} kn, above their max_wind_kn): "
            f"{', '.join(grounded)}."
        )
    if idle:
        notes.append(f"No unit of {', '.join(idle)} in this slot.")
    return "".join(f'<p class="idle">{escape(n)}</p>' for n in notes)


def _routes_table(view: PlanView, content: SlotMap) -> str:
    if not content.routes and not content.barriers:
        return ""
    names = {t.id: t.name for t in view.targets} | {t.id: t.name for t in content.targets}
    home = {b.resource: f"{short_name(b.name, 12)} base" for b in content.bases}
    rows = []
    for r in content.routes:
        stops = [short_name(names.get(t, t)) for t in r.targets]
        if r.resource in home:
            stops = [home[r.resource], *stops, home[r.resource]]
        rows.append(
            f'<tr class="route" data-resource="{escape(r.resource)}"><td>{escape(r.resource)}</td>'
            f"<td>{escape(' → '.join(stops))}</td>"
            f'<td class="num" data-value="{r.expected_units!r}">{r.expected_units:.3f}</td></tr>'
        )
    rows += [
        f'<tr class="barrier"><td>{escape(b.resource)}</td><td>barrier at '
        f"{escape(names.get(b.target, b.target))}</td>"
        f'<td class="num" data-value="{b.probability!r}">{b.probability:.3f}</td></tr>'
        for b in content.barriers
    ]
    return (
        '<table class="slot-routes"><thead><tr><th>resource</th><th>route, in flying order, '
        "or barrier site</th><th>expected units flying it / probability</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _words_table(view: PlanView, content: SlotMap) -> str:
    present, when, roads = presence(view), occasion(view), on_roads(view)
    rows = "".join(
        f'<tr data-target="{escape(t.id)}"><td>{escape(t.name)}</td>'
        f'<td class="num" data-value="{t.coverage!r}">{t.coverage:.2f}</td>'
        f"<td>{escape(in_words(t, present.get(t.id, {}), when, roads=roads))}</td></tr>"
        for t in sorted(content.targets, key=lambda t: -t.value)
    )
    return (
        '<table class="in-words"><thead><tr><th>site</th><th>coverage</th>'
        f"<th>in plain words</th></tr></thead><tbody>{rows}</tbody></table>"
    )
