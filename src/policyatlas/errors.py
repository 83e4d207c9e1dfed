"""The PolicyAtlas error tree: every expected failure carries a code, a message and a place."""

from __future__ import annotations


class PolicyAtlasError(Exception):
    """Base of every error PolicyAtlas reports to a person (one line, no traceback)."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(PolicyAtlasError):
    """A file cannot be read as text: binary, empty, or in an unsupported encoding."""

    code = "bad-input"


class UnknownFormatError(PolicyAtlasError):
    """No parser recognises a file (or the format asked for does not exist)."""

    code = "unknown-format"


class ParseError(PolicyAtlasError):
    """A parser recognised the format but the document is malformed or truncated."""

    code = "parse-error"


class NotFoundError(PolicyAtlasError):
    """A country, record, source or entity asked for does not exist in the atlas."""

    code = "not-found"


class ConfigError(PolicyAtlasError):
    """A setting or an argument is not valid."""

    code = "config-error"


class SearchQueryError(PolicyAtlasError):
    """A search query that cannot be understood (unbalanced quote, nothing to look for…)."""

    code = "bad-query"


class StaleRevisionError(PolicyAtlasError):
    """The record changed since the version the editor started from (HTTP 412)."""

    code = "stale-revision"
class ConflictError(ConfigError):
    """The request conflicts with the current state of what it changes (a suggestion or review item
    decided already, entities of different kinds to merge): HTTP 409."""

    code = "conflict"
