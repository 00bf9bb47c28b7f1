"""The game as plain, frozen arrays, and the rules it obeys."""

from entente.model.coverage import CoverageBox, coverage_box
from entente.model.deployment import Deployment, deployment_interdiction
from entente.model.game import FloatArray, Game, IntArray, Resource, ResourceKind, make_game
from entente.model.validate import GameProblem, game_problems, validate_game

__all__ = [
    "CoverageBox",
    "Deployment",
    "FloatArray",
    "Game",
    "GameProblem",
    "IntArray",
    "Resource",
    "ResourceKind",
    "coverage_box",
    "deployment_interdiction",
    "game_problems",
    "make_game",
    "validate_game",
]
