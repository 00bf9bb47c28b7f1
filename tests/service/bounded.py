"""Documents that cost far more than their size: for the tests of bounded work."""

from __future__ import annotations

from typing import Any


def billion_laughs(levels: int = 9) -> bytes:
    """YAML of ~500 bytes standing for 10**levels values through nested aliases."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def dense_patrol(n: int) -> dict[str, Any]:
    """``n`` targets close together and a patrol with a 1000 km endurance.

    Routes are priced, not enumerated, but the patrol's distances are every
    pair of sites: 2,000 targets take about 0.7 s and 260 MB to compile,
    5,000 about 4 s and 1.3 GB (a quiet machine), from under 1 MB of JSON.
    """
    targets = [
        {
            "id": f"t{i}",
            "lat": 48.85 + 0.0005 * (i % 5),
            "lon": 2.35 + 0.0007 * (i // 5),
            "defender": {"covered": 1, "uncovered": -5},
            "attacker": {"covered": -1, "uncovered": 5},
        }
        for i in range(n)
    ]
    patrol = {"id": "car", "kind": "patrol", "count": 1}
    patrol["routes"] = {"base": "t0", "endurance_km": 1000}  # type: ignore[assignment]
    return {"name": "dense", "targets": targets, "resources": [patrol]}
