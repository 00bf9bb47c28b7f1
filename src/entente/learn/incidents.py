"""Incident files: which target was hit, under which coverage.

CSV, one row per incident (or per group of identical incidents)::

    attacked,louvre,eiffel-tower,stade-de-france,count
    louvre,0.30,0.55,0.15,1
    stade-de-france,0.25,0.50,0.25,3

- ``attacked``: the id of the target that was hit (required);
- one column per target id of the scenario, every target named: the
  coverage (interdiction probability, in [0, 1]) in force when it happened;
- ``count`` (optional): how many incidents the row stands for (integer >= 1).

Any other column is an error, as is a row with a wrong number of fields, an
unknown target, a coverage outside [0, 1]: the message names the line (the
header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from entente._exceptions import FieldProblem, ScenarioError
from entente.model import FloatArray, Game

__all__ = ["Incidents", "parse_incidents", "read_incidents"]

_MAX_PROBLEMS = 20


@dataclass(frozen=True, eq=False)
class Incidents:
    """``attacked[i]`` hit under ``coverage[i]``, ``counts[i]`` times (arrays over rows)."""

    attacked: np.ndarray
    coverage: FloatArray
    counts: FloatArray
    source: str

    @property
    def total(self) -> int:
        return int(np.sum(self.counts))

    def subset(self, rows: np.ndarray) -> Incidents:
        return Incidents(self.attacked[rows], self.coverage[rows], self.counts[rows], self.source)


def read_incidents(path: str | Path, game: Game) -> Incidents:
    """Read an incident CSV for ``game``; raise ScenarioError naming line and column."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(source, [FieldProblem("", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(source, [FieldProblem("", f"cannot be read: {error}")]) from None
    return parse_incidents(text, game, source=source)


def parse_incidents(text: str, game: Game, *, source: str = "<incidents>") -> Incidents:
    """Parse incident CSV text for ``game``."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ScenarioError(source, [FieldProblem("", "the file is empty")])
    header = [cell.strip() for cell in rows[0]]
    columns, problems = _columns(header, game)
    if problems:
        raise ScenarioError(source, problems)
    index = {t: i for i, t in enumerate(game.target_ids)}
    attacked, coverage, counts = [], [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                FieldProblem(f"line {number}", f"has {len(row)} fields, the header {len(header)}")
            )
            continue
        parsed = _row(row, columns, index, game, number, problems)
        if parsed is not None:
            attacked.append(parsed[0])
            coverage.append(parsed[1])
            counts.append(parsed[2])
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        raise ScenarioError(source, problems)
    if not attacked:
        raise ScenarioError(source, [FieldProblem("", "no incidents after the header")])
    return Incidents(
        np.array(attacked, dtype=np.intp), np.array(coverage), np.array(counts, float), source
    )


def _columns(header: list[str], game: Game) -> tuple[dict[str, int], list[FieldProblem]]:
    problems = []
    known = set(game.target_ids) | {"attacked", "count"}
    for j, name in enumerate(header):
        if name not in known:
            problems.append(
                FieldProblem(
                    f"line 1, column {j + 1}",
                    f"unknown column {name!r}: expected attacked, count or a target id",
                )
            )
    if len(set(header)) != len(header):
        problems.append(FieldProblem("line 1", "a column appears twice"))
    if "attacked" not in header:
        problems.append(FieldProblem("line 1", "no `attacked` column"))
    missing = [t for t in game.target_ids if t not in header]
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        problems.append(FieldProblem("line 1", f"no coverage column for target(s) {shown}"))
    return {name: j for j, name in enumerate(header)}, problems


def _row(
    row: list[str],
    columns: dict[str, int],
    index: dict[str, int],
    game: Game,
    number: int,
    problems: list[FieldProblem],
) -> tuple[int, list[float], float] | None:
    where = f"line {number}"
    target = row[columns["attacked"]].strip()
    ok = True
    if target not in index:
        problems.append(FieldProblem(f"{where}, attacked", f"unknown target {target!r}"))
        ok = False
    coverage = []
    for t in game.target_ids:
        cell = row[columns[t]].strip()
        try:
            value = float(cell)
        except ValueError:
            value = float("nan")
        if not (0.0 <= value <= 1.0):
            problems.append(
                FieldProblem(f"{where}, column {t}", f"coverage must be in [0, 1], got {cell!r}")
            )
            ok = False
        coverage.append(value)
    count = 1.0
    if "count" in columns:
        cell = row[columns["count"]].strip()
        if not cell.isdigit() or int(cell) < 1:
            problems.append(
                FieldProblem(f"{where}, count", f"must be an integer >= 1, got {cell!r}")
            )
            ok = False
        else:
            count = float(cell)
    return (index[target], coverage, count) if ok else None
