"""The benchmark's search queries (``queries.txt``) and their translations for the baselines.

Queries are in the atlas's language (words are ANDed, ``"phrases"``, ``prefix*``, ``a OR b``,
``-excluded``). A raw FTS5 user writes the same query as an FTS5 MATCH expression; a ripgrep user
as one case-insensitive regular expression (ripgrep has no AND across a file, so the words become
alternatives, and it cannot fold accents: a speed baseline, not a relevance one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUERIES_FILE = Path(__file__).with_name("queries.txt")
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"|(\S+))')


@dataclass(frozen=True)
class Token:
    text: str
    phrase: bool = False
    prefix: bool = False
    excluded: bool = False
    operator: bool = False


def load_queries(path: Path = QUERIES_FILE) -> list[str]:
    """The queries, in file order (comments and blank lines skipped)."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def tokens(query: str) -> list[Token]:
    """A query's terms and operators, in order."""
    found = []
    for minus, phrase, word in _TOKEN.findall(query):
        if phrase:
            found.append(Token(" ".join(phrase.split()), phrase=True, excluded=bool(minus)))
        elif word in {"OR", "AND", "NOT"}:
            found.append(Token(word, operator=True))
        elif word:
            core = word.rstrip("*")
            if any(c.isalnum() for c in core):
                found.append(Token(core, prefix=word.endswith("*"), excluded=bool(minus)))
    return found


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_expression(query: str) -> str:
    """The query as an FTS5 MATCH expression (terms quoted, so punctuation is never FTS5 syntax)."""
    parts: list[str] = []
    excluded: list[str] = []
    for token in tokens(query):
        if token.operator:
            if token.text == "OR" and parts:
                parts.append("OR")
            continue
        term = _quoted(token.text) + (" *" if token.prefix else "")
        (excluded if token.excluded else parts).append(term)
    while parts and parts[-1] == "OR":
        parts.pop()
    expression = " ".join(parts)
    if excluded:
        expression = f"({expression})" + "".join(f" NOT {t}" for t in excluded)
    return expression


def rg_pattern(query: str) -> str:
    """The query as one regular expression for ``rg -i``: any of its positive terms."""
    alternatives = []
    for token in tokens(query):
        if token.operator or token.excluded:
            continue
        words = [re.escape(w) for w in token.text.split()]
        body = r"\s+".join(words)
        alternatives.append(rf"\b{body}\w*" if token.prefix else rf"\b{body}\b")
    return "|".join(alternatives)
