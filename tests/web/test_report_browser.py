"""The per-slot report in a real browser (Playwright driving Debian's Chromium).

Opens channel-coast's and paris-2024's reports from disk, picks each night
with the radio buttons (no script on the page), and checks what a planner
sees: barriers drawn after the circles and visible on top of them, the
legend inside the drawing, no two names overlapping, the coverage CSV
downloadable, and not a single request leaving the page. Screenshots go to
``ENTENTE_ARTIFACTS`` (default: pytest's temporary directory).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from entente.planfile import plan_document
from entente.report import render_report, view_plan
from entente.scenario import load_game
from entente.solvers import solve
from tests.web.chromium import needs_chromium

pytestmark = needs_chromium

_BOXES = """svg => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const marks = [...svg.querySelectorAll('circle.target, rect.barrier')];
  const barriers = [...svg.querySelectorAll('rect.barrier')].map(rect => {
    rect.scrollIntoView({block: 'center'});
    const [l, t, r, b] = box(rect);
    const hit = document.elementFromPoint((l + r) / 2, t + 1);
    return {index: marks.indexOf(rect), hit: hit === rect, width: r - l,
            stroke: getComputedStyle(rect).stroke, display: getComputedStyle(rect).display};
  });
  window.scrollTo(0, 0);
  const lastCircle = Math.max(...marks.map((m, i) => m.matches('circle.target') ? i : -1));
  return {svg: box(svg), legend: box(svg.querySelector('g.legend')),
          labels: [...svg.querySelectorAll('text.label')].map(box), barriers, lastCircle};
}"""



@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("ENTENTE_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _report(name: str, folder: Path) -> Path:
    scenario, game = load_game(name)
    path = folder / f"{name}-report.html"
    path.write_text(render_report(view_plan(plan_document(scenario, game, solve(game)))))
    return path


def _check_map(page: object, svg_selector: str) -> dict:
    seen = page.locator(svg_selector).evaluate(_BOXES)  # type: ignore[attr-defined]
    left, top, right, bottom = seen["svg"]
    legend = seen["legend"]
    assert left <= legend[0], legend
    assert top <= legend[1], legend
    assert legend[2] <= right + 0.5, (legend, seen["svg"])
    assert legend[3] <= bottom + 0.5, (legend, seen["svg"])
    labels = seen["labels"]
    assert labels
    for i, a in enumerate(labels):
        assert left <= a[0]
        assert a[2] <= right + 0.5
        for other in labels[i + 1 :]:
            overlap = a[0] < other[2] and other[0] < a[2] and a[1] < other[3] and other[1] < a[3]
            assert not overlap, (a, other)
    for barrier in seen["barriers"]:
        assert barrier["index"] > seen["lastCircle"]  # drawn after every circle
        assert barrier["hit"]  # the topmost element on its edge: visible
        assert barrier["width"] > 10
        assert barrier["display"] != "none"
    return seen


def test_coast_report_night_by_night(browser, artifacts: Path, tmp_path: Path) -> None:
    path = _report("channel-coast", tmp_path)
    page = browser.new_page(viewport={"width": 1200, "height": 1000}, accept_downloads=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.locator("#slot-n1").is_visible()
    assert page.locator("#slot-n2").is_hidden()
    for night in [f"n{i}" for i in range(1, 8)]:
        page.locator(f"label[for=pick-{night}]").click()
        assert page.locator(f"#slot-{night}").is_visible()
        assert page.locator(".slot-panel:visible").count() == 1
        seen = _check_map(page, f"#slot-{night} svg.plan-map")
        assert len(seen["barriers"]) == 2  # Canche and Authie, every night
        assert len(seen["labels"]) == 15  # every launch site named
        page.locator(f"#slot-{night}").screenshot(path=str(artifacts / f"report-coast-{night}.png"))
    with page.expect_download() as download:
        page.locator("#coverage-csv").click()
    rows = list(csv.DictReader(Path(download.value.path()).read_text().splitlines()))
    assert len(rows) == 15 * 7
    assert download.value.suggested_filename == "channel-coast-coverage.csv"
    assert requests == [path.as_uri()]
    page.close()


def test_paris_report_names_every_venue_with_an_inset(
    browser, artifacts: Path, tmp_path: Path
) -> None:
    path = _report("paris-2024", tmp_path)
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    seen = _check_map(page, "#map svg.plan-map")
    assert page.locator("#map g.inset").count() == 1
    named = set(page.locator("#map text.label").evaluate_all("ts => ts.map(t => t.dataset.target)"))
    assert len(named) == 29  # every venue named once, on the map or in the inset
    assert len(seen["labels"]) == 29
    page.locator("#map").screenshot(path=str(artifacts / "report-paris-map.png"))
    assert requests == [path.as_uri()]
    page.close()
