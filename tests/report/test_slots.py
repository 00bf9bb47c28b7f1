"""The report of a slotted plan (channel-coast): one map per night, routes per night, words, CSV."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import unquote

import pytest

from entente.planfile import plan_document
from entente.report import map_svg, render_report, view_plan
from entente.report.maplabels import Candidate, place_labels, short_name
from entente.report.plan_view import TargetView
from entente.report.slot_maps import bases
from entente.report.words import in_words, presence
from entente.scenario import load_game
from entente.solvers import solve
from tests.report.htmlparse import parse

NIGHTS = [f"n{i}" for i in range(1, 8)]


@pytest.fixture(scope="module")
def coast() -> dict:
    scenario, game = load_game("channel-coast")
    return plan_document(scenario, game, solve(game))


def test_one_panel_per_night_each_with_that_nights_targets_routes_and_barriers(coast: dict) -> None:
    tree = parse(render_report(view_plan(coast)))
    (section,) = tree.find("section", id="map")
    picks = [i.attrs["id"] for i in section.iter("input")]
    assert picks == [f"pick-{n}" for n in NIGHTS]
    assert "checked" in section.find("input", id="pick-n1")[0].attrs
    for night in NIGHTS:
        (panel,) = section.find("div", id=f"slot-{night}")
        (svg,) = panel.find("svg", **{"class": "plan-map"})
        circles = [c.attrs["data-target"] for c in svg.find("circle", **{"class": "target"})]
        assert sorted(circles) == sorted(f"{t['id']}@{night}" for t in coast["scenario"]["targets"])
        for line in svg.find("polyline", **{"class": "route"}):
            assert all(t.endswith(f"@{night}") for t in line.attrs["data-targets"].split())
        for rect in svg.find("rect", **{"class": "barrier"}):
            assert rect.attrs["data-target"].endswith(f"@{night}")
        kinds = [
            n.attrs.get("class")
            for n in svg.iter()
            if n.attrs.get("class") in ("target", "barrier")
        ]
        assert kinds.index("barrier") > max(i for i, k in enumerate(kinds) if k == "target")
    # n4 and n5 are green nights: the drones are grounded, only barriers remain
    (n4,) = section.find("div", id="slot-n4")
    assert not n4.find("polyline", **{"class": "route"})
    assert "No unit of drones-coquelles, drone-marck, drone-boulogne" in n4.all_text()


def test_routes_are_per_night_in_flying_order_from_the_base(coast: dict) -> None:
    view = view_plan(coast)
    for route in view.routes:
        assert {t.partition("@")[2] for t in route.targets} == {route.slot}
    # per night, each drone resource flies at most its count in expectation
    counts = {r["id"]: r["count"] for r in coast["scenario"]["resources"]}
    for night in NIGHTS:
        for resource in ("drones-coquelles", "drone-marck", "drone-boulogne"):
            flown = sum(
                r.expected_units for r in view.routes if r.slot == night and r.resource == resource
            )
            assert flown <= counts[resource] + 1e-9
    # the polyline starts and ends at the base (Boulogne gendarmerie for drone-boulogne)
    svg = parse(map_svg(view, slot="n1") or "")
    home = {b.resource: b for b in bases(view)}
    assert home["drone-boulogne"].name == "Boulogne-sur-Mer (gendarmerie)"
    lines = [
        p
        for p in svg.find("polyline", **{"class": "route"})
        if p.attrs["data-resource"] == "drone-boulogne"
    ]
    assert lines
    for line in lines:
        points = line.attrs["points"].split()
        assert points[0] == points[-1]
        assert len(points) == len(line.attrs["data-targets"].split()) + 2
    # the routes table names the base and the sites, never another night's
    tree = parse(render_report(view))
    (n1,) = tree.find("div", id="slot-n1")
    rows = [r.all_text() for r in n1.find("tr", **{"class": "route"})]
    assert any(r.startswith("drone-boulogne") and "Boulogne-sur-Mer base →" in r for r in rows)
    assert not tree.find("section", id="routes")  # no week-long chains anywhere


def test_unknown_slot_is_an_input_error(coast: dict) -> None:
    from entente import InputError

    with pytest.raises(InputError, match="unknown slot 'n9'"):
        map_svg(view_plan(coast), slot="n9")


def _target(coverage: float) -> TargetView:
    return TargetView("x", "X", 50.0, 1.0, coverage, 1.0, 0.0, {}, ())


@pytest.mark.parametrize(
    ("coverage", "present", "words"),
    [
        (0.0, {}, "Nobody is sent here: an attempt here is never stopped."),
        (
            0.54,
            {"guard": 0.9},
            "A team is here on 9 nights in 10: an attempt here is stopped about 5 times in 10.",
        ),
        (
            0.85,
            {"static": 1.0},
            "A barrier stands here every night: an attempt here is stopped about 8 times in 10.",
        ),
        (
            0.3,
            {"guard": 0.25, "patrol": 0.04},
            "A team is here on 2 nights in 10; a patrol flies over on fewer than 1 night in 20: "
            "an attempt here is stopped about 3 times in 10.",
        ),
        (
            0.97,
            {"guard": 0.97},
            "A team is here on almost every night: an attempt here is stopped almost every time.",
        ),
    ],
)
def test_coverage_in_plain_words(coverage: float, present: dict, words: str) -> None:
    # 0.54 = 0.6 effectiveness x 0.9 presence; 0.85 = one barrier of effectiveness 0.85
    assert in_words(_target(coverage), present, ("night", "nights")) == words


def test_a_rare_team_is_not_called_nobody() -> None:
    # a team on 1 night in 100 with effectiveness 0.3 stops 3 attempts in 1,000
    assert in_words(_target(0.003), {"guard": 0.01}, ("night", "nights")) == (
        "A team is here on fewer than 1 night in 20: an attempt here is almost never stopped."
    )


def test_a_checkpoint_games_unguarded_target_names_its_roads() -> None:
    assert in_words(_target(0.0), {}, None, roads=True) == (
        "No checkpoint stands on the safest road here: an attempt here is never stopped."
    )
    assert in_words(_target(0.33), {}, None, roads=True) == (
        "An attempt here is stopped about 3 times in 10."
    )


def test_plain_words_for_sessions_that_are_not_nights() -> None:
    assert in_words(_target(0.3), {"guard": 0.3}, None) == (
        "A team is here 3 times in 10: an attempt here is stopped about 3 times in 10."
    )
    assert in_words(_target(1.0), {"guard": 1.0}, ("day", "days")) == (
        "A team is here every day: an attempt here is stopped every time."
    )


def test_what_a_draw_is_called() -> None:
    from entente.report.words import occasion

    def called(slots: list[dict] | None) -> tuple[str, str] | None:
        doc = {"targets": [], "resources": [], **({"slots": slots} if slots else {})}
        view = type("V", (), {"scenario": type("S", (), {"document": doc})()})()
        return occasion(view)  # type: ignore[arg-type]

    assert called(None) == ("day", "days")  # rosters draw one deployment a day
    assert called([{"id": "n1", "weekday": "monday", "start": "22:00", "hours": 8}]) == (
        "night",
        "nights",
    )  # 22:00 + 8 h crosses midnight
    assert called([{"id": "d1", "start": "2024-07-26T19:30", "hours": 4}]) is None
    assert called([{"id": "n1", "name": "Night 1"}]) == ("night", "nights")


def test_presence_and_words_in_the_report_and_csv(coast: dict) -> None:
    view = view_plan(coast)
    present = presence(view)
    # the two barriers stand at the Canche and the Authie every night
    for night in NIGHTS:
        assert present[f"canche-mouth@{night}"]["static"] == pytest.approx(1.0)
    # coverage = 1 - prod(1 - e) over what is there: only a barrier ever stands at the Authie
    authie = next(t for t in view.targets if t.id == "authie-mouth@n1")
    if "guard" not in present["authie-mouth@n1"]:
        assert authie.coverage == pytest.approx(0.85, abs=1e-6)
    html = render_report(view)
    tree = parse(html)
    (link,) = tree.find("a", id="coverage-csv")
    assert link.attrs["download"] == "channel-coast-coverage.csv"
    prefix = "data:text/csv;charset=utf-8,"
    assert link.attrs["href"].startswith(prefix)
    rows = list(csv.DictReader(io.StringIO(unquote(link.attrs["href"][len(prefix) :]))))
    assert len(rows) == 15 * 7
    for row in rows:
        assert float(row["coverage"]) == pytest.approx(coast["coverage"][row["target"]], abs=1e-6)
        assert row["target"] == f"{row['site']}@{row['slot']}"
        assert float(row["presence_static"]) == pytest.approx(
            present[row["target"]].get("static", 0.0), abs=1e-6
        )
        assert row["in_words"].endswith(".")
    (n1,) = tree.find("div", id="slot-n1")
    words = {
        r.attrs["data-target"]: r.find("td")[2].all_text()
        for r in n1.find("tr")
        if "data-target" in r.attrs
    }
    assert set(words) == {f"{t['id']}@n1" for t in coast["scenario"]["targets"]}
    assert words["canche-mouth@n1"].lower().count("a barrier stands here every night") == 1
    assert not re.search(r"url\((?!#)", html)


def test_labels_never_overlap_and_say_which_found_no_place() -> None:
    candidates = [Candidate(f"t{i}", f"Site number {i}", 100 + 3 * i, 100, 5) for i in range(40)]
    circles = [(c.x, c.y, c.r) for c in candidates]
    placed, missing = place_labels(candidates, circles, (0, 0, 400, 200))
    assert placed
    assert missing
    assert {p.key for p in placed} | set(missing) == {c.key for c in candidates}
    for i, a in enumerate(placed):
        x0, y0, x1, y1 = a.box
        assert (x0, y0) >= (0, 0)
        assert (x1, y1) <= (400, 200)
        assert y1 <= 200
        for b in placed[i + 1 :]:
            assert not (
                a.box[0] < b.box[2]
                and b.box[0] < a.box[2]
                and a.box[1] < b.box[3]
                and b.box[1] < a.box[3]
            )
        for cx, cy, r in circles:
            nx, ny = min(max(cx, x0), x1), min(max(cy, y0), y1)
            assert (nx - cx) ** 2 + (ny - cy) ** 2 >= r * r
    assert placed[0].key == "t0"
    assert placed[0].leader is None  # the first one touches its circle


def test_short_names() -> None:
    assert short_name("Stade de France (Saint-Denis)") == "Stade de France"
    assert (
        short_name("Hôtel de Ville – marathon start (incl. Marathon Pour Tous night)")
        == "Hôtel de Ville"
    )
    assert short_name("Calais") == "Calais"
