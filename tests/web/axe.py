"""axe-core (vendored, MPL-2.0) run in a page: the serious and critical violations.

The script is evaluated through the DevTools protocol (no ``<script>`` tag),
so the page's Content-Security-Policy stays as served.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["AXE", "serious_violations"]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Any) -> list[str]:
    """Run axe on ``page``'s document; one line per serious or critical violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}): "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in results
        if v["impact"] in ("serious", "critical")
    ]
