"""entente: certified Stackelberg security plans.

>>> from entente import make_game, solve
>>> game = make_game(
...     defender_covered=[2, 1], defender_uncovered=[-10, -8],
...     attacker_covered=[-5, -4], attacker_uncovered=[8, 10],
...     resources=1, target_ids=["louvre", "eiffel"])
>>> plan = solve(game)
>>> plan.method, round(plan.defender_utility, 6), plan.verified
('origami', -3.0, True)
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from entente._exceptions import (
        CertificateError,
        EntenteError,
        FieldProblem,
        GameError,
        InputError,
        MethodError,
        ScenarioError,
        SolverError,
    )
    from entente.evaluate import outcome
    from entente.learn import fit_suqr
    from entente.model import Game, Quantal, Rational, Resource, Suqr, make_game
    from entente.scenario import (
        Scenario,
        compile_scenario,
        load_game,
        load_scenario,
        parse_scenario,
    )
    from entente.solvers import (
        METHODS,
        Certificate,
        CombStrategy,
        MixtureStrategy,
        Plan,
        TypeResponse,
        certify,
        choose_method,
        register_method,
        solve,
    )

__all__ = [
    "METHODS",
    "Certificate",
    "CertificateError",
    "CombStrategy",
    "EntenteError",
    "FieldProblem",
    "Game",
    "GameError",
    "InputError",
    "MethodError",
    "MixtureStrategy",
    "Plan",
    "Quantal",
    "Rational",
    "Resource",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "Suqr",
    "TypeResponse",
    "certify",
    "choose_method",
    "compile_scenario",
    "fit_suqr",
    "load_game",
    "load_scenario",
    "make_game",
    "outcome",
    "parse_scenario",
    "register_method",
    "solve",
]

# Names are imported on first use (PEP 562), so that ``import entente`` (and
# the ``entente`` command, which must catch Ctrl-C from its first instant)
# does not pay for numpy, scipy and HiGHS before it needs them.
_SOURCES = {
    "Certificate": "entente.solvers",
    "CertificateError": "entente._exceptions",
    "CombStrategy": "entente.solvers",
    "EntenteError": "entente._exceptions",
    "FieldProblem": "entente._exceptions",
    "Game": "entente.model",
    "GameError": "entente._exceptions",
    "InputError": "entente._exceptions",
    "METHODS": "entente.solvers",
    "MethodError": "entente._exceptions",
    "MixtureStrategy": "entente.solvers",
    "Plan": "entente.solvers",
    "Quantal": "entente.model",
    "Rational": "entente.model",
    "Resource": "entente.model",
    "Scenario": "entente.scenario",
    "ScenarioError": "entente._exceptions",
    "SolverError": "entente._exceptions",
    "Suqr": "entente.model",
    "TypeResponse": "entente.solvers",
    "certify": "entente.solvers",
    "choose_method": "entente.solvers",
    "compile_scenario": "entente.scenario",
    "fit_suqr": "entente.learn",
    "load_game": "entente.scenario",
    "load_scenario": "entente.scenario",
    "make_game": "entente.model",
    "outcome": "entente.evaluate",
    "parse_scenario": "entente.scenario",
    "register_method": "entente.solvers",
    "solve": "entente.solvers",
}


def __getattr__(name: str) -> _typing.Any:
    source = _SOURCES.get(name)
    if source is None:
        raise AttributeError(f"module 'entente' has no attribute {name!r}")
    value = getattr(_importlib.import_module(source), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
