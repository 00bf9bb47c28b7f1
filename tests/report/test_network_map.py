"""The map of a checkpoint plan: roads coloured by checkpoint probability, best paths drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from entente.cli import app
from entente.report import map_svg, read_plan, render_report
from entente.report.plan_view import PlanView
from tests.report.htmlparse import parse
from tests.scenario.test_network import DIAMOND

SVG = "{http://www.w3.org/2000/svg}"
LOCATED = (
    DIAMOND.replace("{id: b}", "{id: b, lat: 48.87, lon: 2.32}")
    .replace("{id: c}", "{id: c, lat: 48.85, lon: 2.32}")
    .replace("{id: d}", "{id: d, lat: 48.86, lon: 2.33}")
)


def _located_plan(folder: Path) -> PlanView:
    """The located diamond solved by the CLI and its plan file read back."""
    scenario = folder / "located.yaml"
    scenario.write_text(LOCATED)
    plan_path = folder / "plan.json"
    result = CliRunner().invoke(app, ["solve", str(scenario), "-o", str(plan_path), "--json"])
    assert result.exit_code == 0, result.output
    return read_plan(plan_path.read_bytes())


def test_roads_and_paths_on_the_map(tmp_path: Path) -> None:
    view = _located_plan(tmp_path)
    svg = map_svg(view)
    assert svg is not None
    root = ET.fromstring(svg)
    roads = {line.get("data-edge"): line for line in root.iter(f"{SVG}line")}
    assert set(roads) == {"ab", "ac", "bd", "cd"}
    held = view.document["checkpoints"]
    for edge, line in roads.items():
        assert abs(float(line.get("data-probability", "nan")) - held[edge]) < 1e-6
    paths = [p for p in root.iter(f"{SVG}polyline") if p.get("class") == "attack-path"]
    assert len(paths) == 1
    assert paths[0].get("data-nodes") == " ".join(
        view.document["types"]["attacker"]["path"]["nodes"]
    )


def test_a_checkpoint_report_says_what_its_map_and_resources_are(tmp_path: Path) -> None:
    """The key names roads and paths (no routes or barriers it does not draw); the
    summary lists the checkpoints, which stand in the network, not in the game."""
    view = _located_plan(tmp_path)
    svg = map_svg(view)
    assert svg is not None
    key = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("x") == "190"]
    assert key == [
        "Circles: targets; area ∝ value; colour: coverage; thick black ring: attacked.",
        "Roads in colour: by checkpoint probability (width grows with it; grey: none);",
        "red dashes: the road each attacker type judges safest.",
    ]
    (summary,) = parse(render_report(view)).find("dd", id="summary-resources")
    assert summary.all_text() == "cp × 1 (checkpoint)"
