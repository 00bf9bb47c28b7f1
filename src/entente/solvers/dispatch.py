"""``solve``: pick a method, run it, certify the plan.

Methods are plain functions ``game -> Plan`` registered in :data:`METHODS`
(the way networkx swaps ``flow_func``). ``method="auto"`` picks the fastest
exact method that applies: ORIGAMI for one type on a coverage box without
floors, multiple LPs for one type with floors, the compact MILP for several
types; column generation over joint deployments when the resources do not
pool into one coverage box (patrols, barriers, restricted guards, time
slots, guards of different effectiveness); when any type is quantal or
SUQR, GOSAQ for one such type and PASAQ otherwise. Every plan then goes
through :func:`~entente.solvers.certify.certify`; one that fails raises
:class:`CertificateError`: it is a bug, not an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from entente._exceptions import CertificateError, MethodError
from entente.model import Game, coverage_box
from entente.model.route_space import enumerated
from entente.model.scales import normalise, payoff_scales
from entente.solvers._rescale import to_user
from entente.solvers.bayesian.milp import milp
from entente.solvers.behaviour.gosaq import gosaq, gosaq_applies
from entente.solvers.behaviour.pasaq import pasaq
from entente.solvers.certify.certificate import certify
from entente.solvers.classic.brute_force import brute_force
from entente.solvers.classic.multiple_lps import multiple_lps
from entente.solvers.classic.origami import origami, origami_applies
from entente.solvers.network import double_oracle
from entente.solvers.plan import Plan
from entente.solvers.robust.interval import robust
from entente.solvers.schedules.column_generation import column_generation

__all__ = ["METHODS", "choose_method", "method_options", "register_method", "solve"]

METHODS: dict[str, Callable[..., Plan]] = {
    "origami": origami,
    "multiple-lps": multiple_lps,
    "milp": milp,
    "brute-force": brute_force,
    "column-generation": column_generation,
    "gosaq": gosaq,
    "pasaq": pasaq,
    "robust": robust,
    "double-oracle": double_oracle,
}
"""Every solution method by its public name."""

_RATIONAL_ONLY = {
    "origami",
    "multiple-lps",
    "milp",
    "brute-force",
    "robust",
    "column-generation",
    "double-oracle",
}
"""Methods whose attacker types best-respond."""

NETWORK_METHODS = frozenset({"double-oracle"})
"""Methods for checkpoint games (scenarios with a `network:`); the others plan without one."""

_KNOWN_OPTIONS = ("time_limit", "gap", "margin")

_OPTIONS: dict[str, frozenset[str]] = {
    "origami": frozenset(),
    "multiple-lps": frozenset({"time_limit"}),
    "milp": frozenset({"time_limit", "gap"}),
    "brute-force": frozenset(),
    "column-generation": frozenset({"time_limit", "gap"}),
    "gosaq": frozenset({"time_limit", "gap"}),
    "pasaq": frozenset({"time_limit", "gap"}),
    "robust": frozenset({"time_limit", "gap", "margin"}),
    "double-oracle": frozenset({"time_limit", "gap"}),
}


_AUTO_OPTIONS = frozenset({"time_limit", "gap"})
"""What ``auto`` passes on: the options of the methods it may choose (never robust)."""


def method_options(method: str) -> frozenset[str]:
    """The keyword options (of ``time_limit``, ``gap``, ``margin``) that ``method`` takes.

    ``auto`` takes those of the methods it may choose and drops whichever its
    choice does not take. Raises :class:`MethodError` for an unknown name.
    """
    if method == "auto":
        return _AUTO_OPTIONS
    if method not in METHODS:
        known = ", ".join(["auto", *METHODS])
        raise MethodError(f"unknown method {method!r}; choose one of {known}")
    return _OPTIONS.get(method, frozenset(_KNOWN_OPTIONS))


def choose_method(game: Game) -> str:
    """The fastest exact method for ``game``."""
    if game.network is not None:
        return "double-oracle"
    if not game.all_rational:
        if coverage_box(game) is None:
            raise MethodError(
                "quantal and SUQR attacker types are planned against for guard resources "
                "that pool into one budget; this game has patrols, barriers, restricted "
                "guards or time slots. Plan with those types rational, then compare the "
                "plan under their behaviour with `entente evaluate FILE --plan PLAN`"
            )
        return "pasaq" if game.n_types > 1 or gosaq_applies(game) is not None else "gosaq"
    if origami_applies(game) is None:
        return "origami"
    if coverage_box(game) is None:
        return "column-generation"
    return "multiple-lps" if game.n_types == 1 else "milp"


def register_method(
    name: str,
    function: Callable[..., Plan],
    *,
    options: Iterable[str] = (),
    rational_only: bool = True,
) -> None:
    """Make ``function`` (``game -> Plan``) a method of :func:`solve` by ``name``.

    ``options`` names the keyword options it takes (of ``time_limit``,
    ``gap``, ``margin``); ``rational_only``: it assumes best-responding types.
    """
    unknown = set(options) - set(_KNOWN_OPTIONS)
    if unknown:
        raise MethodError(f"unknown options {sorted(unknown)}; known: {', '.join(_KNOWN_OPTIONS)}")
    METHODS[name] = function
    _OPTIONS[name] = frozenset(options)
    if rational_only:
        _RATIONAL_ONLY.add(name)
    else:
        _RATIONAL_ONLY.discard(name)


def _resolve(game: Game, method: str | Callable[..., Plan]) -> tuple[str, Callable[..., Plan]]:
    if callable(method):
        name = getattr(method, "__name__", "custom")
        return name, method
    chosen = choose_method(game) if method == "auto" else method
    if chosen not in METHODS:
        known = ", ".join(["auto", *METHODS])
        raise MethodError(f"unknown method {method!r}; choose one of {known}")
    if (chosen in NETWORK_METHODS) != (game.network is not None):
        raise MethodError(
            f"{chosen} does not apply: checkpoint games (a `network:`) are planned by "
            "double-oracle, and double-oracle plans only checkpoint games"
        )
    if chosen in _RATIONAL_ONLY and not game.all_rational:
        raise MethodError(
            f"{chosen} assumes every attacker type is rational; this game has quantal or "
            "SUQR types: use gosaq, pasaq or auto"
        )
    return chosen, METHODS[chosen]


def _options(
    method: str | Callable[..., Plan], chosen: str, given: dict[str, float | None]
) -> dict[str, float]:
    """The options ``chosen`` takes; any other given option is an error (``auto`` drops them)."""
    takes = _OPTIONS.get(chosen, frozenset(_KNOWN_OPTIONS)) if not callable(method) else None
    set_options = {k: v for k, v in given.items() if v is not None}
    if takes is None:
        return set_options
    unused = sorted(set(set_options) - takes)
    if unused and method != "auto":
        raise MethodError(f"method {chosen!r} does not take option(s) {', '.join(unused)}")
    return {k: v for k, v in set_options.items() if k in takes}


def solve(
    game: Game,
    method: str | Callable[..., Plan] = "auto",
    *,
    time_limit: float | None = None,
    gap: float | None = None,
    verify: bool = True,
    margin: float | None = None,
) -> Plan:
    """Solve ``game`` by ``method`` (``"auto"`` chooses) and certify the plan.

    ``method`` is a name in :data:`METHODS` (see :func:`register_method`) or a
    function ``game -> Plan``. The method runs on the unit game
    (:mod:`entente.model.scales`: each player's payoffs mapped onto
    ``[0, 1]``), so no tolerance depends on the units the payoffs are written
    in; the plan comes back in the user's units.

    ``time_limit`` (seconds) and ``gap`` (absolute, the defender's payoff
    units; default 1e-6 x its payoff range) apply to the methods that take
    them; an option the named method does not take raises
    :class:`MethodError` (with ``"auto"`` it is dropped). Raises
    :class:`MethodError` for an unknown or inapplicable method and
    :class:`CertificateError` if the plan fails its certificate.
    """
    chosen, function = _resolve(game, method)
    # robust's tie margin is one number for every type: with one, types share one map
    shared = chosen == "robust" and bool(margin)
    scales = payoff_scales(game, common_attacker=shared)
    unit = normalise(game, scales)
    given: dict[str, float | None] = {
        "time_limit": time_limit,
        "gap": None if gap is None else gap / scales.defender_scale,
        "margin": None if margin is None else margin / float(scales.attacker_scale[0]),
    }
    if chosen != "column-generation":  # only column generation prices routes
        unit = enumerated(unit)
    raw = function(unit, **_options(method, chosen, given))
    plan = to_user(raw, game, unit, scales)
    if method == "auto":
        plan = plan.replace(message=f"{plan.message}; auto chose {chosen}")
    if not verify:
        return plan
    certificate = certify(game, plan, gap=gap)
    plan = plan.replace(verified=certificate.passed, certificate=certificate)
    if not certificate.passed:
        raise CertificateError(plan, certificate)
    return plan
