"""The web page in a real browser: Playwright driving Debian's Chromium.

Signs in, uploads a scenario (and a broken one), solves it with progress,
checks the plan's map and table against the API's plan, draws a roster
(planners only; audited), and saves a
screenshot to ``test-artifacts/`` (``ENTENTE_ARTIFACTS`` to move it). The
report opened from disk makes no request at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from entente.scenario import builtin_scenarios
from tests.service.server import Server, make_token, request
from tests.web.chromium import ARTIFACTS, needs_chromium

pytestmark = needs_chromium



@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'entente.db'}"
    tokens = {
        role: make_token(db, role, f"{role}-web", folder) for role in ("viewer", "planner", "admin")
    }
    running = Server(db, folder, "--workers", "2")
    yield running, tokens
    running.stop()


def _foreign_requests(page: object, origin: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith(origin) else None)  # type: ignore[attr-defined]
    return seen


def test_planner_signs_in_uploads_solves_and_sees_the_plan(browser, server, tmp_path: Path) -> None:
    running, tokens = server
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    foreign = _foreign_requests(page, running.url)
    page.goto(running.url)
    page.get_by_label("API token").fill(tokens["planner"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as planner-web (planner)").wait_for()

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "targets:\n  - id: no\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\nresources: []\n"
    )
    page.get_by_label("Scenario file (JSON or YAML)").set_input_files(str(broken))
    page.get_by_role("button", name="Upload").click()
    page.locator("#upload-errors li").first.wait_for()
    assert "put this id in quotes" in page.locator("#upload-errors").inner_text()

    page.get_by_label("Scenario file (JSON or YAML)").set_input_files(
        str(builtin_scenarios()["paris-2024"])
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("button", name="Solve paris-2024").click()
    page.locator("#plan-map svg circle.target").first.wait_for(timeout=60_000)

    job = int(page.locator("#job-label").inner_text().split()[1])
    assert page.locator("#job-progress").evaluate("e => e.value") == 1
    _, job_body = request(running.port, "GET", f"/api/jobs/{job}", token=tokens["planner"])
    _, plan = request(
        running.port, "GET", f"/api/plans/{job_body['plan']}", token=tokens["planner"]
    )
    circles = page.locator("#plan-map svg circle.target")
    assert circles.count() == len(plan["coverage"]) == 29
    for index in range(circles.count()):
        circle = circles.nth(index)
        target = circle.get_attribute("data-target")
        assert float(circle.get_attribute("data-coverage")) == pytest.approx(
            plan["coverage"][target], abs=1e-6
        )
    rows = page.locator("#coverage-table tbody tr")
    assert rows.count() == 29
    first = rows.first
    best = max(plan["coverage"], key=plan["coverage"].get)
    assert first.get_attribute("data-target") == best
    assert first.locator("td").nth(1).inner_text() == f"{plan['coverage'][best]:.4f}"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the HTML report").click()
    report = Path(download.value.path()).read_text()
    assert report.startswith("<!DOCTYPE html>")
    assert report.count('class="target"') == 29
    page.get_by_label("Days").fill("3")
    page.get_by_role("button", name="Draw roster").click()
    page.get_by_text("Roster of 3 day(s) drawn from plan").wait_for()
    roster_rows = page.locator("#roster-table tbody tr")
    assert roster_rows.count() == 3 * 20  # 20 units (16 French and 4 UK teams) a day
    assert roster_rows.first.locator("td").nth(1).inner_text() == "fr-teams"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-plan.png"), full_page=True)
    assert foreign == []
    page.close()
    _, events = request(running.port, "GET", "/api/audit", token=tokens["admin"])
    assert any(e["action"] == "roster.draw" and e["actor"] == "planner-web" for e in events)


def test_viewer_sees_plans_but_cannot_upload_or_solve(browser, server) -> None:
    running, tokens = server
    page = browser.new_page()
    page.goto(running.url)
    page.get_by_label("API token").fill(tokens["viewer"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as viewer-web (viewer)").wait_for()
    assert page.locator("#upload-form").is_hidden()
    assert page.get_by_role("button", name="Solve paris-2024").count() == 0
    page.get_by_role("button", name="Show plan 1").click()
    page.locator("#plan-map svg circle.target").first.wait_for()
    assert page.locator("#roster").is_hidden()  # viewers may not see rosters
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_label("API token").is_visible()
    page.close()


def test_a_plan_shared_with_another_organisation(browser, server, tmp_path: Path) -> None:
    """The owner shares from the page; the other organisation sees it read-only, no roster."""
    running, tokens = server
    folder = tmp_path
    db = f"sqlite:///{Path(running.log.name).parent / 'entente.db'}"
    french = make_token(db, "planner", "prefet-web", folder, org="prefecture-nord")
    scenario = {
        "name": "shared",
        "targets": [
            {"id": "a", "lat": 48.86, "lon": 2.34, "defender": {"covered": 1, "uncovered": -5},
             "attacker": {"covered": -1, "uncovered": 5}},
            {"id": "b", "lat": 48.85, "lon": 2.29, "defender": {"covered": 1, "uncovered": -3},
             "attacker": {"covered": -1, "uncovered": 3}},
        ],
        "resources": [{"id": "team", "count": 1}],
    }  # fmt: skip
    _, created = request(running.port, "POST", "/api/scenarios", scenario, tokens["planner"])
    _, job = request(
        running.port, "POST", f"/api/scenarios/{created['id']}/solve", None, tokens["planner"]
    )
    while (
        body := request(running.port, "GET", f"/api/jobs/{job['job']}", token=tokens["planner"])[1]
    )["status"] != "done":
        pass
    plan = body["plan"]
    page = browser.new_page()
    page.goto(running.url)
    page.get_by_label("API token").fill(tokens["planner"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as planner-web (planner) of default").wait_for()
    page.get_by_role("button", name=f"Show plan {plan}", exact=True).click()
    page.get_by_text("Not shared: only your organisation sees this plan.").wait_for()
    page.get_by_label("Share read-only with the organisation").fill("prefecture-nord")
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_text("Shared read-only with 1 organisation(s):").wait_for()
    assert page.locator("#share-list li").get_attribute("data-org") == "prefecture-nord"
    page.get_by_role("button", name="Sign out").click()

    page.get_by_label("API token").fill(french)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as prefet-web (planner) of prefecture-nord").wait_for()
    page.wait_for_function(  # the lists reload after sign-in: only the shared plan, no scenario
        "document.querySelectorAll('#plan-table tbody tr').length === 1"
        " && document.querySelectorAll('#scenario-table tbody tr').length === 0"
    )
    page.get_by_role("button", name=f"Show plan {plan}", exact=True).click()
    page.get_by_text("Shared with prefecture-nord read-only").wait_for()
    page.locator("#plan-map svg circle.target").first.wait_for()
    assert page.locator("#roster").is_hidden()
    assert page.locator("#share-form").is_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-shared-plan.png"), full_page=True)
    page.close()


def test_wrong_token_is_refused(browser, server) -> None:
    running, _ = server
    page = browser.new_page()
    page.goto(running.url)
    page.get_by_label("API token").fill("ent_wrong")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That token was not accepted.").wait_for()
    assert page.locator("#workspace").is_hidden()
    page.close()


def test_report_opens_offline_without_any_request(browser, tmp_path: Path) -> None:
    from entente.planfile import plan_document
    from entente.report import render_report, view_plan
    from entente.scenario import load_game
    from entente.solvers import solve

    scenario, game = load_game("paris-2024")
    html = render_report(view_plan(plan_document(scenario, game, solve(game))))
    path = tmp_path / "report.html"
    path.write_text(html)
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.locator("svg.plan-map circle.target").count() == 29
    assert requests == [path.as_uri()]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)
    page.close()
