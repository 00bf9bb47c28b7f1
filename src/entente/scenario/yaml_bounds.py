"""Bounds on a YAML document checked on its event stream, before anything is built.

A YAML file can be small and yet huge once read: anchors and aliases
(``&a``/``*a``) let a 300-byte file stand for a billion values ("billion
laughs"), and deep nesting exhausts the recursion limit of whatever walks
the result. :func:`check_yaml_bounds` reads the parser's events once (the
parser neither expands aliases nor recurses), keeps for every anchor the
number of values it stands for, and refuses the document as soon as the
expanded count passes :data:`MAX_VALUES` or the nesting passes
:data:`MAX_DEPTH`. The cost is linear in the file's size, whatever the
aliases say.
"""

from __future__ import annotations

from typing import Any

import yaml

from entente._exceptions import FieldProblem, ScenarioError

__all__ = ["MAX_DEPTH", "MAX_VALUES", "check_yaml_bounds"]

MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences (a scenario needs fewer than 10)."""

MAX_VALUES = 1_000_000
"""Most values (scalars, mappings, sequences) a document may stand for, aliases expanded."""

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(event: Any) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def check_yaml_bounds(text: str, source: str) -> None:
    """ScenarioError if ``text`` nests deeper than MAX_DEPTH or expands past MAX_VALUES.

    YAML syntax errors propagate as :class:`yaml.YAMLError` for the caller's
    usual message.
    """
    loader = _Loader(text)
    sizes: dict[str, int] = {}
    open_nodes: list[list[Any]] = [[None, 0]]  # [anchor, values so far] per open collection
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append([event.anchor, 1])
                if len(open_nodes) - 1 > MAX_DEPTH:
                    raise _refuse(source, event, f"nested deeper than {MAX_DEPTH} levels")
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_nodes.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, size = event.anchor, 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, size = None, sizes.get(event.anchor or "", 1)
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            open_nodes[-1][1] += size
            if open_nodes[-1][1] > MAX_VALUES:
                raise _refuse(
                    source,
                    event,
                    f"stands for more than {MAX_VALUES:,} values once its aliases are "
                    "expanded: write the values out or use fewer aliases",
                )
    finally:
        loader.dispose()


def _refuse(source: str, event: Any, message: str) -> ScenarioError:
    return ScenarioError(source, [FieldProblem(_where(event), message)])
