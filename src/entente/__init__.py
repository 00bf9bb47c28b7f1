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
from entente.scenario import Scenario, compile_scenario, load_game, load_scenario, parse_scenario
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
