"""``GET /api/methods`` (viewer): the solve menu, each method with the options it takes.

The names and options come from :mod:`entente.solvers.dispatch` (``METHODS``
and :func:`~entente.solvers.method_options`), so the page's menu offers every
method the library has and shows each method's own options only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from entente.service.auth import Caller, require
from entente.service.view_schemas import MethodInfo
from entente.solvers import METHODS, method_options

__all__ = ["SUMMARIES", "router"]

router = APIRouter(prefix="/api", tags=["scenarios"])

SUMMARIES = {
    "auto": "the fastest exact method for the game (the plan says which it chose)",
    "origami": "one attacker type, guards pooling into one budget, no floors: closed form",
    "multiple-lps": "one attacker type: one LP per response; coverage floors allowed",
    "milp": "several rational attacker types: the compact MILP",
    "brute-force": "the whole normal form: a check for tiny games only",
    "column-generation": "patrols, barriers, restricted guards, time slots: joint deployments",
    "gosaq": "one quantal or SUQR attacker type, certified bound",
    "pasaq": "a mixture of rational, quantal and SUQR types, certified bound",
    "robust": "maximin over interval payoffs and ties within a margin",
    "double-oracle": "checkpoint games on a road network (a `network:` section)",
}
"""One line per method for the menu; a test checks every method has one."""

_ORDER = ("time_limit", "gap", "margin")


@router.get(
    "/methods",
    response_model=list[MethodInfo],
    summary="The solve methods, auto first, with the options each takes (viewer)",
)
def list_methods(_: Annotated[Caller, Depends(require("viewer"))]) -> Any:
    return [
        {
            "name": name,
            "summary": SUMMARIES.get(name, name),
            "options": [o for o in _ORDER if o in method_options(name)],
        }
        for name in ("auto", *METHODS)
    ]
