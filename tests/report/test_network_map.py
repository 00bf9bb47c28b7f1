"""The map of a checkpoint plan: roads coloured by checkpoint probability, best paths drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from entente.cli import app
from entente.report import map_svg, read_plan
from tests.scenario.test_network import DIAMOND

SVG = "{http://www.w3.org/2000/svg}"
LOCATED = (
    DIAMOND.replace("{id: b}", "{id: b, lat: 48.87, lon: 2.32}")
    .replace("{id: c}", "{id: c, lat: 48.85, lon: 2.32}")
    .replace("{id: d}", "{id: d, lat: 48.86, lon: 2.33}")
)


def test_roads_and_paths_on_the_map(tmp_path: Path) -> None:
    scenario = tmp_path / "located.yaml"
    scenario.write_text(LOCATED)
    plan_path = tmp_path / "plan.json"
    result = CliRunner().invoke(app, ["solve", str(scenario), "-o", str(plan_path), "--json"])
    assert result.exit_code == 0, result.output
    view = read_plan(plan_path.read_bytes())
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
