"""Drone routes and barriers from a plan's mixture over joint deployments, drawn on the map.

Patrol and static resources enter the scenario format with the Channel-coast
work; until then these tests give the derivation a scenario document built
in code (not validated), and a hand-made mixture whose numbers are known.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from entente.planfile import plan_document
from entente.report import map_svg, view_plan
from entente.report.plan_view import Barrier, Route, _barriers, _routes
from entente.scenario import Scenario, compile_scenario, parse_scenario
from entente.solvers import solve
from tests.report.htmlparse import parse

SITES = {
    "gravelines": (50.99, 2.12),
    "oye-plage": (50.98, 2.04),
    "calais": (50.96, 1.86),
    "sangatte": (50.94, 1.75),
    "wissant": (50.89, 1.66),
}


def _doc(kinds: bool) -> dict:
    resources = [{"id": "team", "count": 1}]
    if kinds:
        resources += [
            {"id": "drone", "kind": "patrol", "count": 2},
            {"id": "barrier", "kind": "static", "count": 1},
        ]
    return {
        "name": "coast",
        "targets": [
            {
                "id": site,
                "lat": lat,
                "lon": lon,
                "defender": {"covered": 0, "uncovered": -5},
                "attacker": {"covered": -2, "uncovered": 4},
            }
            for site, (lat, lon) in SITES.items()
        ],
        "resources": resources,
    }


MIXTURE = {
    "form": "mixture",
    "deployments": [
        {
            "probability": 0.5,
            "resources": {
                "team": [["calais"]],
                "drone": [["gravelines", "oye-plage"], ["sangatte", "wissant"]],
                "barrier": [["wissant"]],
            },
        },
        {
            "probability": 0.3,
            "resources": {
                "team": [["sangatte"]],
                "drone": [["gravelines", "oye-plage"], []],
                "barrier": [["wissant"]],
            },
        },
        {
            "probability": 0.2,
            "resources": {
                "team": [[]],
                "drone": [["gravelines", "oye-plage"], ["gravelines", "oye-plage"]],
                "barrier": [["wissant"]],
            },
        },
    ],
}


def test_routes_and_barriers_from_the_mixture() -> None:
    document = {"strategy": MIXTURE}
    scenario = Scenario(_doc(kinds=True), "coast")  # type: ignore[arg-type]
    routes = _routes(document, scenario)
    # expected units flying a route = sum over deployments of probability x units flying it
    assert routes == (
        Route("drone", ("gravelines", "oye-plage"), pytest.approx(0.5 + 0.3 + 2 * 0.2)),
        Route("drone", ("sangatte", "wissant"), pytest.approx(0.5)),
    )
    assert _barriers(document, scenario) == (Barrier("barrier", "wissant", pytest.approx(1.0)),)


def test_map_draws_routes_and_barriers() -> None:
    scenario = parse_scenario(json.dumps(_doc(kinds=False)), format="json")
    game = compile_scenario(scenario)
    view = view_plan(plan_document(scenario, game, solve(game)))
    view = dataclasses.replace(
        view,
        scenario=Scenario(_doc(kinds=True), "coast"),  # type: ignore[arg-type]
        routes=_routes({"strategy": MIXTURE}, Scenario(_doc(kinds=True), "coast")),  # type: ignore[arg-type]
        barriers=_barriers({"strategy": MIXTURE}, Scenario(_doc(kinds=True), "coast")),  # type: ignore[arg-type]
    )
    svg = parse(map_svg(view) or "")
    lines = svg.find("polyline", **{"class": "route"})
    assert [(p.attrs["data-targets"], float(p.attrs["data-expected-units"])) for p in lines] == [
        ("gravelines oye-plage", pytest.approx(1.2)),
        ("sangatte wissant", pytest.approx(0.5)),
    ]
    widths = [float(p.attrs["stroke-width"]) for p in lines]
    assert widths[0] > widths[1]  # more units, thicker line
    circles = {
        c.attrs["data-target"]: (float(c.attrs["cx"]), float(c.attrs["cy"]))
        for c in svg.find("circle", **{"class": "target"})
    }
    points = [tuple(map(float, xy.split(","))) for xy in lines[0].attrs["points"].split()]
    assert points == [
        pytest.approx(circles["gravelines"], abs=0.06),
        pytest.approx(circles["oye-plage"], abs=0.06),
    ]
    (barrier,) = svg.find("rect", **{"class": "barrier"})
    assert barrier.attrs["data-target"] == "wissant"
    x, y = circles["wissant"]
    half = float(barrier.attrs["width"]) / 2
    assert float(barrier.attrs["height"]) / 2 == half
    assert float(barrier.attrs["x"]) + half == pytest.approx(x, abs=0.06)  # centred on the site
    assert float(barrier.attrs["y"]) + half == pytest.approx(y, abs=0.06)
    (circle,) = [
        c for c in svg.find("circle", **{"class": "target"}) if c.attrs["data-target"] == "wissant"
    ]
    assert half > float(circle.attrs["r"])  # the square surrounds the circle
    order = [n for n in svg.iter() if n.attrs.get("class") in ("target", "barrier")]
    assert order[-1] is barrier  # drawn after every circle: on top
