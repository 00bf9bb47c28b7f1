"""Reading scenario files: YAML or JSON, strict, with errors that say where.

YAML is read with libyaml when available and checked for duplicate keys
on the node tree before it is constructed (PyYAML itself keeps the last
value silently). JSON is validated straight from bytes by pydantic-core;
duplicate keys, which JSON parsers also drop silently, are caught by
counting key tokens (a key is the only place ``":`` can occur in JSON
without a backslash) in the raw bytes and in the parsed document rendered
again by orjson and, when that is inconclusive, by an exact re-parse that
names the duplicated key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import orjson
import yaml
from pydantic import ValidationError

from entente._exceptions import FieldProblem, ScenarioError
from entente.scenario.errors import format_path, problems_from_validation
from entente.scenario.schema import ScenarioDoc, scenario_adapter
from entente.scenario.yaml_bounds import check_yaml_bounds

__all__ = [
    "Scenario",
    "builtin_scenarios",
    "load_scenario",
    "parse_scenario",
    "resolve_scenario_path",
]

Format = Literal["yaml", "json"]
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 (core schema) floats that YAML 1.1 reads as strings: ``1e3``,
# ``-1e3``, ``-.5``, ``+1E-3``, ``1.0e3``. A dot or an exponent is required,
# so plain integers keep resolving as integers (and ``2024`` stays an int, an
# id error that tells the user to quote it).
_YAML12_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"
)


class _Loader(_SafeLoader):  # type: ignore[misc]
    """The safe loader, reading numbers as YAML 1.2 does (``1e3`` is a number)."""


_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _YAML12_FLOAT, list("-+.0123456789"))
_BaseLoader: Any = _Loader


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario document and where it came from."""

    document: ScenarioDoc
    source: str

    @property
    def name(self) -> str:
        return self.document.get("name") or Path(self.source).stem

    def sha256(self) -> str:
        """Hash of the canonical JSON of the document (same for YAML and JSON)."""
        return hashlib.sha256(orjson.dumps(self.document, option=orjson.OPT_SORT_KEYS)).hexdigest()


def builtin_scenarios() -> dict[str, Path]:
    """The scenarios shipped with entente, by name."""
    folder = resources.files("entente") / "scenarios"
    return {
        Path(str(entry)).stem: Path(str(entry))
        for entry in folder.iterdir()
        if str(entry).endswith(".yaml")
    }


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """A path as given, or the built-in scenario of that name."""
    path = Path(name_or_path)
    if not path.exists():
        builtin = builtin_scenarios().get(str(name_or_path))
        if builtin is not None:
            return builtin
    return path


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read and validate a scenario file (or a built-in scenario by name)."""
    source = str(name_or_path)
    if "\0" in source:  # the OS refuses such a name (ValueError): say so, not a traceback
        raise ScenarioError(
            repr(source), [FieldProblem("", "not a file name: it contains a NUL byte")]
        )
    path = resolve_scenario_path(name_or_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        known = ", ".join(sorted(builtin_scenarios()))
        raise ScenarioError(
            source, [FieldProblem("", f"no such file (built-in scenarios: {known})")]
        ) from None
    except IsADirectoryError:
        raise ScenarioError(
            source, [FieldProblem("", "is a directory, not a scenario file")]
        ) from None
    except OSError as error:
        raise ScenarioError(
            source, [FieldProblem("", f"cannot be read: {error.strerror}")]
        ) from None
    return parse_scenario(data, source=source, format=_format_of(path, data))


def parse_scenario(
    data: bytes | str | Mapping[str, Any],
    *,
    source: str = "<input>",
    format: Format | None = None,
) -> Scenario:
    """Validate a scenario given as YAML or JSON text, or as an already parsed mapping."""
    if isinstance(data, Mapping):
        return Scenario(_validate_python(dict(data), source), source)
    raw = data.encode() if isinstance(data, str) else data
    if not raw.strip():
        raise ScenarioError(source, [FieldProblem("", "the file is empty")])
    if (format or _sniff(raw)) == "json":
        return Scenario(_validate_json(raw, source), source)
    return Scenario(_validate_python(_read_yaml(raw, source), source), source)


def _format_of(path: Path, data: bytes) -> Format:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return _sniff(data)


def _sniff(data: bytes) -> Format:
    return "json" if data.lstrip()[:1] in (b"{", b"[") else "yaml"


def _validate_python(document: Any, source: str) -> ScenarioDoc:
    if not isinstance(document, dict):
        raise ScenarioError(
            source, [FieldProblem("", "a scenario must be a mapping with targets and resources")]
        )
    try:
        return scenario_adapter.validate_python(document)
    except ValidationError as error:
        raise ScenarioError(source, problems_from_validation(error)) from None


def _validate_json(raw: bytes, source: str) -> ScenarioDoc:
    try:
        document = scenario_adapter.validate_json(raw)
    except ValidationError as error:
        problems = problems_from_validation(error)
        if len(problems) == 1 and problems[0].path == "" and "mapping" in problems[0].message:
            problems = [FieldProblem("", "a scenario must be a mapping with targets and resources")]
        raise ScenarioError(source, problems) from None
    duplicates = _json_duplicates(raw, document)
    if duplicates:
        raise ScenarioError(source, duplicates)
    return document


# --- YAML -----------------------------------------------------------------


def _read_yaml(raw: bytes, source: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            source, [FieldProblem("", f"not UTF-8 text (byte {error.start})")]
        ) from None
    try:
        check_yaml_bounds(text, source)  # before anything is built: aliases, depth
        loader = _BaseLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise ScenarioError(source, [FieldProblem("", "the file is empty")])
            duplicates = list(_yaml_duplicates(node, []))
            if duplicates:
                raise ScenarioError(source, duplicates)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(
            source, [FieldProblem(where, f"not valid YAML: {error.problem}")]
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioError(source, [FieldProblem("", f"not valid YAML: {error}")]) from None


def _yaml_duplicates(node: yaml.Node, path: list[int | str]) -> Any:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if isinstance(key_node, yaml.ScalarNode) and key in seen:
                line = key_node.start_mark.line + 1
                yield FieldProblem(
                    format_path([*path, key]), f"duplicate key {key!r} (line {line}): remove one"
                )
            seen.add(key)
            yield from _yaml_duplicates(value_node, [*path, key])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _yaml_duplicates(item, [*path, index])


# --- JSON duplicate keys ----------------------------------------------------

_SPACED_KEY = re.compile(rb'"[ \t\r\n]+:')


def _json_duplicates(raw: bytes, document: Any) -> list[FieldProblem]:
    """Duplicate keys in ``raw``, which the parse behind ``document`` silently merged.

    Without a backslash in ``raw`` no string holds a quote, so ``":`` occurs
    exactly once per key, both in ``raw`` and in orjson's rendering of the
    parsed document; equal counts prove there was no duplicate. Otherwise an
    exact (slower) re-parse names each duplicated key.
    """
    plain = b"\\" not in raw and not _SPACED_KEY.search(raw)
    if plain and raw.count(b'":') == _rendered(document).count(b'":'):
        return []
    return _exact_json_duplicates(raw)


def _rendered(document: Any) -> bytes:
    """orjson's rendering, or b"" (the exact path then) for an integer orjson cannot write."""
    try:
        return orjson.dumps(document)
    except TypeError:  # an integer beyond 64 bits: the schema reports it as the field's error
        return b""


class _Duplicated(dict[str, Any]):
    """A JSON object in which some key appeared more than once."""

    duplicates: list[str]


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _Duplicated(result)
    seen: set[str] = set()
    marked.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    return marked


def _exact_json_duplicates(raw: bytes) -> list[FieldProblem]:
    document = json.loads(raw, object_pairs_hook=_pairs_hook)
    problems: list[FieldProblem] = []
    stack: list[tuple[Any, list[int | str]]] = [(document, [])]
    while stack:
        item, path = stack.pop()
        if isinstance(item, _Duplicated):
            problems.extend(
                FieldProblem(format_path([*path, key]), f"duplicate key {key!r}: remove one")
                for key in item.duplicates
            )
        if isinstance(item, dict):
            stack.extend((v, [*path, k]) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(item))
    return sorted(problems, key=lambda p: p.path)
