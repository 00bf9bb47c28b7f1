"""Plan files: what ``entente solve -o`` writes, and the verified record read back.

* :mod:`~entente.planfile.write`: the ``solve --json`` keys
  (:func:`plan_summary`) and the plan file (:func:`plan_document`, a stable
  format, DESIGN.md);
* :mod:`~entente.planfile.read`: :func:`read_plan`, the one reader, which
  re-runs the certificate and returns a :class:`PlanRecord` (game, typed
  plan, scenario); :mod:`~entente.planfile.strategy` parses the strategy;
* :mod:`~entente.planfile.load`: a file that is a plan or a scenario solved
  now, and records of plans for games built in code (:func:`record`).
"""

from entente.planfile.load import (
    is_plan_file,
    load_plan,
    load_scenario_or_plan,
    record,
    solve_now,
)
from entente.planfile.read import EDITED, PlanRecord, embedded_scenario, is_plan_document, read_plan
from entente.planfile.write import PLAN_FORMAT, dumps, plan_document, plan_summary

__all__ = [
    "EDITED",
    "PLAN_FORMAT",
    "PlanRecord",
    "dumps",
    "embedded_scenario",
    "is_plan_document",
    "is_plan_file",
    "load_plan",
    "load_scenario_or_plan",
    "plan_document",
    "plan_summary",
    "read_plan",
    "record",
    "solve_now",
]
