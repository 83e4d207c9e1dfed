"""Properties of every parser (Hypothesis): whatever a real document of its format becomes (cut, bytes
flipped, lines repeated, shuffled or dropped, text inserted, a long line, deep nesting) and whatever text
it is given, the parser either reads it into well-formed records or refuses it with a clear one-line
error naming the file: never another exception.

A bounded number of examples per parser keeps this to seconds; ``POLICYATLAS_PROPERTY_EXAMPLES`` raises
it, and ``fuzz/run.py`` is the long run over mutated real documents (docs/reliability.md).
"""

from __future__ import annotations

import os
import random
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.run import seed_documents
from policyatlas.errors import PolicyAtlasError
from policyatlas.model.record import ParsedSource
from policyatlas.sources import detect_parser, parsers
from policyatlas.store.ingest import parse_document
from tests.conftest import REPO, need_shared
from tests.profile_renderings import has_pdf_font, pdf_to_text, to_html, to_pasted, to_pdf, to_pdftotext

EXAMPLES = int(os.environ.get("POLICYATLAS_PROPERTY_EXAMPLES", "5"))
KINDS = sorted(p.kind for p in parsers())
#: The largest seed a property starts from (the long fuzz run takes the big ones).
SEED_BYTES = 40_000
FIXTURES = REPO / "tests" / "fixtures"
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _renderings() -> list[tuple[str, bytes]]:
    """A country profile in every rendering users hold it in (Markdown, HTML, pasted, PDF, pdftotext),
    and the news fixtures (saved pages, plain text, Markdown)."""
    markdown = (FIXTURES / "profiles" / "costa_rica.md").read_text(encoding="utf-8")
    out = [("profile.md", markdown.encode()), ("profile.html", to_html(markdown).encode()),
           ("profile-pasted.txt", to_pasted(markdown, blank_lines=False).encode()),
           ("profile-layout.txt", to_pdftotext(markdown).encode())]
    if has_pdf_font():
        out.append(("profile-pdf.txt", pdf_to_text(to_pdf(markdown)).encode()))
    out += [(p.name, p.read_bytes()) for p in sorted((FIXTURES / "news").iterdir()) if p.is_file()]
    return out


@lru_cache(maxsize=1)
def seeds_by_format() -> dict[str, list[tuple[str, bytes]]]:
    """Real documents by the format they are detected as, smallest first."""
    found: dict[str, list[tuple[str, bytes]]] = {}
    for name, data in seed_documents(need_shared("corpus").parent) + _renderings():
        try:
            kind = detect_parser(data, name).kind
        except PolicyAtlasError:
            continue
        found.setdefault(kind, []).append((name, data))
    chosen = {}
    for kind, docs in found.items():
        docs.sort(key=lambda d: len(d[1]))
        chosen[kind] = [d for d in docs[:3] if len(d[1]) <= SEED_BYTES] or docs[:1]  # a big one if none is small
    return chosen


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


#: One mutation: what it does, where (a fraction of the document) and how much.
MUTATION = st.tuples(st.sampled_from(["truncate", "flip", "drop-line", "repeat-line", "shuffle", "insert",
                                      "long-line", "nest"]),
                     st.floats(0, 1), st.integers(0, 2000), st.text(max_size=40))


def _apply(data: bytes, mutation: tuple[str, float, int, str]) -> bytes:
    how, where, amount, text = mutation
    at = int(where * len(data))
    lines = _lines(data)
    line = min(int(where * len(lines)), len(lines) - 1)
    if how == "truncate":
        return data[:at]
    if how == "flip":
        out = bytearray(data)
        for offset in range(min(amount % 16 + 1, len(out))):
            out[(at + offset * 997) % len(out)] ^= 0x5A
        return bytes(out)
    if how == "drop-line":
        return b"".join(lines[:line] + lines[line + 1:])
    if how == "repeat-line":
        return b"".join(lines[:line] + [lines[line]] * (amount % 500 + 2) + lines[line + 1:])
    if how == "shuffle":
        random.Random(amount).shuffle(lines)
        return b"".join(lines)
    if how == "insert":
        return data[:at] + text.encode("utf-8", "surrogatepass") + data[at:]
    if how == "long-line":
        unit = (text[:1] or "a").encode("utf-8", "surrogatepass")
        return b"".join(lines[:line] + [unit * (amount * 20) + b"\n"] + lines[line:])
    opening, closing = [(b"<ul><li>", b"</li></ul>"), (b"[", b"]"), (b"{\"a\":", b"}"), (b"(", b")")][amount % 4]
    return data[:at] + opening * amount + b"x" + closing * amount + data[at:]


def _well_formed(parsed: ParsedSource, kind: str | None) -> None:
    if kind is not None:
        assert parsed.format == kind
    assert parsed.lineage
    for record in parsed.records:
        assert record.kind and isinstance(record.title, str)
        assert 0 <= record.line_start <= record.line_end, (record.kind, record.line_start, record.line_end)
        assert record.country is None or (len(record.country) == 2 and record.country.isupper()), record.country


def _parses_or_refuses(data: bytes, name: str, kind: str | None) -> None:
    """``data`` is read into well-formed records or refused with a one-line error naming ``name``."""
    try:
        parsed = parse_document(data, name, format=kind)
    except PolicyAtlasError as exc:
        message = str(exc)
        assert name in message, message
        assert "\n" not in message.strip() and "Traceback" not in message, message
        return
    _well_formed(parsed, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_parsers_every_format_has_real_seeds(kind: str) -> None:
    assert seeds_by_format().get(kind), f"no seed document is detected as {kind}"


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_parsers_mutated_real_documents_parse_or_refuse_cleanly(kind: str, data: st.DataObject) -> None:
    seeds = seeds_by_format().get(kind)
    if not seeds:
        pytest.skip(f"no seed of {kind}")  # reported by test_parsers_every_format_has_real_seeds
    name, document = data.draw(st.sampled_from(seeds), label="seed")
    for mutation in data.draw(st.lists(MUTATION, min_size=1, max_size=3), label="mutations"):
        document = _apply(document, mutation)
    origin = f"mutated/{Path(name).name}"
    _parses_or_refuses(document, origin, kind)  # as --format KIND reads it
    _parses_or_refuses(document, origin, None)  # as detection reads it


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(text=st.text(max_size=400))
def test_parsers_any_text_parses_or_refuses_cleanly(kind: str, text: str) -> None:
    _parses_or_refuses(text.encode("utf-8", "surrogatepass"), "any.txt", kind)
