"""The coverage a plan gives: from a plan file, or from a hand-made rota.

A plan file (``entente solve -o``) carries ``coverage`` by target id. A rota
is the roster CSV (header ``day,resource,unit,targets``; one row per day x
unit; ``targets`` joins the target ids that unit covers that day with
``;``, empty when idle; more columns may follow and are ignored). Its
*empirical coverage* is, per target, the mean over the rota's days of the
interdiction probability ``1 - prod (1 - effectiveness)`` over the units
covering it that day (DESIGN.md), so a rota is evaluated exactly like a
plan whose coverage it is.

The roster CSV of a plan with time slots (header
``date,slot,start,end,resource,unit,targets``, one row per unit per slot
occurrence, ``targets`` that slot's sites) is a rota too: a site's coverage
in a slot is the mean over that slot's occurrences.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import orjson

from entente._exceptions import FieldProblem, ScenarioError
from entente.model import FloatArray, Game
from entente.planfile import is_plan_document, read_plan

__all__ = ["ROTA_HEADER", "coverage_from_plan_file", "coverage_from_rota", "read_plan_coverage"]

ROTA_HEADER = ("day", "resource", "unit", "targets")
SLOT_ROTA_HEADER = ("date", "slot", "start", "end", "resource", "unit", "targets")
_MAX_PROBLEMS = 20


def read_plan_coverage(path: str | Path, game: Game) -> tuple[FloatArray, str]:
    """Coverage and its kind (``plan`` or ``rota``) from a plan file or a rota CSV."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ScenarioError(source, [FieldProblem("", "no such file")]) from None
    except OSError as error:
        raise ScenarioError(source, [FieldProblem("", f"cannot be read: {error}")]) from None
    if Path(path).suffix.lower() == ".csv" or data.lstrip()[:1] not in (b"{", b"["):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ScenarioError(source, [FieldProblem("", "not UTF-8 text")]) from None
        return coverage_from_rota(text, game, source=source), "rota"
    return coverage_from_plan_file(data, game, source=source), "plan"


def coverage_from_plan_file(data: bytes, game: Game, *, source: str = "<plan>") -> FloatArray:
    """The ``coverage`` mapping of a plan file, in the game's target order.

    A plan file (``format: entente-plan/...``) is read and verified first
    (:func:`entente.planfile.read_plan`); a bare ``{"coverage": ...}`` object is a
    hand-made coverage, taken as given.
    """
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ScenarioError(source, [FieldProblem("", f"not valid JSON: {error}")]) from None
    if is_plan_document(document):  # the coverage must be what the certificate verifies
        read_plan(document, source=source)
    coverage = document.get("coverage") if isinstance(document, dict) else None
    if not isinstance(coverage, dict):
        raise ScenarioError(
            source, [FieldProblem("coverage", "a plan file needs a coverage mapping")]
        )
    problems = []
    unknown = sorted(set(coverage) - set(game.target_ids))
    missing = [t for t in game.target_ids if t not in coverage]
    if unknown:
        problems.append(
            FieldProblem("coverage", f"targets not in the scenario: {', '.join(unknown[:10])}")
        )
    if missing:
        problems.append(
            FieldProblem("coverage", f"no coverage for target(s) {', '.join(missing[:10])}")
        )
    for t in game.target_ids:
        value = coverage.get(t)
        if t in coverage and not (
            isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
        ):
            problems.append(
                FieldProblem(f"coverage.{t}", f"must be a number in [0, 1], got {value!r}")
            )
    if problems:
        raise ScenarioError(source, problems)
    return np.array([float(coverage[t]) for t in game.target_ids])


def coverage_from_rota(text: str, game: Game, *, source: str = "<rota>") -> FloatArray:
    """The empirical coverage of a roster CSV (daily, or per slot occurrence)."""
    rows = list(csv.reader(io.StringIO(text)))
    header = tuple(c.strip() for c in rows[0]) if rows else ()
    empty = not any(c.strip() for row in rows[1:] for c in row)
    no_units = sum(r.count for r in game.resources) == 0
    if (header[:4] == ROTA_HEADER or header[:7] == SLOT_ROTA_HEADER) and empty and no_units:
        return np.zeros(game.n_targets)  # the rota of a plan with no units covers nothing
    if rows and tuple(c.strip() for c in rows[0][:7]) == SLOT_ROTA_HEADER:
        return _slot_rota_coverage(rows, game, source)
    if not rows or tuple(c.strip() for c in rows[0][:4]) != ROTA_HEADER:
        raise ScenarioError(
            source,
            [
                FieldProblem(
                    "line 1",
                    "a rota starts with the header day,resource,unit,targets "
                    "(or date,slot,start,end,resource,unit,targets)",
                )
            ],
        )
    return _daily_coverage(rows, game, source)


def _daily_coverage(rows: list[list[str]], game: Game, source: str) -> FloatArray:
    """Mean interdiction over the days of rows ``day,resource,unit,targets`` (header first)."""
    index = {t: i for i, t in enumerate(game.target_ids)}
    escape: dict[int, FloatArray] = {}
    seen: set[tuple[int, str, int]] = set()
    problems: list[FieldProblem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        problem = _rota_row(row, number, index, game, escape, seen)
        if problem is not None:
            problems.append(problem)
            if len(problems) >= _MAX_PROBLEMS:
                break
    if problems:
        raise ScenarioError(source, problems)
    if not escape:
        raise ScenarioError(source, [FieldProblem("", "the rota has no rows")])
    return np.asarray(1.0 - np.mean(np.stack(list(escape.values())), axis=0), dtype=np.float64)


def _rota_row(
    row: list[str],
    number: int,
    index: dict[str, int],
    game: Game,
    escape: dict[int, FloatArray],
    seen: set[tuple[int, str, int]],
) -> FieldProblem | None:
    where = f"line {number}"
    if len(row) < 4:
        return FieldProblem(where, f"has {len(row)} fields, expected day,resource,unit,targets")
    day_text, resource_id, unit_text, targets_text = (c.strip() for c in row[:4])
    if not day_text.isdigit() or int(day_text) < 1:
        return FieldProblem(f"{where}, day", f"must be an integer >= 1, got {day_text!r}")
    resource = next((r for r in game.resources if r.id == resource_id), None)
    if resource is None:
        known = ", ".join(r.id for r in game.resources)
        return FieldProblem(f"{where}, resource", f"unknown resource {resource_id!r} ({known})")
    if not unit_text.isdigit() or not 1 <= int(unit_text) <= resource.count:
        return FieldProblem(
            f"{where}, unit", f"must be 1..{resource.count} for {resource_id!r}, got {unit_text!r}"
        )
    key = (int(day_text), resource_id, int(unit_text))
    if key in seen:
        return FieldProblem(where, f"day {key[0]} lists unit {key[2]} of {resource_id!r} twice")
    seen.add(key)
    names = [t.strip() for t in targets_text.split(";") if t.strip()]
    unknown = [t for t in names if t not in index]
    if unknown:
        return FieldProblem(f"{where}, targets", f"unknown target(s) {', '.join(unknown)}")
    if resource.kind == "guard":
        slots = [
            0 if game.target_slots is None else int(game.target_slots[index[t]]) for t in names
        ]
        if len(set(slots)) < len(slots):
            return FieldProblem(
                f"{where}, targets", "a guard unit covers one target per day (per slot)"
            )
    day = escape.setdefault(key[0], np.ones(game.n_targets))
    for name in names:
        day[index[name]] *= 1.0 - resource.effectiveness
    return None


def _slot_rota_coverage(rows: list[list[str]], game: Game, source: str) -> FloatArray:
    """Per slot occurrence rows read as days of ``site@slot`` targets, averaged slot by slot."""
    slots = list(game.slot_ids or ())
    if game.target_slots is None or not slots:
        raise ScenarioError(
            source,
            [FieldProblem("line 1", "a rota per slot occurrence needs a scenario with slots")],
        )
    occurrence: dict[tuple[str, str, str], int] = {}
    daily: list[list[str]] = [list(ROTA_HEADER)]
    problems: list[FieldProblem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            daily.append([])
            continue
        if len(row) < 7 or row[1].strip() not in slots:
            detail = f"unknown slot {row[1].strip()!r}" if len(row) >= 7 else "too few fields"
            problems.append(FieldProblem(f"line {number}", detail))
            continue
        date, slot, start, _end, resource, unit, targets = (c.strip() for c in row[:7])
        day = occurrence.setdefault((date, slot, start), len(occurrence) + 1)
        sites = ";".join(f"{t.strip()}@{slot}" for t in targets.split(";") if t.strip())
        daily.append([str(day), resource, unit, sites])
    if problems:
        raise ScenarioError(source, problems[:_MAX_PROBLEMS])
    per_day = 1.0 - _daily_coverage(daily, game, source)
    counts = np.zeros(len(slots))
    for _, slot, _ in occurrence:
        counts[slots.index(slot)] += 1
    missing = [s for s, c in zip(slots, counts, strict=True) if c == 0]
    if missing:
        raise ScenarioError(
            source, [FieldProblem("", f"no occurrence of slot(s) {', '.join(missing)}")]
        )
    # per_day is the mean over all occurrences of escape; a slot's targets escape on
    # the other slots' occurrences for sure, so rescale to the mean over its own
    total = len(occurrence)
    own = counts[game.target_slots]
    return np.asarray(1.0 - (per_day * total - (total - own)) / own, dtype=np.float64)
