"""The paris-2024 plan fixtures of the roster tests, shared here."""

from tests.operations.conftest import _paris_plan, paris_plan

__all__ = ["_paris_plan", "paris_plan"]
