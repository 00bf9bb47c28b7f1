"""The `network:` section: what compiles, and every bad field named with exit 2."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from entente import solve
from entente.cli import app
from entente.scenario import load_game

DIAMOND = """
name: diamond
network:
  nodes: [{id: a, lat: 48.86, lon: 2.31}, {id: b}, {id: c}, {id: d}]
  edges:
    - {id: ab, from: a, to: b, length: 1}
    - {id: ac, from: a, to: c, length: 1}
    - {id: bd, from: b, to: d, length: 1}
    - {id: cd, from: c, to: d, length: 1, directed: true}
  sources: [a]
targets:
  - {id: t, node: d, defender: {covered: 0, uncovered: -10}, attacker: {covered: 0, uncovered: 10}}
resources:
  - {id: cp, kind: checkpoint, count: 1, effectiveness: 1.0}
"""

BROKEN = {
    "unknown node": (
        ("from: b, to: d", "from: b, to: zz"),
        "network.edges[2].to: unknown node 'zz'",
    ),
    "negative length": (
        ("length: 1, directed", "length: -1, directed"),
        "network.edges[3].length: must be >= 0",
    ),
    "unknown source": (("sources: [a]", "sources: [q]"), "network.sources[0]: unknown node 'q'"),
    "no node": (
        (", node: d", ""),
        "targets[0].node: a checkpoint game places every target at a node",
    ),
    "guard": (
        ("kind: checkpoint", "kind: guard"),
        "resources[0].kind: a checkpoint game takes only",
    ),
    "unknown edge": (
        ("effectiveness: 1.0}", "effectiveness: 1.0, edges: [zz]}"),
        "resources[0].edges[0]: unknown edge 'zz'",
    ),
    "stacking": (("count: 1,", "count: 5,"), "resources[0].count: 5 units never stack"),
    "typo": (("length: 1}", "lenght: 1}"), "network.edges[0].lenght: unknown field"),
    "duplicate edge": (("id: ac,", "id: ab,"), "network.edges[1].id: duplicate id 'ab'"),
    "lat alone": (
        ("lat: 48.86, lon: 2.31", "lat: 48.86"),
        "network.nodes[0]: give both lat and lon",
    ),
    "one-way wrong way": (
        (
            "{id: bd, from: b, to: d, length: 1}",
            "{id: bd, from: d, to: b, length: 1, directed: true}",
        ),
        None,
    ),
}


def test_diamond_compiles_and_solves() -> None:
    game = _game(DIAMOND)
    network = game.network
    assert network is not None
    assert network.node_ids == ("a", "b", "c", "d")
    assert network.directed.tolist() == [False, False, False, True]
    assert network.lat[0] == 48.86
    plan = solve(game)
    assert plan.method == "double-oracle"
    assert plan.verified
    assert plan.defender_utility == pytest.approx(-5.0, abs=1e-9)  # two disjoint roads, one unit


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_bad_network_exits_2_naming_the_field(case: str, tmp_path: Path) -> None:
    (old, new), expected = BROKEN[case]
    assert old in DIAMOND
    path = tmp_path / "bad.yaml"
    path.write_text(DIAMOND.replace(old, new, 1))
    result = CliRunner().invoke(app, ["validate", str(path)])
    if expected is None:  # the one-way road now leads away from d: d still reachable via c
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_unreachable_target(tmp_path: Path) -> None:
    text = DIAMOND.replace("{id: d}]", "{id: d}, {id: island}]").replace(
        "node: d,", "node: island,"
    )
    path = tmp_path / "island.yaml"
    path.write_text(text)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "targets[0].node: node 'island' cannot be reached from any source" in result.output


def test_graphml_as_osmnx_saves_it(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    for node, (y, x) in {
        "1": (48.0, 2.0),
        "2": (48.1, 2.0),
        "3": (48.0, 2.1),
        "4": (48.1, 2.1),
    }.items():
        graph.add_node(node, y=y, x=x)
    for u, v in [("1", "2"), ("2", "1"), ("1", "3"), ("3", "1"), ("2", "4"), ("3", "4")]:
        graph.add_edge(u, v, length=100.0)
    nx.write_graphml(graph, tmp_path / "roads.graphml")
    scenario = DIAMOND.split("network:")[0] + (
        "network: {graphml: roads.graphml, sources: ['1']}\n"
        + "targets:"
        + DIAMOND.split("targets:")[1].replace("node: d", "node: '4'")
    )
    path = tmp_path / "osm.yaml"
    path.write_text(scenario)
    _, game = load_game(path)
    assert game.network is not None
    assert game.network.n_edges == 6
    assert bool(game.network.directed.all())
    assert game.network.lat[game.network.node_ids.index("4")] == 48.1
    assert solve(game).defender_utility == pytest.approx(-5.0, abs=1e-9)


def test_graphml_needs_a_file(tmp_path: Path) -> None:
    from entente import ScenarioError, parse_scenario
    from entente.scenario import compile_scenario

    text = DIAMOND.split("network:")[0] + "network: {graphml: roads.graphml, sources: ['1']}\n"
    text += "targets:" + DIAMOND.split("targets:")[1]
    with pytest.raises(ScenarioError, match=r"network\.graphml: only a scenario read from a file"):
        compile_scenario(parse_scenario(text, source="<upload>"))


def _game(text: str):  # type: ignore[no-untyped-def]
    from entente import compile_scenario, parse_scenario

    return compile_scenario(parse_scenario(text, source="<test>"))


def test_edited_checkpoint_plan_is_refused(tmp_path: Path) -> None:
    import json

    scenario = tmp_path / "diamond.yaml"
    scenario.write_text(DIAMOND)
    plan = tmp_path / "plan.json"
    runner = CliRunner()
    assert runner.invoke(app, ["solve", str(scenario), "-o", str(plan), "--json"]).exit_code == 0
    roster = runner.invoke(app, ["roster", str(plan), "--days", "2", "--seed", "1"])
    assert roster.exit_code == 0, roster.output
    document = json.loads(plan.read_text())
    document["coverage"]["t"] = 0.9  # says more than the mixture stops
    plan.write_text(json.dumps(document))
    refused = runner.invoke(app, ["roster", str(plan), "--days", "2", "--seed", "1"])
    assert refused.exit_code == 2
    assert "the certificate fails on reading (escape[t]: best escape 0.5, plan 0.1" in " ".join(
        refused.output.split()
    )
    assert "the plan file was edited or corrupted" in " ".join(refused.output.split())
