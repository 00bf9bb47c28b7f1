"""The planners' workspace in a real browser (Playwright driving Debian's Chromium).

Walks what a planner does: signs in, picks a method (each showing its own
options), solves; reads the plan's map slot by slot (hover, switch slot,
zoom into the dense centre, sort the table by keyboard, download it as CSV);
compares two plans; draws and prints tonight's orders; lists the plan's
draws. Every view is checked with axe-core (vendored under
``tests/web/vendor/``): no serious or critical violation. Numbers on the
page are checked against the API's. Screenshots (and the orders as PDF) are
kept in ``test-artifacts/`` at the repository's root (``ENTENTE_ARTIFACTS``
to move it; git ignores it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from entente.scenario import builtin_scenarios
from tests.service.server import Server, make_token, request
from tests.web.axe import serious_violations
from tests.web.chromium import ARTIFACTS, needs_chromium

pytestmark = needs_chromium

EVENINGS = Path(__file__).resolve().parents[2] / "examples" / "olympic-evenings.yaml"


def _solve(running: Server, token: str, document: dict[str, Any], **options: Any) -> int:
    status, created = request(running.port, "POST", "/api/scenarios", document, token)
    assert status == 201, created
    status, job = request(
        running.port, "POST", f"/api/scenarios/{created['id']}/solve", options, token
    )
    assert status == 202, job
    while True:
        _, body = request(running.port, "GET", f"/api/jobs/{job['job']}", token=token)
        if body["status"] not in ("queued", "running"):
            assert body["status"] == "done", body
            return int(body["plan"])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A server with two versions of the Olympic evenings solved: 2 teams (A) and 3 (B)."""
    folder = tmp_path_factory.mktemp("workspace")
    db = f"sqlite:///{folder / 'entente.db'}"
    tokens = {role: make_token(db, role, f"{role}-web", folder) for role in ("viewer", "planner")}
    running = Server(db, folder, "--workers", "2")
    evenings = yaml.safe_load(EVENINGS.read_text())
    more = {**evenings, "name": "olympic-evenings-3-teams"}
    more["resources"] = [{**evenings["resources"][0], "count": 3}, *evenings["resources"][1:]]
    plans = [_solve(running, tokens["planner"], doc) for doc in (evenings, more)]
    yield {"server": running, "tokens": tokens, "plans": plans}
    running.stop()


def _get(workspace: dict[str, Any], path: str) -> Any:
    status, body = request(
        workspace["server"].port, "GET", path, token=workspace["tokens"]["planner"]
    )
    assert status == 200, body
    return body


def _signed_in(browser: Any, workspace: dict[str, Any], role: str = "planner") -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(workspace["server"].url)
    page.get_by_label("API token").fill(workspace["tokens"][role])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {role}-web ({role})").wait_for()
    return page


def _shot(page: Any, name: str, locator: Any = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    (locator or page).screenshot(path=str(path), **({} if locator else {"full_page": True}))
    print(f"screenshot: {path}")


def _show_plan(page: Any, plan: int) -> None:
    page.get_by_role("button", name=f"Show plan {plan}", exact=True).click()
    page.wait_for_function(
        "(p) => document.querySelector('#plan-title').textContent.startsWith(`Plan ${p}:`)"
        " && document.querySelector('#plan-map svg circle.target') !== null",
        arg=plan,
    )


@pytest.mark.slow
def test_sign_in_pick_a_method_and_solve(
    browser: Any, workspace: dict[str, Any], tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(workspace["server"].url)
    assert serious_violations(page) == []  # the sign-in view
    _shot(page, "workspace-sign-in.png")
    icon = page.evaluate("async () => (await fetch('/favicon.ico')).status")
    assert icon == 200
    page.close()
    page = _signed_in(browser, workspace)
    methods = page.locator("#method option")
    page.wait_for_function("() => document.querySelectorAll('#method option').length > 1")
    names = [methods.nth(i).get_attribute("value") for i in range(methods.count())]
    assert names == [m["name"] for m in _get(workspace, "/api/methods")]
    assert {"column-generation", "gosaq", "pasaq", "robust"} <= set(names)
    shown = {}
    for method in ("origami", "milp", "robust", "auto"):
        _solving(page).get_by_label("Method").select_option(method)
        shown[method] = [
            label
            for label in ("Time limit (s)", "Gap (payoff units)", "Tie margin")
            if _solving(page).get_by_label(label).is_visible()
        ]
    assert shown == {
        "origami": [],
        "milp": ["Time limit (s)", "Gap (payoff units)"],
        "robust": ["Time limit (s)", "Gap (payoff units)", "Tie margin"],
        "auto": ["Time limit (s)", "Gap (payoff units)"],
    }
    _solving(page).get_by_label("Method").select_option("origami")
    assert "closed form" in page.locator("#method-summary").inner_text()
    _solving(page).get_by_label("Method").select_option("auto")
    assert serious_violations(page) == []  # the workspace's lists

    broken = {**yaml.safe_load(EVENINGS.read_text()), "name": "broken"}
    broken["resources"] = [{**broken["resources"][0], "count": -1}, *broken["resources"][1:]]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken))
    page.get_by_label("Scenario file (JSON or YAML)").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.locator("#upload-errors li").first.wait_for()
    assert page.locator("#upload-errors li").first.inner_text().startswith("resources[0].count: ")

    page.get_by_label("Scenario file (JSON or YAML)").set_input_files(
        str(builtin_scenarios()["paris-2024"])
    )
    page.get_by_role("button", name="Upload").click()
    _solving(page).get_by_label("Method").select_option("milp")
    _solving(page).get_by_label("Time limit (s)").fill("30")
    _solving(page).get_by_label("Gap (payoff units)").fill("0.0001")
    page.get_by_role("button", name="Solve paris-2024").click()
    page.wait_for_function(
        "() => ['done', 'failed'].includes(document.querySelector('#job-stage').textContent)",
        timeout=60_000,
    )
    assert page.locator("#job-stage").inner_text() == "done", page.locator("#status").inner_text()
    page.locator("#plan-map svg circle.target").first.wait_for()
    job = int(page.locator("#job-label").inner_text().split()[1])
    _, body = request(
        workspace["server"].port, "GET", f"/api/jobs/{job}", token=workspace["tokens"]["planner"]
    )
    assert body["options"] == {"method": "milp", "time_limit": 30, "gap": 0.0001}
    plan = _get(workspace, f"/api/plans/{body['plan']}")
    assert plan["method"] == "milp"
    # the dense centre of Paris: the map zooms to the inset's frame
    home = page.locator("#plan-map svg").evaluate("s => s.viewBox.baseVal.width")
    page.get_by_role("button", name="Dense centre").click()
    zoomed = page.locator("#plan-map svg").evaluate("s => s.viewBox.baseVal.width")
    frame = page.locator("#plan-map rect.inset-frame").evaluate(
        "r => [r.width.baseVal.value, r.height.baseVal.value]"
    )
    assert zoomed < home / 2
    assert zoomed >= frame[0]
    lone = plan["types"]["lone"]["attacked"]  # several types: the card names each
    page.locator(f'#plan-map circle.target[data-target="{lone}"]').hover()
    card = page.locator("#target-card").inner_text()
    assert "attacked by lone" in card
    assert all(f"{t} {plan['types'][t]['attacker_utility']:.2f}" in card for t in ("lone",))
    _shot(page, "workspace-paris-dense-centre.png")
    assert page.errors == []
    page.close()


def test_map_slot_by_slot(browser: Any, workspace: dict[str, Any]) -> None:
    plan = workspace["plans"][0]
    data = _get(workspace, f"/api/plans/{plan}/targets")
    by_id = {t["id"]: t for t in data["targets"]}
    page = _signed_in(browser, workspace)
    _show_plan(page, plan)
    fits = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    assert page.evaluate(fits)[0] <= page.evaluate(fits)[1]  # nothing wider than the window
    table = page.locator("#coverage-table").evaluate("t => t.offsetWidth")
    assert table <= page.locator(".table-pane").evaluate("p => p.clientWidth")
    assert page.locator("#plan").get_by_role("radio").count() == 3
    assert page.get_by_role("radio", name="Fri 26 July, opening ceremony evening").is_checked()
    assert serious_violations(page) == []  # the plan's view

    circles = page.locator("#plan-map svg circle.target")
    ids = {circles.nth(i).get_attribute("data-target") for i in range(circles.count())}
    assert ids == {t for t in by_id if t.endswith("@d1")}
    page.locator('#plan-map circle.target[data-target="hotel-de-ville@d1"]').hover()
    card = page.locator("#target-card")
    card.wait_for()
    text = card.inner_text()
    hotel = by_id["hotel-de-ville@d1"]
    assert text.startswith("Hôtel de Ville\nFri 26 July, opening ceremony evening")
    assert f"coverage {hotel['coverage']:.3f} · value {hotel['value']:.2f}" in text
    assert "-28.50" in text  # d1 scales the uncovered payoffs by 1.5
    _shot(page, "workspace-map-hover.png")

    page.get_by_role("radio", name="Fri 26 July, opening ceremony evening").focus()
    page.keyboard.press("ArrowRight")  # the slots are a radio group: the keyboard moves along
    page.locator('#plan-map svg[data-slot="d2"]').wait_for()
    assert page.get_by_role("radio", name="Sat 27 July, evening sessions").is_checked()
    ids = {circles.nth(i).get_attribute("data-target") for i in range(circles.count())}
    assert ids == {t for t in by_id if t.endswith("@d2")}
    assert page.locator("#plan-map rect.barrier").first.is_visible()
    assert page.locator("#plan-map polyline.route").first.is_visible()
    rows = page.locator("#coverage-table tbody tr")
    assert rows.count() == 6
    best = max((t for t in by_id if t.endswith("@d2")), key=lambda t: by_id[t]["coverage"])
    assert rows.first.get_attribute("data-target") == best

    # sort by name from the keyboard: the header is a button
    header = page.get_by_role("button", name="target", exact=True)
    header.focus()
    page.keyboard.press("Enter")
    names = [rows.nth(i).locator("td").first.inner_text() for i in range(6)]
    assert names == sorted(names)
    assert page.locator("#coverage-table th").first.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(6)] == names[::-1]

    # zoom: buttons and keys change the viewBox; the whole map comes back
    svg = page.locator("#plan-map svg")
    box = "s => [...s.getAttribute('viewBox').split(' ').map(Number)]"
    home = svg.evaluate(box)
    page.get_by_role("button", name="Zoom in").click()
    assert svg.evaluate(box)[2] == pytest.approx(home[2] / 1.5, rel=1e-3)
    page.locator("#plan-map").focus()
    before = svg.evaluate(box)
    page.keyboard.press("ArrowRight")
    assert svg.evaluate(box)[0] > before[0]
    page.get_by_role("button", name="Whole map").click()
    assert svg.evaluate(box) == pytest.approx(home, abs=0.01)

    # a target picked in the table is ringed on the map with its card
    page.get_by_role("button", name="Trocadéro / Pont d'Iéna").click()
    ringed = page.locator("#plan-map circle.picked")
    assert ringed.first.get_attribute("data-target") == "trocadero@d2"
    assert page.locator("#target-card").inner_text().startswith("Trocadéro")
    _shot(page, "workspace-map-d2.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the coverage (CSV, every slot)").click()
    table = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [r["target"] for r in table] == [t["id"] for t in data["targets"]]
    for row in table:
        target = by_id[row["target"]]
        assert float(row["coverage"]) == target["coverage"]  # full precision
        assert float(row["defender_if_attacked"]) == target["defender_utility"]
        assert row["slot"] == target["slot"]
        assert row["attacked_by"] == " ".join(target["attacked_by"])
    assert page.errors == []
    page.close()


def test_compare_two_plans(browser: Any, workspace: dict[str, Any]) -> None:
    a, b = workspace["plans"]
    plans = {p: _get(workspace, f"/api/plans/{p}") for p in (a, b)}
    page = _signed_in(browser, workspace)
    page.get_by_label("Plan A").select_option(str(a))
    page.get_by_label("Plan B").select_option(str(b))
    page.get_by_role("button", name="Compare").click()
    page.locator("#compare-summary").wait_for()
    gain = plans[b]["defender_utility"] - plans[a]["defender_utility"]
    assert gain > 0  # a third team cannot hurt (units may stay idle)
    assert (
        page.locator("#compare-verdict")
        .inner_text()
        .startswith(f"Plan B is better for the defender by {gain:.4f}")
    )
    defender = page.locator('#compare-summary tr[data-row="defender"] td')
    assert [defender.nth(i).inner_text() for i in range(3)] == [
        f"{plans[a]['defender_utility']:.4f}",
        f"{plans[b]['defender_utility']:.4f}",
        f"+{gain:.4f}",
    ]
    rows = page.locator("#compare-targets tbody tr")
    assert rows.count() == 18
    changes = []
    for i in range(18):
        row = rows.nth(i)
        target = row.get_attribute("data-target")
        change = plans[b]["coverage"][target] - plans[a]["coverage"][target]
        cells = row.locator("td")
        assert cells.nth(0).inner_text() == f"{plans[a]['coverage'][target]:.4f}"
        assert cells.nth(1).inner_text() == f"{plans[b]['coverage'][target]:.4f}"
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        assert cells.nth(2).inner_text() == f"{sign}{abs(change):.4f}"
        changes.append(abs(change))
    assert changes == sorted(changes, reverse=True)
    attacked = plans[a]["types"]["attacker"]["attacked"]
    row = page.locator(f'#compare-targets tr[data-target="{attacked}"] td').nth(3)
    assert "A" in row.inner_text()
    assert page.locator("#compare-maps svg.plan-map").count() == 2
    page.get_by_label("Maps of the slot").select_option("d3")
    page.locator('#compare-maps svg[data-slot="d3"]').nth(1).wait_for()
    assert serious_violations(page) == []  # the comparison
    _shot(page, "workspace-compare.png", page.locator("#compare"))
    assert page.errors == []
    page.close()


def test_print_tonights_orders_and_list_the_draws(browser: Any, workspace: dict[str, Any]) -> None:
    plan = workspace["plans"][0]
    page = _signed_in(browser, workspace)
    _show_plan(page, plan)
    # the evenings are past: the date starts at the first, and the page says why
    page.wait_for_function("() => document.querySelector('#orders-date').value !== ''")
    assert page.get_by_label("Date").input_value() == "2024-07-26"
    assert (
        "its slots start on 2024-07-26, 2024-07-27, 2024-07-28"
        in page.locator("#orders-note").inner_text()
    )
    page.get_by_label("Date").fill("2024-07-27")
    page.get_by_role("button", name="Draw the orders").click()
    frame = page.frame_locator("#orders-frame")
    frame.locator("section[data-slot=d2]").wait_for()
    assert frame.locator("section[data-slot=d2] tr.unit").count() == 4
    printed = page.evaluate(
        "() => { const w = document.querySelector('#orders-frame').contentWindow;"
        " let n = 0; w.print = () => { n += 1; };"
        " document.querySelector('#orders-print').click(); return n; }"
    )
    assert printed == 1
    page.get_by_text("The orders were sent to the printer dialogue.").wait_for()
    html = page.locator("#orders-frame").get_attribute("srcdoc")
    sheet = browser.new_page()
    sheet.set_content(html)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sheet.pdf(path=str(ARTIFACTS / "workspace-orders.pdf"), format="A4")
    sheet.close()

    draws = page.locator("#draws-table tbody tr")
    draws.first.wait_for()
    first = draws.first.locator("td")
    assert first.nth(1).inner_text() == "planner-web"
    assert first.nth(2).inner_text() == "orders for 2024-07-27: d2, printable page"
    assert first.nth(3).inner_text() == "secrets"

    page.get_by_label("Days").fill("2")
    page.get_by_label("From").fill("2024-07-26")
    page.get_by_role("button", name="Draw roster").click()
    page.get_by_text("Roster of 2 slot occurrence(s) in 2 day(s) drawn").wait_for()
    assert page.locator("#roster-table tbody tr").count() == 2 * 4  # 4 units a slot
    page.wait_for_function(
        "() => document.querySelector('#draws-table tbody tr td:nth-child(3)')"
        "?.textContent === 'roster of 2 day(s)'"  # the table is empty while it is redrawn
    )
    api = _get(workspace, f"/api/plans/{plan}/draws")
    assert [d["action"] for d in api][:2] == ["roster.draw", "orders.draw"]
    assert draws.count() == len(api)
    assert serious_violations(page) == []  # orders and draws, the frame shown
    _shot(page, "workspace-orders.png")
    assert page.errors == []
    page.close()


def test_a_viewer_sees_the_map_but_no_orders_or_draws(
    browser: Any, workspace: dict[str, Any]
) -> None:
    page = _signed_in(browser, workspace, "viewer")
    _show_plan(page, workspace["plans"][1])
    assert page.locator("#orders").is_hidden()
    assert page.locator("#draws").is_hidden()
    assert page.get_by_role("button", name="Solve olympic-evenings").count() == 0
    page.get_by_role("button", name="Sign out").click()
    assert page.locator("#plan").is_hidden()  # the next to sign in does not inherit it
    assert page.errors == []
    page.close()


def _solving(page: Any) -> Any:
    """The scenarios panel, whose solve controls the sweeps panel repeats by name."""
    return page.get_by_role("region", name="Scenarios")
