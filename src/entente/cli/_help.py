"""``--help`` as people read it, and ``--version``.

Typer's help marks every flag ``<bool>`` (``--json <bool>`` reads as if it
took a value) and writes required arguments as ``{file}`` in the usage
line. :class:`HelpGroup`, the class of the root command, tidies every
command it hands out (and their sub-commands, and their ``--help``
options): flags show no type, arguments show as ``FILE`` (``[FILE]`` when
optional). It works on whatever commands are registered, so commands added
later get the same help.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

__all__ = ["HelpGroup", "root_options", "version"]


class _Flag(TyperOption):
    """A boolean flag: no type column in the help."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Argument(TyperArgument):
    """An argument written FILE (required) or [FILE] in the usage line."""

    def _usage_display_name(self) -> str:
        name = str(self.metavar or self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return name if self.nargs == 1 else f"{name}..."


def _tidy_param(param: Any) -> Any:
    if type(param) is TyperOption and param.is_bool_flag:
        param.__class__ = _Flag
    elif type(param) is TyperArgument:
        param.__class__ = _Argument
    return param


def _tidy(command: Any) -> Any:
    """``command`` (and what it contains) with tidy help; returns it."""
    if getattr(command, "_entente_tidy", False):
        return command
    command._entente_tidy = True
    for param in command.params:
        _tidy_param(param)
    plain = command.get_help_option
    command.get_help_option = lambda ctx: _tidy_param(plain(ctx))
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)
    return command


class HelpGroup(TyperGroup):
    """The root command: every command it returns has tidy help."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        return None if command is None else _tidy(command)

    def get_help_option(self, ctx: Any) -> Any:
        return _tidy_param(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> Any:
        return [_tidy_param(p) for p in super().get_params(ctx)]


def version() -> str:
    """The installed entente's version."""
    from importlib import metadata

    try:
        return metadata.version("entente")
    except metadata.PackageNotFoundError:
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        print(f"entente {version()}")
        raise typer.Exit()


def root_options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Options of ``entente`` itself, before the command.

    A command is about to run (``--help`` and ``--version`` end earlier), and the
    process has one thread yet: HiGHS's banner is absorbed now, off stdout.
    """
    from entente._banner import consume_highs_banner

    consume_highs_banner()
