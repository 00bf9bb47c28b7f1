"""The scenario editor and sweeps in a real browser (Playwright driving Debian's Chromium).

A planner signs in, edits a scenario, sees a CLI message at the field it
concerns, fixes it, places a target by clicking the map, saves a new version
(the old one unchanged), solves it, runs a sweep and reads its chart. The
screenshots go to ``test-artifacts/`` (gitignored; ``ENTENTE_ARTIFACTS`` moves
it): ``web-editor-error.png``, ``web-editor-valid.png``, ``web-sweep.png``,
``web-budget.png``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from entente._exceptions import ScenarioError
from entente.scenario import builtin_scenarios, compile_scenario, parse_scenario
from tests.service.scenarios import TWO_TARGETS
from tests.service.server import Server, make_token, request
from tests.web.axe import serious_violations
from tests.web.chromium import ARTIFACTS, needs_chromium

pytestmark = needs_chromium

SCENARIO: dict[str, Any] = copy.deepcopy(TWO_TARGETS)
SCENARIO["targets"].append(
    {
        "id": "notre-dame",
        "defender": {"covered": 1, "uncovered": -6},
        "attacker": {"covered": -3, "uncovered": 6},
    }
)
SCENARIO["resources"] = [
    {"id": "team", "count": 1, "cost": 3},
    {"id": "drone", "count": 0, "cost": 2, "effectiveness": 0.5},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    folder = tmp_path_factory.mktemp("editor")
    db = f"sqlite:///{folder / 'entente.db'}"
    token = make_token(db, "planner", "planner-edit", folder)
    running = Server(db, folder, "--workers", "2")
    yield running, token
    running.stop()


def _cli_message(document: dict[str, Any], path: str) -> str:
    try:
        compile_scenario(parse_scenario(document, source="x"))
    except ScenarioError as error:
        return next(p.message for p in error.problems if p.path == path)
    raise AssertionError("the document is valid")


def _unlabelled(page: Any, scope: str) -> list[str]:
    """Controls under ``scope`` with no accessible name (label, aria-label or text)."""
    return list(
        page.eval_on_selector_all(
            f"{scope} input, {scope} select, {scope} button",
            """els => els.filter(e => e.offsetParent !== null && !(e.labels && e.labels.length)
                 && !e.getAttribute('aria-label') && !e.textContent.trim()).map(e => e.outerHTML)""",
        )
    )


def _spacing(page: Any, a: str, b: str) -> float:
    """Screen distance between two targets' dots on the editor's map."""
    centres = []
    for target in (a, b):
        dot = page.locator(f'#edit-map g[data-target="{target}"] circle')
        dot.wait_for()
        box = dot.bounding_box()
        assert box is not None
        centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    (x0, y0), (x1, y1) = centres
    return float(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)


@pytest.mark.slow
def test_edit_fix_place_save_solve_and_sweep(browser: Any, server: tuple[Server, str]) -> None:
    running, token = server
    status, created = request(running.port, "POST", "/api/scenarios", SCENARIO, token=token)
    assert status == 201
    first = created["id"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(running.url)
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Edit example v1").wait_for()
    assert page.locator("#editor").is_hidden()  # until a scenario is opened
    page.get_by_role("button", name="Edit example v1").click()
    page.get_by_text("Edit example: version 1").wait_for()

    count = page.get_by_label("team count", exact=True)
    count.fill("-1")
    error = page.locator('input[data-path="resources[0].count"] + .field-error')
    error.wait_for()
    broken = copy.deepcopy(SCENARIO)
    broken["resources"][0]["count"] = -1
    assert error.inner_text() == _cli_message(broken, "resources[0].count")
    assert count.get_attribute("aria-invalid") == "true"
    assert count.get_attribute("aria-describedby") == error.get_attribute("id")
    assert "1 problem(s) to fix" in page.locator("#editor-state").inner_text()
    assert serious_violations(page) == []  # the editor, with a field in error
    page.screenshot(path=str(ARTIFACTS / "web-editor-error.png"), full_page=True)

    count.fill("2")
    page.get_by_text("Valid: 3 targets").wait_for()
    assert count.get_attribute("aria-invalid") is None
    assert error.inner_text() == ""

    page.get_by_label("Target to place by clicking the map").select_option(label="notre-dame")
    figure = page.locator("#edit-map svg")
    box = figure.bounding_box()
    assert box is not None
    click = (box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.55)
    page.mouse.click(*click)
    dot = page.locator('#edit-map g[data-target="notre-dame"] circle')
    dot.wait_for()
    placed = dot.bounding_box()
    assert placed is not None
    centre = (placed["x"] + placed["width"] / 2, placed["y"] + placed["height"] / 2)
    assert centre == pytest.approx(click, abs=1.5)
    lat = float(page.get_by_label("notre-dame latitude").input_value())
    lon = float(page.get_by_label("notre-dame longitude").input_value())
    assert 48.85 < lat < 48.87  # on the map of the Louvre and the Eiffel Tower
    assert 2.28 < lon < 2.35
    page.get_by_text("Valid: 3 targets").wait_for()
    assert _unlabelled(page, "#editor") == []
    before = _spacing(page, "louvre", "eiffel")
    louvre = page.locator('#edit-map g[data-target="louvre"] circle')
    unzoomed = louvre.get_attribute("cx")
    page.get_by_role("button", name="Zoom in").click()
    expect(louvre).not_to_have_attribute("cx", unzoomed or "")
    assert _spacing(page, "louvre", "eiffel") == pytest.approx(2 * before, rel=0.01)
    zoomed = louvre.get_attribute("cx")
    page.get_by_role("button", name="Show every target").click()  # notre-dame now among them
    expect(louvre).not_to_have_attribute("cx", zoomed or "")
    frame = page.locator("#edit-map svg").bounding_box()
    assert frame is not None
    for index in range(3):
        dot = page.locator("#edit-map g.edit-target circle").nth(index).bounding_box()
        assert dot is not None
        assert frame["x"] <= dot["x"] <= dot["x"] + dot["width"] <= frame["x"] + frame["width"]
        assert frame["y"] <= dot["y"] <= dot["y"] + dot["height"] <= frame["y"] + frame["height"]
    assert _spacing(page, "louvre", "eiffel") < 1.5 * before
    page.screenshot(path=str(ARTIFACTS / "web-editor-valid.png"), full_page=True)

    page.get_by_role("button", name="Save as new version").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Edit example: version 2").wait_for()
    _, versions = request(running.port, "GET", f"/api/scenarios/{first}/versions", token=token)
    assert [(v["version"], v["parent"]) for v in versions] == [(1, None), (2, first)]
    second = versions[1]["id"]
    _, old = request(running.port, "GET", f"/api/scenarios/{first}", token=token)
    _, new = request(running.port, "GET", f"/api/scenarios/{second}", token=token)
    assert old == SCENARIO
    assert new["resources"][0]["count"] == 2
    assert (new["targets"][2]["lat"], new["targets"][2]["lon"]) == (lat, lon)

    page.get_by_role("button", name="Solve this version").click()
    page.locator("#plan-map svg circle.target").first.wait_for(timeout=60_000)
    _, plans = request(running.port, "GET", "/api/plans", token=token)
    assert plans[0]["scenario"] == second

    page.get_by_label("Scenario", exact=True).select_option(label=f"example v2 (scenario {second})")
    page.get_by_label("Resource", exact=True).select_option("team")
    page.get_by_label("Counts").fill("0..3")
    page.get_by_role("button", name="Run", exact=True).click()
    points = page.locator("#sweep-chart svg circle.point")
    points.nth(3).wait_for(timeout=60_000)
    job = int(page.locator("#sweep-job-label").inner_text().split()[1])
    _, result = request(running.port, "GET", f"/api/jobs/{job}/result", token=token)
    assert [float(points.nth(i).get_attribute("data-utility")) for i in range(4)] == [
        p["defender_utility"] for p in result["points"]
    ]
    assert page.locator("#sweep-table tbody tr").count() == 4
    assert _unlabelled(page, "#sweeps") == []
    assert serious_violations(page) == []  # the sweep's chart and table
    page.locator("#sweeps").screenshot(path=str(ARTIFACTS / "web-sweep.png"))

    page.get_by_label("the best mix within a budget").check()
    page.get_by_label("Budget", exact=True).fill("7")
    page.get_by_role("button", name="Run", exact=True).click()
    page.locator("#sweep-chart svg circle.mix").first.wait_for(timeout=60_000)
    page.locator("#sweeps").screenshot(path=str(ARTIFACTS / "web-budget.png"))
    page.close()


@pytest.mark.parametrize("name", ["paris-2024", "channel-coast"])
def test_a_built_in_scenario_round_trips_through_the_editor(
    browser: Any, server: tuple[Server, str], name: str
) -> None:
    """Opening a rich scenario (types, slots, routes, weather) and renaming it changes nothing
    else: the editor keeps every field its tables do not show."""
    running, token = server
    document = parse_scenario(builtin_scenarios()[name].read_text(), source=name, format="yaml")
    original = document.document
    status, created = request(running.port, "POST", "/api/scenarios", original, token=token)
    assert status == 201, created
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(running.url)
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=f"Edit {original['name']} v1").click()
    page.get_by_text(f"Edit {original['name']}: version 1").wait_for()
    assert page.locator("#edit-targets tbody tr").count() == len(original["targets"])
    located = sum(1 for t in original["targets"] if "lat" in t)
    dots = page.locator("#edit-map svg g.edit-target")
    dots.nth(located - 1).wait_for()
    assert dots.count() == located
    page.get_by_label("Scenario name").fill(f"{original['name']} edited")
    page.get_by_text("Valid:").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / f"web-editor-{name}.png"), full_page=True)
    page.get_by_role("button", name="Save as new version").click()
    page.get_by_text(f"Edit {original['name']} edited: version 2").wait_for(timeout=30_000)
    _, versions = request(
        running.port, "GET", f"/api/scenarios/{created['id']}/versions", token=token
    )
    _, saved = request(running.port, "GET", f"/api/scenarios/{versions[1]['id']}", token=token)
    assert saved == {**original, "name": f"{original['name']} edited"}
    page.close()


@pytest.mark.slow
def test_attacker_types_and_a_bad_sweep_are_shown_where_they_belong(
    browser: Any, server: tuple[Server, str]
) -> None:
    running, token = server
    _, created = request(running.port, "POST", "/api/scenarios", SCENARIO, token=token)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(running.url)
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.locator(f'tr[data-scenario="{created["id"]}"] button', has_text="Edit").click()
    page.get_by_text(f"(scenario {created['id']})").first.wait_for()

    page.get_by_role("button", name="Add an attacker type").click()
    page.get_by_role("button", name="Add an attacker type").click()
    headers = page.locator("#edit-payoffs thead th").all_inner_texts()
    assert "attacker (type-1) covered" in headers
    assert "attacker (type-2) uncovered" in headers
    prior = page.get_by_label("type-2 prior probability")
    prior.fill("0.5")  # type-1 has 1: the priors sum to 1.5
    error = page.locator('input[data-path="attackers[0].prior"] + .field-error')
    error.wait_for()
    assert "1.5" in error.inner_text()
    page.get_by_label("type-1 prior probability").fill("0.5")
    page.get_by_text("Valid: 3 targets").wait_for()
    page.get_by_label("eiffel attacker type-2 uncovered").fill("20")
    page.get_by_text("Valid: 3 targets").wait_for()
    page.get_by_role("button", name="Save as new version").click()
    page.get_by_text("version 2").first.wait_for()
    _, versions = request(
        running.port, "GET", f"/api/scenarios/{created['id']}/versions", token=token
    )
    _, typed = request(running.port, "GET", f"/api/scenarios/{versions[-1]['id']}", token=token)
    assert typed["attackers"] == [{"id": "type-1", "prior": 0.5}, {"id": "type-2", "prior": 0.5}]
    assert typed["targets"][1]["attacker"] == {
        "type-1": {"covered": -4, "uncovered": 10},
        "type-2": {"covered": -4, "uncovered": 20},
    }
    assert typed["targets"][0]["defender"] == SCENARIO["targets"][0]["defender"]

    page.get_by_role("button", name="Remove attacker type type-2").click()
    page.get_by_role("button", name="Remove attacker type type-1").click()
    # "Valid" was already shown before the removals: wait for the rows, not for it
    expect(page.locator("#edit-types tbody tr")).to_have_count(0)
    page.get_by_text("Valid: 3 targets").wait_for()

    page.get_by_label("one payoff").check()
    page.get_by_label("Payoff", exact=True).fill("nowhere.defender.covered")
    page.get_by_label("Values").fill("1,2")
    page.get_by_role("button", name="Run", exact=True).click()
    message = page.locator("#sweep-payoff-error")
    message.wait_for()
    assert message.inner_text() == "no target 'nowhere' in this scenario"
    assert page.get_by_label("Payoff", exact=True).get_attribute("aria-invalid") == "true"
    page.close()
