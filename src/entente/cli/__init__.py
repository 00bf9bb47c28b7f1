"""The ``entente`` command line: a thin adapter over the library."""

from __future__ import annotations

import typer

from entente.cli._help import HelpGroup, root_options
from entente.cli.budget import budget_command
from entente.cli.demo import demo_command
from entente.cli.evaluate import evaluate_command
from entente.cli.fit import fit_command
from entente.cli.orders import orders_command
from entente.cli.report import report_command
from entente.cli.roster import roster_command
from entente.cli.serve import org_app, serve_command, token_app
from entente.cli.simulate import simulate_command
from entente.cli.solve import solve_command, validate_command
from entente.cli.sweep import sweep_command

__all__ = ["app"]

app = typer.Typer(
    name="entente",
    help="Certified Stackelberg security plans: scenario in, optimal randomised deployment out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=HelpGroup,
)
app.callback()(root_options)
app.command("solve")(solve_command)
app.command("validate")(validate_command)
app.command("demo")(demo_command)
app.command("fit")(fit_command)
app.command("evaluate")(evaluate_command)
app.command("roster")(roster_command)
app.command("orders")(orders_command)
app.command("simulate")(simulate_command)
app.command("sweep")(sweep_command)
app.command("budget")(budget_command)
app.command("report")(report_command)
app.command("serve")(serve_command)
app.add_typer(token_app, name="token")
app.add_typer(org_app, name="org")
