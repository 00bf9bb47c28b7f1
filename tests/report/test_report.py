"""The HTML report: parsed back, its map, charts and numbers must match the plan."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest

from entente.planfile import dumps, plan_document
from entente.report import read_plan, read_sweep, render_report, view_plan
from entente.report.colours import coverage_colour
from entente.scenario import load_game
from entente.solvers import solve
from tests.report.htmlparse import Node, parse
from tests.service.scenarios import TWO_TARGETS
from tests.service.server import entente_cli


@pytest.fixture(scope="module")
def paris() -> dict:
    scenario, game = load_game("paris-2024")
    return plan_document(scenario, game, solve(game))


def _report(document: dict, **kwargs) -> Node:
    return parse(render_report(view_plan(document), **kwargs))


def test_map_draws_every_target_with_its_coverage_and_value(paris: dict) -> None:
    tree = _report(paris)
    (svg,) = tree.find("svg", **{"class": "plan-map"})
    circles = {c.attrs["data-target"]: c for c in svg.find("circle", **{"class": "target"})}
    targets = {t["id"]: t for t in paris["scenario"]["targets"]}
    assert set(circles) == set(paris["coverage"]) == set(targets)
    view = view_plan(paris)
    values = {t.id: t.value for t in view.targets}
    for target, circle in circles.items():
        coverage = paris["coverage"][target]
        assert float(circle.attrs["data-coverage"]) == pytest.approx(coverage, abs=1e-6)
        assert circle.attrs["fill"] == coverage_colour(coverage)
    by_value = sorted(circles, key=values.get)
    radii = [float(circles[t].attrs["r"]) for t in by_value]
    assert radii == sorted(radii)  # sized by value
    assert radii[0] < radii[-1]
    # north is up and east is right: positions follow the coordinates
    xs = {t: float(c.attrs["cx"]) for t, c in circles.items()}
    ys = {t: float(c.attrs["cy"]) for t, c in circles.items()}
    assert _same_order(xs, targets, "lon")
    assert _same_order({t: -y for t, y in ys.items()}, targets, "lat")
    attacked = {r["attacked"]: k for k, r in paris["types"].items()}
    for target, circle in circles.items():
        assert (circle.attrs["data-attacked-by"] != "") == (target in attacked)
    basemap, in_inset = svg.find("g", **{"class": "basemap"})  # the map, then its inset
    assert basemap.attrs["data-basemap"] == in_inset.attrs["data-basemap"] == "ile-de-france"
    assert basemap.find("path", **{"class": "basemap-city"})  # the Paris outline


def _same_order(position: dict[str, float], targets: dict, key: str) -> bool:
    """Positions increase with the coordinate (ties in the coordinate may go either way)."""
    ordered = sorted(position, key=position.get)
    coords = [targets[t][key] for t in ordered]
    return all(a <= b + 1e-9 for a, b in itertools.pairwise(coords))


def test_coverage_chart_bars_are_proportional_to_coverage(paris: dict) -> None:
    tree = _report(paris)
    (section,) = tree.find("section", id="coverage")
    widths = {}
    for group in section.iter("g"):
        match = re.fullmatch(r"coverage-(.+)", group.attrs.get("id", ""))
        if match:
            (path,) = group.iter("path")
            xs = [float(x) for x in re.findall(r"([-\d.]+) [-\d.]+", path.attrs["d"])]
            widths[match.group(1)] = max(xs) - min(xs)
    assert set(widths) == set(paris["coverage"])
    ids = sorted(widths)
    ratio = np.array([widths[t] for t in ids]) / np.array([paris["coverage"][t] for t in ids])
    assert np.allclose(ratio, ratio[0], rtol=1e-3)  # one scale for every bar


@pytest.mark.slow
def test_numbers_match_the_plan(paris: dict) -> None:
    tree = _report(paris)
    (utility,) = tree.find("dd", id="summary-defender-utility")
    assert utility.all_text() == f"{paris['defender_utility']:.4f}"
    (status,) = tree.find("dd", id="summary-status")
    assert status.all_text() == "optimal"
    rows = tree.find("tr", **{"data-type": "cell"})
    assert rows
    for type_id, response in paris["types"].items():
        (row,) = tree.find("tr", data_type=type_id)
        cells = row.find("td")
        names = {t["id"]: t.get("name", t["id"]) for t in paris["scenario"]["targets"]}
        assert cells[2].all_text() == names[response["attacked"]]
        assert float(cells[3].attrs["data-value"]) == response["attacker_utility"]
        assert float(cells[4].attrs["data-value"]) == response["defender_utility"]
    (targets,) = tree.find("section", id="targets")
    for target, coverage in paris["coverage"].items():
        (row,) = targets.find("tr", data_target=target)
        assert float(row.find("td")[2].attrs["data-value"]) == coverage
    (certificate,) = tree.find("section", id="certificate")
    assert "passed" in certificate.find("h2")[0].all_text()
    checks = {
        row.attrs["data-check"] for row in certificate.find("tr") if "data-check" in row.attrs
    }
    assert checks == {c["name"] for c in paris["certificate"]["checks"]}


@pytest.mark.slow
def test_the_report_makes_no_external_request(paris: dict) -> None:
    html = render_report(view_plan(paris))
    tree = parse(html)
    assert not list(tree.iter("script"))
    assert not list(tree.iter("img"))
    for node in tree.iter():
        for name in ("src", "href", "xlink:href"):
            value = node.attrs.get(name)
            assert value is None or value.startswith(("#", "data:")), (node.tag, name, value)
    assert not re.search(r"url\((?!#)", html)
    assert not re.search(r"@import", html)
    (csp,) = [
        m for m in tree.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp.attrs["content"].startswith("default-src 'none'")


def test_scenario_without_coordinates_has_no_map() -> None:
    game_doc = {k: v for k, v in TWO_TARGETS.items()}
    game_doc["targets"] = [
        {k: v for k, v in t.items() if k not in ("lat", "lon")} for t in TWO_TARGETS["targets"]
    ]
    from entente.scenario import compile_scenario, parse_scenario

    scenario = parse_scenario(json.dumps(game_doc), format="json")
    game = compile_scenario(scenario)
    tree = _report(plan_document(scenario, game, solve(game)))
    assert not tree.find("svg", **{"class": "plan-map"})
    assert "No target has coordinates" in tree.find("section", id="map")[0].all_text()


def test_coast_coordinates_pick_the_channel_basemap() -> None:
    from entente.scenario import compile_scenario, parse_scenario

    coast = {
        **TWO_TARGETS,
        "targets": [
            {**TWO_TARGETS["targets"][0], "id": "sangatte", "lat": 50.944, "lon": 1.754},
            {**TWO_TARGETS["targets"][1], "id": "wissant", "lat": 50.886, "lon": 1.662},
        ],
    }
    scenario = parse_scenario(json.dumps(coast), format="json")
    game = compile_scenario(scenario)
    tree = _report(plan_document(scenario, game, solve(game)))
    names = [g.attrs["data-basemap"] for g in tree.find("g", **{"class": "basemap"})]
    assert names == ["channel-coast"]


def _sweep_file(points: list[dict], parameter: dict | None = None) -> bytes:
    parameter = parameter or {"kind": "resource", "resource": "fr-teams"}
    return json.dumps({"scenario": "paris-2024", "parameter": parameter, "points": points}).encode()


def test_sweep_chart_and_table() -> None:
    scenario, game = load_game("paris-2024")
    document = plan_document(scenario, game, solve(game))
    sweep = read_sweep(
        _sweep_file(
            [
                {"value": 18, "status": "optimal", "defender_utility": -1.3},
                {"value": 16, "status": "optimal", "defender_utility": -1.5},
                {"value": 20, "status": "optimal", "defender_utility": -1.057},
                {"value": 22, "status": "time_limit", "defender_utility": None},
            ]
        )
    )
    assert sweep.unsolved == 1
    tree = _report(document, sweep=sweep)
    (section,) = tree.find("section", id="sweep")
    markers = {
        g.attrs["id"] for g in section.iter("g") if g.attrs.get("id", "").startswith("sweep-")
    }
    assert markers == {"sweep-16", "sweep-18", "sweep-20"}
    values = [float(td.attrs["data-value"]) for td in section.find("td")]
    assert values == [16, -1.5, 18, -1.3, 20, -1.057]
    assert "1 swept value(s) had no plan" in section.all_text()
    assert "units of fr-teams" in section.all_text()


def test_payoff_sweep_is_charted_against_the_payoff() -> None:
    path = "louvre.attacker.uncovered"
    sweep = read_sweep(
        _sweep_file(
            [{"value": 6.5, "defender_utility": -3.0}, {"value": 9.0, "defender_utility": -4.0}],
            {"kind": "payoff", "path": path},
        )
    )
    assert (sweep.kind, sweep.axis, sweep.points) == ("payoff", path, ((6.5, -3.0), (9.0, -4.0)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"[1]", "a sweep must be a JSON object"),
        (b'{"points": [{"value": 1, "defender_utility": 0}]}', "parameter.kind: required"),
        (b'{"parameter": {"kind": "resource"}, "points": []}', "parameter.resource: required"),
        (b'{"parameter": {"kind": "payoff", "path": "a"}, "points": []}', "points: required"),
        (
            b'{"parameter": {"kind": "resource", "resource": "d"}, "points": '
            b'[{"value": 1, "defender_utility": 0}, {"value": "x", "defender_utility": 1}]}',
            "points[1].value",
        ),
        (
            b'{"parameter": {"kind": "resource", "resource": "d"}, "points": '
            b'[{"value": 1, "defender_utility": "high"}]}',
            "points[0].defender_utility: must be a number or null",
        ),
        (
            b'{"parameter": {"kind": "resource", "resource": "d"}, "points": '
            b'[{"value": 1, "defender_utility": null}]}',
            "no point has a plan",
        ),
        (b"{", "not valid JSON"),
    ],
)
def test_bad_sweep_files(text: bytes, message: str) -> None:
    from entente import InputError

    with pytest.raises(InputError, match=re.escape(message)):
        read_sweep(text, source="sweep.json")


def test_cli_report_charts_what_entente_sweep_wrote(tmp_path: Path) -> None:
    """Hand-worked: no team, the attacker hits eiffel (10 > 8): -8; one team: -3
    (the README's game); two teams: eiffel covered (attacker -4), louvre at 12/13
    makes the attacker indifferent (8 - 13c = -4), he hits louvre: 12c - 10 = 14/13."""
    (tmp_path / "example.json").write_text(json.dumps(TWO_TARGETS))
    sweep = ("sweep", "example.json", "--resource", "team", "--counts", "0..2", "-o", "s.json")
    swept = entente_cli(*sweep, cwd=tmp_path)
    assert swept.exit_code == 0, swept.stderr
    done = entente_cli("report", "example.json", "--sweep", "s.json", "-o", "r.html", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    (section,) = parse((tmp_path / "r.html").read_text()).find("section", id="sweep")
    values = [float(td.attrs["data-value"]) for td in section.find("td")]
    assert values == pytest.approx([0, -8, 1, -3, 2, 14 / 13], abs=1e-9)
    other = entente_cli("report", "paris-2024", "--sweep", "s.json", "-o", "p.html", cwd=tmp_path)
    assert other.exit_code == 2
    assert "a sweep of scenario 'example', not of 'paris-2024'" in other.stderr


def test_cli_report_from_plan_file_and_from_scenario(tmp_path: Path, paris: dict) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(dumps(paris).decode())
    done = entente_cli("report", str(plan), "-o", "a.html", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    assert "a.html" in done.stdout
    from_plan = (tmp_path / "a.html").read_text()
    assert entente_cli("report", "paris-2024", "-o", "b.html", cwd=tmp_path).exit_code == 0
    from_scenario = (tmp_path / "b.html").read_text()
    strip = lambda h: re.sub(r"\d+\.\d{3} s", "", h)  # noqa: E731 - solve times differ
    assert strip(from_plan) == strip(from_scenario)


def test_cli_report_bad_input_exits_2(tmp_path: Path, paris: dict) -> None:
    edited = dict(paris, scenario={**paris["scenario"], "name": "edited"})
    (tmp_path / "edited.json").write_text(dumps(edited).decode())
    done = entente_cli("report", "edited.json", cwd=tmp_path)
    assert done.exit_code == 2
    assert "scenario_sha256 does not match" in done.stderr
    (tmp_path / "notaplan.json").write_text('{"status": "optimal", "scenario_sha256": "x"}')
    done = entente_cli("report", "notaplan.json", cwd=tmp_path)
    assert done.exit_code == 2
    assert "missing" in done.stderr
    assert "Traceback" not in done.stderr
    missing = entente_cli("report", "paris-2024", "--sweep", "nope.json", cwd=tmp_path)
    assert missing.exit_code == 2
    assert "nope.json" in missing.stderr
    assert read_plan(dumps(paris).decode().encode()).scenario.name == "paris-2024"
