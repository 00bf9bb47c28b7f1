"""The printable orders page in a real browser (Playwright driving Debian's Chromium).

Opened from disk, it makes no request but its own; the map shows that slot's
sites only, the barrier's square is drawn after the circles and can be hit
on screen; the page prints on one A4 sheet. A screenshot is saved to
``test-artifacts/orders.png`` (``ENTENTE_ARTIFACTS`` to move it).
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from entente.cli import app
from tests.web.chromium import ARTIFACTS, needs_chromium

pytestmark = needs_chromium



def test_orders_page_offline_barrier_on_top_one_a4_sheet(browser, tmp_path: Path) -> None:
    page_path = tmp_path / "orders.html"
    result = CliRunner().invoke(
        app,
        [
            "orders",
            "examples/olympic-evenings.yaml",
            "--date",
            "2024-07-27",
            "--seed",
            "3",
            "-o",
            str(page_path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_path.as_uri())
    assert requests == [page_path.as_uri()]

    svg = page.locator("section[data-slot=d2] svg.plan-map")
    circles = svg.locator("circle.target")
    assert circles.count() == 6  # the six sites of d2, not 6 x 3 slots
    ids = {circles.nth(i).get_attribute("data-target") for i in range(6)}
    assert all(i is not None and i.endswith("@d2") for i in ids)
    barrier = svg.locator("rect.barrier")
    assert barrier.count() == 1
    assert barrier.get_attribute("data-target") == "hotel-de-ville@d2"
    # drawn after every circle ...
    after = barrier.evaluate(
        "b => [...b.ownerSVGElement.querySelectorAll('circle.target')]"
        ".every(c => c.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert after is True
    # ... and on top: a point of its outline hits the square, not the circle beneath
    hit = barrier.evaluate(
        "b => { const r = b.getBoundingClientRect();"
        " const e = document.elementFromPoint(r.left + 1, r.top + r.height / 2);"
        " return e === b || b.contains(e); }"
    )
    assert hit is True
    assert barrier.is_visible()
    posts = svg.locator("g.post")  # guard teams' posts: numbered diamonds, on screen
    assert posts.count() >= 1
    assert all(posts.nth(i).is_visible() for i in range(posts.count()))
    units = page.locator("section[data-slot=d2] tr.unit")
    assert units.count() == 4
    drone = page.locator("section[data-slot=d2] tr.unit[data-resource=drone] li")
    assert drone.count() >= 1  # the drone's sites, named, in flying order
    assert "SEEDED DRAW (seed 3)" in page.locator("#generator").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "orders.png"), full_page=True)
    page.emulate_media(media="print")
    # printed, the map keeps the page's width (labels stay about 8 pt), and the sheet is one
    width_mm = svg.evaluate("s => s.getBoundingClientRect().width") * 25.4 / 96
    assert width_mm > 150
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one A4 sheet for one evening
    page.close()
