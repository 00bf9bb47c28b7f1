"""The HTML report: the plan on a map, charts, the adversary's response, the certificate."""

from entente.report.html import render_report
from entente.report.mapsvg import map_svg
from entente.report.plan_view import PlanView, read_plan, view_plan
from entente.report.sweep import Sweep, read_sweep

__all__ = ["PlanView", "Sweep", "map_svg", "read_plan", "read_sweep", "render_report", "view_plan"]
