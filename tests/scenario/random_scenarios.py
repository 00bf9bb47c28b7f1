"""Small random scenario documents, and the same scenario renamed, reordered or rescaled."""

from __future__ import annotations

import copy
import string
from typing import Any

import numpy as np

Doc = dict[str, Any]


def _pair(rng: np.random.Generator, side: str, integer: bool) -> dict[str, float]:
    if integer:  # ties are common
        high, low = float(rng.integers(0, 6)), -float(rng.integers(0, 6))
    else:
        high, low = round(float(rng.uniform(0, 100)), 4), -round(float(rng.uniform(0, 100)), 4)
    if side == "defender":
        return {"covered": high, "uncovered": low}
    return {"covered": low, "uncovered": high}


def _behaviour(rng: np.random.Generator, models: tuple[str, ...]) -> dict[str, Any] | None:
    model = str(rng.choice(models))
    if model == "quantal":
        return {"model": "quantal", "lambda": round(float(rng.uniform(0.05, 1.0)), 3)}
    if model == "suqr":
        weights = {"coverage": round(float(rng.uniform(-10, -1)), 3)}
        weights |= {w: round(float(rng.uniform(0.05, 1)), 3) for w in ("reward", "penalty")}
        return {"model": "suqr", "weights": weights}
    return None


def _attackers(rng: np.random.Generator, n_types: int, models: tuple[str, ...]) -> list[Doc]:
    priors = np.round(rng.dirichlet(np.ones(n_types)), 6)
    priors[-1] = 1 - priors[:-1].sum()
    entries: list[Doc] = []
    for k in range(n_types):
        entry: Doc = {"id": f"a{k}", "prior": float(max(priors[k], 0.0))}
        behaviour = _behaviour(rng, models)
        if behaviour is not None:
            entry["behaviour"] = behaviour
        entries.append(entry)
    return entries


def _resource(rng: np.random.Generator, r: int, kinds: tuple[str, ...], ids: list[str]) -> Doc:
    kind = str(rng.choice(kinds))
    entry: Doc = {"id": f"r{r}", "count": int(rng.integers(0, 3))}
    if kind != "guard":
        entry["kind"] = kind
    effectiveness = float(rng.choice([1.0, 1.0, 0.8, 0.5]))
    if effectiveness != 1.0:
        entry["effectiveness"] = effectiveness

    def some() -> list[str]:
        return sorted(rng.choice(ids, int(rng.integers(1, len(ids) + 1)), replace=False).tolist())

    if kind == "guard" and rng.random() < 0.3:
        entry["targets"] = some()
    elif kind == "static":
        entry["sites"] = some()
    elif kind == "patrol":
        routes = {tuple(some()[:2]) for _ in range(int(rng.integers(1, 4)))}
        entry["schedules"] = [list(route) for route in sorted(routes)]
    return entry


def random_scenario(
    rng: np.random.Generator,
    *,
    kinds: tuple[str, ...] = ("guard",),
    models: tuple[str, ...] = ("rational",),
    max_targets: int = 4,
    max_types: int = 2,
) -> Doc:
    """Up to ``max_targets`` targets, 0 (the implicit attacker) to ``max_types`` types."""
    n = int(rng.integers(1, max_targets + 1))
    n_types = int(rng.integers(0, max_types + 1))
    integer = bool(rng.random() < 0.3)
    ids = [f"t{i}" for i in range(n)]
    types = [f"a{k}" for k in range(n_types)]
    doc: Doc = {"name": "random", "targets": [], "resources": []}
    if n_types:
        doc["attackers"] = _attackers(rng, n_types, models)
    elif (behaviour := _behaviour(rng, models)) is not None:
        doc["behaviour"] = behaviour
    by_type = n_types > 0 and rng.random() < 0.4
    for t in ids:
        target: Doc = {"id": t}
        if by_type:
            target["defender"] = {k: _pair(rng, "defender", integer) for k in types}
        else:
            target["defender"] = _pair(rng, "defender", integer)
        if n_types:
            target["attacker"] = {k: _pair(rng, "attacker", integer) for k in types}
        else:
            target["attacker"] = _pair(rng, "attacker", integer)
        doc["targets"].append(target)
    doc["resources"] = [_resource(rng, r, kinds, ids) for r in range(int(rng.integers(1, 3)))]
    return doc


def _fresh_ids(rng: np.random.Generator, prefix: str, old: list[str]) -> dict[str, str]:
    alphabet = list(string.ascii_lowercase + string.digits + "_-")
    names: set[str] = set()
    while len(names) < len(old):
        names.add(prefix + "".join(rng.choice(alphabet, int(rng.integers(1, 8)))))
    shuffled = sorted(names)
    rng.shuffle(shuffled)
    return dict(zip(old, shuffled, strict=True))


def renamed_and_reordered(
    doc: Doc, rng: np.random.Generator
) -> tuple[Doc, dict[str, str], dict[str, str]]:
    """Every target, resource and type id replaced, every list shuffled.

    Returns the new document and the maps old -> new of target and type ids.
    """
    targets = _fresh_ids(rng, "z", [t["id"] for t in doc["targets"]])
    types = _fresh_ids(rng, "k", [a["id"] for a in doc.get("attackers", [])])
    resources = _fresh_ids(rng, "q", [r["id"] for r in doc["resources"]])
    new = copy.deepcopy(doc)
    for t in new["targets"]:
        t["id"] = targets[t["id"]]
        for side in ("defender", "attacker"):
            if "covered" not in t[side]:
                keys = list(t[side])
                rng.shuffle(keys)
                t[side] = {types[k]: t[side][k] for k in keys}
    for a in new.get("attackers", []):
        a["id"] = types[a["id"]]
    for r in new["resources"]:
        r["id"] = resources[r["id"]]
        for key in ("targets", "sites"):
            if key in r:
                r[key] = [targets[x] for x in r[key]]
                rng.shuffle(r[key])
        if "schedules" in r:
            r["schedules"] = [[targets[x] for x in s] for s in r["schedules"]]
            rng.shuffle(r["schedules"])
    for key in ("targets", "attackers", "resources"):
        if key in new:
            rng.shuffle(new[key])
    return new, targets, types
