"""Read framework files (YAML or JSON), validate them, and name the file, line and reason of any error."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from policyatlas.errors import InputError, ParseError
from policyatlas.frameworks.model import FORMAT_MARKER, Framework
from policyatlas.text.yaml_nodes import line_span, node_at

#: The frameworks PolicyAtlas ships (package data).
BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"


class _Located:
    """A parsed document's YAML nodes, to find the line of any path in it."""

    def __init__(self, root: yaml.Node, origin: str) -> None:
        self.root = root
        self.origin = origin

    def line(self, path: tuple[Any, ...]) -> int:
        """The 1-based line of the node at ``path`` (or of the deepest node on the way there)."""
        return line_span(node_at(self.root, path))[0]

    def error(self, path: tuple[Any, ...], reason: str) -> ParseError:
        """A one-line error at ``path``: ``file:line: a.b.3.c: reason``."""
        where = ".".join(str(p) for p in path)
        return ParseError(f"{where}: {reason}" if where else reason, path=self.origin, line=self.line(path))


def _yaml_error(exc: yaml.YAMLError, origin: str) -> ParseError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ParseError(f"invalid YAML: {' '.join(str(problem).split())}", path=origin,
                      line=mark.line + 1 if mark else None)


def _duplicate_keys(node: yaml.Node, located: _Located, path: tuple[Any, ...] = ()) -> None:
    """YAML keeps the last of two equal keys silently: refuse them instead."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                raise ParseError(f"{'.'.join(map(str, (*path, name)))}: duplicate key {name!r}",
                                 path=located.origin, line=key.start_mark.line + 1)
            seen.add(name)
            _duplicate_keys(value, located, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _duplicate_keys(item, located, (*path, index))


def _error_path(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A validation error's location as written in the file: an ``evidence`` given as one mapping is
    validated as a one-item list, whose index is not in the file."""
    path: list[Any] = []
    node = raw
    for key in loc:
        if isinstance(key, int) and isinstance(node, dict):
            continue
        path.append(key)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            node = None
    return tuple(path)


def _reason(error: Any) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] == "literal_error" and error["loc"] == ("format",):
        message = f"expected {FORMAT_MARKER!r}"
    return message


def _parse(text: str, origin: str) -> tuple[Framework, _Located]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, origin) from None
    if root is None or not isinstance(raw, dict):
        raise ParseError("not a framework (expected a mapping with format: policyatlas-framework)", path=origin,
                         line=1)
    located = _Located(root, origin)
    _duplicate_keys(root, located)
    try:
        framework = Framework.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise located.error(_error_path(raw, tuple(first["loc"])), _reason(first)) from None
    _check(framework, located)
    return framework, located


def _check(framework: Framework, located: _Located) -> None:
    """What a schema cannot say: unique ids, known pillars, indicators in every pillar, sane tiers."""
    pillars: dict[str, int] = {}
    for index, pillar in enumerate(framework.pillars):
        if pillar.id in pillars:
            first = located.line(("pillars", pillars[pillar.id]))
            raise located.error(("pillars", index, "id"), f"duplicate pillar id {pillar.id!r} (first at line {first})")
        pillars[pillar.id] = index
    indicators: dict[str, int] = {}
    for index, indicator in enumerate(framework.indicators):
        if indicator.id in indicators:
            first = located.line(("indicators", indicators[indicator.id]))
            raise located.error(("indicators", index, "id"),
                                f"duplicate indicator id {indicator.id!r} (first at line {first})")
        indicators[indicator.id] = index
        if indicator.pillar not in pillars:
            raise located.error(("indicators", index, "pillar"),
                                f"unknown pillar {indicator.pillar!r} (pillars: {', '.join(pillars)})")
        for number, target in enumerate(indicator.crosswalk):
            other, _, name = target.partition(":")
            if not other or not name:
                raise located.error(("indicators", index, "crosswalk", number),
                                    f"crosswalk target {target!r} is not framework:indicator")
            if other == framework.id:
                raise located.error(("indicators", index, "crosswalk", number),
                                    f"crosswalk target {target!r} is in this framework itself")
    used = {i.pillar for i in framework.indicators}
    for index, pillar in enumerate(framework.pillars):
        if pillar.id not in used:
            raise located.error(("pillars", index), f"pillar {pillar.id!r} has no indicators")
    tiers: dict[float, int] = {}
    for index, tier in enumerate(framework.scoring.tiers):
        if tier.min in tiers:
            raise located.error(("scoring", "tiers", index, "min"), f"two tiers start at {tier.min}")
        tiers[tier.min] = index
    references: set[str] = set()
    for index, reference in enumerate(framework.references):
        if reference.id in references or reference.id == framework.id:
            raise located.error(("references", index, "id"), f"duplicate framework id {reference.id!r}")
        references.add(reference.id)


def _check_crosswalk(framework: Framework, located: _Located, known: Mapping[str, Framework]) -> None:
    """Every crosswalk target names an indicator of a known framework, or a declared reference."""
    references = {r.id for r in framework.references}
    for index, indicator in enumerate(framework.indicators):
        for number, target in enumerate(indicator.crosswalk):
            other, _, name = target.partition(":")
            path = ("indicators", index, "crosswalk", number)
            if other in known and other not in references:
                if known[other].indicator(name) is None:
                    raise located.error(path, f"crosswalk target {target!r}: framework {other!r} has no indicator "
                                              f"{name!r}")
            elif other not in known and other not in references:
                raise located.error(path, f"crosswalk target {target!r}: unknown framework {other!r} "
                                          "(declare it under references)")


def load_framework_text(text: str, origin: str, known: Mapping[str, Framework] | None = None, *,
                        reserved: Collection[str] = ()) -> Framework:
    """A framework from the text of a YAML or JSON file named ``origin``.

    Args:
        known: the frameworks crosswalk targets are checked against (a target in a framework
            neither known nor declared under ``references`` is an error); None skips that check.
        reserved: ids the framework may not take (those of the built-in frameworks).

    Raises:
        ParseError: one line with the file, the line and the reason.
    """
    framework, located = _parse(text, origin)
    if framework.id in reserved:
        raise located.error(("id",), f"{framework.id!r} is the id of a built-in framework: choose another")
    if known is not None:
        _check_crosswalk(framework, located, known)
    return framework


def load_framework(path: Path, known: Mapping[str, Framework] | None = None, *, origin: str | None = None,
                   reserved: Collection[str] = ()) -> Framework:
    """A framework from a file (YAML or JSON); see ``load_framework_text``.

    Raises:
        InputError: the file cannot be read as UTF-8 text.
        ParseError: the file is not a valid framework.
    """
    name = origin or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=name) from None
    return load_framework_text(text, name, known, reserved=reserved)


@functools.cache
def _builtins() -> dict[str, tuple[Framework, str]]:
    parsed: dict[str, tuple[Framework, _Located]] = {}
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        framework, located = _parse(path.read_text(encoding="utf-8"), path.name)
        if framework.id in parsed:
            raise located.error(("id",), f"framework id {framework.id!r} is used by two built-in files")
        parsed[framework.id] = (framework, located)
    known = {key: framework for key, (framework, _) in parsed.items()}
    for framework, located in parsed.values():
        _check_crosswalk(framework, located, known)
    return {key: (framework, located.origin) for key, (framework, located) in parsed.items()}


def builtin_frameworks() -> dict[str, Framework]:
    """The frameworks PolicyAtlas ships, by id, each checked against the others' crosswalks."""
    return {key: framework for key, (framework, _) in _builtins().items()}


def builtin_file(framework_id: str) -> str | None:
    """The file name a built-in framework ships as, or None for an id that is not built in."""
    entry = _builtins().get(framework_id)
    return entry[1] if entry else None
