"""How strongly a record evidences an indicator: by the family of its source's format and how it matched.

- ``strong``: a structured record (a country profile, a registry, a published table or the atlas's
  own dataset) that the indicator takes by its kind or a structured field, or whose own name
  (title, acronym, aliases) says what the indicator looks for: a "Personal Data Protection Law"
  in a profile is a data protection law.
- ``medium``: the same from a document (a strategy, a member state's statement): a sentence or
  section that states it.
- ``weak``: a keyword found only in a record's description or points, or anything from news and
  other prose. Weak evidence alone never makes an indicator "met" (at most "partly").
"""

from __future__ import annotations

from typing import Any

#: Strengths, strongest first.
STRENGTHS: tuple[str, ...] = ("strong", "medium", "weak")

#: Formats whose records are structured: one fact per row or entry, stated as such.
STRUCTURED_FORMATS = frozenset({
    "country-profile", "itu-profile", "atlas-dataset", "csirts-network", "paris-call-supporter",
    "dpa-record", "gdb-json", "ai-index-table", "index-table", "membership-table", "strategy-panel",
    "veris", "vcdb-export", "cfr-tracker",
})
#: Formats whose records are read from a document's sentences and sections.
DOCUMENT_FORMATS = frozenset({"strategy-document", "member-statement"})
#: Formats whose records are read from news or other prose by keywords.
PROSE_FORMATS = frozenset({"news-article", "document"})

#: How a record matched an indicator: by kind or field alone, by a keyword in its own name, or
#: by a keyword in its description or points only.
MATCHES: tuple[str, ...] = ("structured", "name", "text")

_STRENGTH = {
    ("structured", "structured"): "strong", ("structured", "name"): "strong", ("structured", "text"): "weak",
    ("document", "structured"): "medium", ("document", "name"): "medium", ("document", "text"): "weak",
}


def source_family(source_format: str | None) -> str:
    """``structured``, ``document`` or ``prose``: the family of a source format (a format the atlas does
    not know, a plug-in's, counts as a document: neither structured nor mere prose)."""
    if source_format in STRUCTURED_FORMATS:
        return "structured"
    if source_format in PROSE_FORMATS:
        return "prose"
    return "document"


def strength(family: str, matched_by: str) -> str:
    """The strength of a record's evidence from its source family and how it matched."""
    return _STRENGTH.get((family, matched_by), "weak")


def rank(value: str) -> int:
    """A strength's place (0 for strong): for sorting, strongest first."""
    return STRENGTHS.index(value) if value in STRENGTHS else len(STRENGTHS)


def record_strength(record: dict[str, Any], matched_by: str) -> tuple[str, str]:
    """A record's strength as evidence and why, in words."""
    provenance = record.get("provenance") or {}
    family = source_family(provenance.get("format"))
    how = {"structured": "its kind or a structured field", "name": "a keyword in its own name",
           "text": "a keyword in its description only"}[matched_by]
    return strength(family, matched_by), f"{family} source ({provenance.get('format') or 'unknown format'}), " \
                                         f"matched by {how}"
