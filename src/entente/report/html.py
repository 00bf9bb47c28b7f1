"""The report: one self-contained HTML file that opens offline.

No scripts, no external resources: a Content-Security-Policy of
``default-src 'none'`` makes the browser refuse any request the page might
try. Maps and charts are inline SVG (:mod:`entente.report.mapsvg`,
:mod:`entente.report.charts`); every number also appears in a table.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from typing import Any
from urllib.parse import quote

from entente.report.charts import MAX_BARS, coverage_chart, sweep_chart
from entente.report.plan_view import PlanView
from entente.report.slot_maps import slot_ids
from entente.report.slot_panels import maps_section
from entente.report.sweep import Sweep
from entente.report.words import coverage_csv

__all__ = ["CSP", "render_report"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = (resources.files("entente.report") / "report.css").read_text()


def _num(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _cell(value: float | None, digits: int = 4) -> str:
    data = "" if value is None else f' data-value="{value!r}"'
    return f'<td class="num"{data}>{_num(value, digits)}</td>'


def render_report(view: PlanView, *, sweep: Sweep | None = None) -> str:
    """The whole report for one plan (and, optionally, one sweep)."""
    name = escape(view.scenario.name)
    sections = [
        _summary(view),
        maps_section(view),
        _responses(view),
        _chart(view),
        _targets(view),
        _routes(view),
        _sweep(sweep),
        _certificate(view),
        _provenance(view),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>entente report: {name}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(s for s in sections if s)
        + "\n</body></html>\n"
    )


def _summary(view: PlanView) -> str:
    d = view.document
    verified = view.record.plan.verified
    certificate = (
        '<span class="ok">verified</span>' if verified else '<span class="bad">NOT verified</span>'
    )
    description = view.scenario.document.get("description")
    # from the file: a checkpoint game's resources stand in its network, not in the game's
    resources = ", ".join(
        f"{r['id']} × {r['count']} ({r.get('kind', 'guard')})"
        for r in view.scenario.document["resources"]
    )
    rows = [
        ("status", "status", escape(str(d["status"]))),
        ("method", "method", escape(str(d["method"]))),
        ("verified", "certificate", certificate),
        ("defender-utility", "defender's expected utility", _num(d.get("defender_utility"))),
        ("attacker-utility", "attacker's expected utility", _num(d.get("attacker_utility"))),
        ("gap", "gap to proven bound", _num(d.get("gap"), 6)),
        ("seconds", "solve time", f"{d.get('seconds', 0.0):.3f} s"),
        ("size", "targets, attacker types", f"{view.game.n_targets}, {view.game.n_types}"),
        ("resources", "resources", escape(resources)),
    ]
    items = "".join(
        f'<dt>{label}</dt><dd id="summary-{key}">{value}</dd>' for key, label, value in rows
    )
    text = f"<p>{escape(description)}</p>" if description else ""
    return (
        f"<header><h1>{escape(view.scenario.name)}</h1>{text}"
        f'<dl class="summary">{items}</dl></header>'
    )


def _responses(view: PlanView) -> str:
    rows = []
    names = {t.id: t.name for t in view.targets}
    priors = dict(zip(view.game.type_ids, view.game.priors.tolist(), strict=True))
    for type_id, response in view.document["types"].items():
        attacked = response.get("attacked")
        rows.append(
            f'<tr data-type="{escape(type_id)}"><td>{escape(type_id)}</td>'
            f"{_cell(priors.get(type_id))}"
            f"<td>{escape(names.get(attacked, attacked or '—'))}</td>"
            f"{_cell(response.get('attacker_utility'))}{_cell(response.get('defender_utility'))}</tr>"
        )
    return (
        '<section id="response"><h2>The adversary\'s response</h2>'
        "<p>Each attacker type observes the randomised plan and attacks where it expects most; "
        "ties are broken in the defender's favour.</p><table><thead><tr><th>type</th>"
        "<th>prior</th><th>attacks</th><th>attacker's utility</th><th>defender's utility</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _chart(view: PlanView) -> str:
    more = len(view.targets) - MAX_BARS
    note = (
        f'<p class="note">The {MAX_BARS} most valuable targets; all are in the table.</p>'
        if more > 0
        else ""
    )
    return (
        '<section id="coverage"><h2>Coverage and utility per target</h2>'
        f"{note}<figure>{coverage_chart(view.targets)}</figure></section>"
    )


def _targets(view: PlanView) -> str:
    types = view.game.type_ids
    head = "".join(f"<th>attacker utility: {escape(k)}</th>" for k in types)
    rows = []
    for t in sorted(view.targets, key=lambda t: -t.value):
        cells = "".join(_cell(t.attacker_utility[k]) for k in types)
        rows.append(
            f'<tr data-target="{escape(t.id)}"><td>{escape(t.id)}</td><td>{escape(t.name)}</td>'
            f"{_cell(t.coverage)}{_cell(t.value, 3)}{_cell(t.defender_utility)}{cells}"
            f"<td>{escape(', '.join(t.attacked_by))}</td></tr>"
        )
    name = f"{view.scenario.name}-coverage.csv"
    download = (
        f'<p><a id="coverage-csv" download="{escape(name)}" '
        f'href="data:text/csv;charset=utf-8,{quote(coverage_csv(view))}">Download the coverage '
        "table (CSV: coverage, presence of each kind of resource, and in plain words)</a></p>"
    )
    return (
        '<section id="targets"><h2>Targets</h2><p class="note">Value: what full coverage is '
        "worth to the defender there, prior-weighted over attacker types. Utilities are "
        f"expected outcomes if the target is attacked under this plan.</p>{download}"
        '<div class="wide"><table><thead><tr><th>id</th><th>name</th><th>coverage</th>'
        f"<th>value</th><th>defender utility</th>{head}<th>attacked by</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _routes(view: PlanView) -> str:
    """Routes and barriers of an unslotted plan (a slotted plan shows them slot by slot)."""
    if (not view.routes and not view.barriers) or (slot_ids(view) and view.located):
        return ""
    names = {t.id: t.name for t in view.targets}
    rows = [
        f'<tr class="route"><td>{escape(r.resource)}</td>'
        f"<td>{escape(' → '.join(names.get(t, t) for t in r.targets))}</td>"
        f"{_cell(r.expected_units)}</tr>"
        for r in view.routes
    ]
    rows += [
        f'<tr class="barrier"><td>{escape(b.resource)}</td><td>barrier at '
        f"{escape(names.get(b.target, b.target))}</td>{_cell(b.probability)}</tr>"
        for b in view.barriers
    ]
    return (
        '<section id="routes"><h2>Patrol routes and barriers</h2><table><thead><tr>'
        "<th>resource</th><th>route or site</th><th>expected units / probability</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _sweep(sweep: Sweep | None) -> str:
    if sweep is None:
        return ""
    digits = 0 if sweep.kind == "resource" else 3
    rows = "".join(f"<tr>{_cell(x, digits)}{_cell(y)}</tr>" for x, y in sweep.points)
    unsolved = (
        f"<p>{sweep.unsolved} swept value(s) had no plan (infeasible or out of time): "
        "not drawn.</p>"
        if sweep.unsolved
        else ""
    )
    return (
        f'<section id="sweep"><h2>Sweep: {escape(sweep.swept)}</h2>'
        f"<figure>{sweep_chart(sweep.axis, sweep.points, label='defender utility')}</figure>"
        f"{unsolved}<table><thead><tr><th>{escape(sweep.axis)}</th><th>defender utility</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _certificate(view: PlanView) -> str:
    """The checks re-run when the plan file was read, and what could not be re-run."""
    plan, unchecked = view.record.plan, view.record.unchecked
    certificate = plan.certificate
    if certificate is None:
        return (
            '<section id="certificate"><h2>Certificate</h2>'
            '<p class="bad">No certificate.</p></section>'
        )
    verdict = (
        '<span class="ok">passed</span>' if plan.verified else '<span class="bad">FAILED</span>'
    )
    rows = "".join(
        f'<tr data-check="{escape(c.name)}"><td>{escape(c.name)}</td>'
        f"<td>{'passed' if c.passed else 'FAILED'}</td><td>{escape(c.detail)}</td></tr>"
        for c in certificate.checks
    )
    solved = view.document.get("certificate") or {}
    kept = {c.get("name"): c for c in solved.get("checks", []) if isinstance(c, dict)}
    rows += "".join(
        f'<tr data-check="{escape(name)}"><td>{escape(name)}</td><td>not re-checked</td>'
        f"<td>{escape(_at_solve(kept.get(name)))}</td></tr>"
        for name in unchecked
    )
    return (
        f'<section id="certificate"><h2>Certificate: {verdict}</h2><p>Re-checked independently '
        "of the solver, and again when a plan file is read, to tolerance "
        f"{certificate.tolerance:.3g}.</p><table><thead><tr>"
        f"<th>check</th><th>result</th><th>detail</th></tr></thead><tbody>{rows}</tbody></table>"
        "</section>"
    )


def _at_solve(check: dict[str, Any] | None) -> str:
    """What the solve's own certificate said of a check the file cannot support."""
    if check is None:
        return "needs the solver's evidence, which plan files do not carry"
    verdict = "passed" if check.get("passed") else "FAILED"
    return f"{verdict} at solve time (not in the file): {check.get('detail', '')}"


def _provenance(view: PlanView) -> str:
    doc = view.scenario.document
    parts = ['<section id="provenance"><h2>Assumptions and sources</h2>']
    for key in ("assumptions", "sources"):
        items = doc.get(key) or []
        if items:
            lis = "".join(f"<li>{escape(i)}</li>" for i in items)  # type: ignore[attr-defined]
            parts.append(f"<h3>{key.capitalize()}</h3><ul>{lis}</ul>")
    versions = ", ".join(f"{k} {v}" for k, v in (view.document.get("versions") or {}).items())
    parts.append(
        f'<p class="note">Scenario SHA-256 <code>{escape(view.document["scenario_sha256"])}'
        f"</code>; {escape(versions)}.</p></section>"
    )
    return "".join(parts)
