"""The ``network:`` section of a checkpoint game, from the file to a :class:`Network`.

The graph is given inline (``nodes``, ``edges``) or as a GraphML file
(``graphml``, read with networkx; a file osmnx saved works as is: nodes
carry ``y``/``x`` as latitude/longitude, edges ``length``; an edge's id is
``u-v`` or, in a multigraph, ``u-v-key``). A GraphML path
is relative to the scenario file, and only scenarios read from a file may
name one (a document sent to the service must carry its graph inline).
Every target stands at a node reachable from some source; every resource
is a checkpoint, restricted by ``edges`` to edge ids when given.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from entente._exceptions import FieldProblem
from entente.model import Checkpoint, Network
from entente.scenario.schema import NetworkDoc, ScenarioDoc

__all__ = ["compile_network", "uses_network"]


def uses_network(doc: ScenarioDoc) -> bool:
    """Whether ``doc`` is (or tries to be) a checkpoint game."""
    return (
        "network" in doc
        or any(r.get("kind") == "checkpoint" for r in doc["resources"])
        or any("node" in t for t in doc["targets"])
    )


def compile_network(doc: ScenarioDoc, source: str) -> tuple[Network | None, list[FieldProblem]]:
    """The network of a checkpoint game and every problem found on the way."""
    section = doc.get("network")
    if section is None:
        return None, [FieldProblem("network", "checkpoints and target nodes need a `network:`")]
    problems = [*_not_with_network(doc)]
    graph = _graph(section, source, problems)
    if graph is None:
        return None, problems
    nodes, lat, lon, edges = graph
    index = {node: i for i, node in enumerate(nodes)}
    sources = _refs(section["sources"], index, "network.sources", problems)
    targets = _refs(
        [t.get("node", "") for t in doc["targets"]], index, "targets[{}].node", problems
    )
    edge_index = {e[0]: i for i, e in enumerate(edges)}
    checkpoints = _checkpoints(doc, edge_index, problems)
    if problems:
        return None, problems
    network = Network(
        node_ids=tuple(nodes),
        lat=_frozen(lat, np.float64),
        lon=_frozen(lon, np.float64),
        edge_ids=tuple(e[0] for e in edges),
        edge_from=_frozen([index[e[1]] for e in edges], np.intp),
        edge_to=_frozen([index[e[2]] for e in edges], np.intp),
        length=_frozen([e[3] for e in edges], np.float64),
        directed=_frozen([e[4] for e in edges], np.bool_),
        sources=_frozen(sources, np.intp),
        target_nodes=_frozen(targets, np.intp),
        checkpoints=tuple(checkpoints),
    )
    problems.extend(_unreachable(network, doc))
    return (None if problems else network), problems


Edge = tuple[str, str, str, float, bool]


def _graph(
    section: NetworkDoc, source: str, problems: list[FieldProblem]
) -> tuple[list[str], list[float], list[float], list[Edge]] | None:
    inline = "nodes" in section or "edges" in section
    if inline and "graphml" in section:
        problems.append(FieldProblem("network", "give `nodes` and `edges`, or `graphml`, not both"))
        return None
    if "graphml" in section:
        return _read_graphml(section["graphml"], source, problems)
    if "nodes" not in section or "edges" not in section:
        problems.append(FieldProblem("network", "give `nodes` and `edges`, or a `graphml` file"))
        return None
    nodes = [n["id"] for n in section["nodes"]]
    problems.extend(_duplicates("network.nodes", nodes))
    known = set(nodes)
    edges: list[Edge] = []
    for i, entry in enumerate(section["edges"]):
        for end in ("from", "to"):
            if entry[end] not in known:
                node = entry[end]
                problems.append(FieldProblem(f"network.edges[{i}].{end}", f"unknown node {node!r}"))
        edges.append(
            (entry["id"], entry["from"], entry["to"], entry["length"], entry.get("directed", False))
        )
    problems.extend(_duplicates("network.edges", [e[0] for e in edges]))
    nan = float("nan")
    lat = [n.get("lat", nan) for n in section["nodes"]]
    lon = [n.get("lon", nan) for n in section["nodes"]]
    for i, n in enumerate(section["nodes"]):
        if ("lat" in n) != ("lon" in n):
            problems.append(
                FieldProblem(f"network.nodes[{i}]", "give both lat and lon, or neither")
            )
    return nodes, lat, lon, edges


def _read_graphml(
    name: str, source: str, problems: list[FieldProblem]
) -> tuple[list[str], list[float], list[float], list[Edge]] | None:
    import networkx as nx

    base = Path(source)
    if not base.is_file():
        problems.append(
            FieldProblem(
                "network.graphml",
                "only a scenario read from a file may name a GraphML "
                "file; give the graph inline as `nodes` and `edges`",
            )
        )
        return None
    path = base.parent / name
    try:
        graph: Any = nx.read_graphml(path)
    except (OSError, nx.NetworkXError, ValueError, SyntaxError) as error:
        problems.append(FieldProblem("network.graphml", f"cannot read {str(path)!r}: {error}"))
        return None
    nodes = [str(n) for n in graph.nodes]
    nan = float("nan")
    lat = [float(graph.nodes[n].get("y", graph.nodes[n].get("lat", nan))) for n in graph.nodes]
    lon = [float(graph.nodes[n].get("x", graph.nodes[n].get("lon", nan))) for n in graph.nodes]
    edges: list[Edge] = []
    keyed = graph.is_multigraph()
    items = graph.edges(keys=True, data=True) if keyed else graph.edges(data=True)
    for item in items:
        u, v, data = item[0], item[1], item[-1]
        edge_id = f"{u}-{v}" + (f"-{item[2]}" if keyed else "")
        length = float(data.get("length", 1.0))
        if not np.isfinite(length) or length < 0:
            problems.append(
                FieldProblem("network.graphml", f"edge {edge_id!r} has length {length}")
            )
        edges.append((edge_id, str(u), str(v), length, bool(graph.is_directed())))
    problems.extend(_duplicates("network.graphml edges", [e[0] for e in edges]))
    return nodes, lat, lon, edges


def _refs(
    refs: list[str], index: dict[str, int], field: str, problems: list[FieldProblem]
) -> list[int]:
    out = []
    for j, ref in enumerate(refs):
        path = field.format(j) if "{}" in field else f"{field}[{j}]"
        if ref == "":
            problems.append(FieldProblem(path, "a checkpoint game places every target at a node"))
        elif ref not in index:
            problems.append(FieldProblem(path, f"unknown node {ref!r}"))
        else:
            out.append(index[ref])
    return out


def _checkpoints(
    doc: ScenarioDoc, edge_index: dict[str, int], problems: list[FieldProblem]
) -> list[Checkpoint]:
    out = []
    for r, entry in enumerate(doc["resources"]):
        if entry.get("kind") != "checkpoint":
            problems.append(
                FieldProblem(
                    f"resources[{r}].kind",
                    "a checkpoint game takes only `kind: checkpoint` resources",
                )
            )
            continue
        edges = None
        if "edges" in entry:
            found = []
            for j, ref in enumerate(entry["edges"]):
                if ref not in edge_index:
                    problems.append(
                        FieldProblem(f"resources[{r}].edges[{j}]", f"unknown edge {ref!r}")
                    )
                elif edge_index[ref] in found:
                    problems.append(
                        FieldProblem(f"resources[{r}].edges[{j}]", f"{ref!r} is listed twice")
                    )
                else:
                    found.append(edge_index[ref])
            edges = tuple(sorted(found))
        allowed = len(edge_index) if edges is None else len(edges)
        if entry["count"] > allowed:
            problems.append(
                FieldProblem(
                    f"resources[{r}].count",
                    f"{entry['count']} units never stack, but "
                    f"only {allowed} edges are open to them",
                )
            )
        out.append(Checkpoint(entry["id"], entry["count"], entry.get("effectiveness", 1.0), edges))
    return out


def _not_with_network(doc: ScenarioDoc) -> Iterator[FieldProblem]:
    for field in ("slots", "places", "graph"):
        if field in doc:
            yield FieldProblem(field, "not supported in a checkpoint game (with `network:`)")
    for i, target in enumerate(doc["targets"]):
        if "min_coverage" in target:
            yield FieldProblem(f"targets[{i}].min_coverage", "not supported in a checkpoint game")


def _unreachable(network: Network, doc: ScenarioDoc) -> Iterator[FieldProblem]:
    tail, head, _ = network.arcs()
    n = network.n_nodes
    graph = sp.csr_array(
        (
            np.ones(len(tail) + len(network.sources)),
            (
                np.concatenate([tail, np.full(len(network.sources), n)]),
                np.concatenate([head, network.sources]),
            ),
        ),
        shape=(n + 1, n + 1),
    )
    reached = set(breadth_first_order(graph, n, directed=True, return_predecessors=False).tolist())
    for i, node in enumerate(network.target_nodes.tolist()):
        if node not in reached:
            yield FieldProblem(
                f"targets[{i}].node",
                f"node {network.node_ids[node]!r} cannot be reached from any source "
                "(network.sources)",
            )


def _duplicates(field: str, ids: list[str]) -> Iterator[FieldProblem]:
    seen: dict[str, int] = {}
    for i, identifier in enumerate(ids):
        if identifier in seen:
            yield FieldProblem(
                f"{field}[{i}].id", f"duplicate id {identifier!r} (also [{seen[identifier]}])"
            )
        else:
            seen[identifier] = i


def _frozen(values: Any, dtype: Any) -> Any:
    array = np.asarray(values, dtype=dtype)
    array.setflags(write=False)
    return array
