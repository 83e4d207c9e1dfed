"""Data protection authorities as the Datenanfragen.de database records them (one JSON object per authority).

Each object names the authority (natively, often with an English name in brackets), the countries it is
responsible for (ISO alpha-2, lower case, or ``all``), its web site and the pages its details were taken
from (``sources``: the authority's own contact pages). Each authority becomes an ``agency`` record of each
of its countries, in the Structure section as a data protection authority, with those addresses as links.
Postal addresses, telephone numbers and e-mail addresses are contact details, not policy facts: not kept.
"""

from __future__ import annotations

import json
import re
from typing import Any

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country
from policyatlas.model.record import Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.lines import line_locator
from policyatlas.text.titles import guess_language, is_acronym

PUBLISHER = "Datenanfragen.de e.V. (supervisory authorities database)"
URL = "https://github.com/datenanfragen/data/tree/master/supervisory-authorities"
SUBSECTION = "Data protection authority"
ROLE = "data_protection_authority"
_REQUIRED = ("slug", "relevant-countries", "name")
#: Words that make a bracketed gloss an English name even when the language guesser is unsure.
_ENGLISH = frozenset("data protection authority commissioner office agency inspectorate commission ombudsman "
                     "personal national state information supervisor board".split())


def split_name(raw: str) -> tuple[str, str | None, str | None]:
    """(native name, English name, acronym) of an authority's name as the database writes it:
    "Autoriteit Persoonsgegevens (Dutch Data Protection Authority)", "UODO – Urząd Ochrony …",
    "Commission Nationale … – CNIL (French National Commission …)"."""
    name = " ".join(raw.split())
    english = acronym = None
    match = re.fullmatch(r"(?P<base>.+?)\s*\((?P<group>[^()]+)\)", name)
    if match:
        group = match.group("group").strip()
        words = {w.casefold() for w in re.findall(r"[A-Za-z]+", group)}
        if _looks_acronym(group):
            acronym, name = group, match.group("base").strip()
        elif group.isascii() and (guess_language(group) == "en" or len(words & _ENGLISH) >= 2) \
                and guess_language(match.group("base")) != "en":
            english, name = group, match.group("base").strip()
    parts = re.split(r"\s+[–—-]\s+", name)
    if len(parts) == 2:
        if _looks_acronym(parts[0]) and not _looks_acronym(parts[1]):
            acronym, name = acronym or parts[0], parts[1]
        elif _looks_acronym(parts[1]) and not _looks_acronym(parts[0]):
            name, acronym = parts[0], acronym or parts[1]
    return name, english, acronym


def _looks_acronym(text: str) -> bool:
    """``CNIL``, ``UODO`` and also ``BayLDA``: one short word, mostly capitals."""
    if is_acronym(text):
        return True
    upper = sum(ch.isupper() for ch in text)
    return " " not in text and 3 <= len(text) <= 12 and upper >= 2 and upper * 2 >= len(text) and text.isalpha()


def _is_authority(value: Any) -> bool:
    return isinstance(value, dict) and all(key in value for key in _REQUIRED)


class SupervisoryAuthorityParser:
    """One data protection authority of the Datenanfragen.de database (``supervisory-authorities/<slug>.json``)."""

    kind = "dpa-record"
    description = "data protection authority (Datenanfragen.de supervisory-authorities JSON)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
        return (head.startswith("{") and '"relevant-countries"' in head and '"slug"' in head
                and '"$schema"' not in head)

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        try:
            entry = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg}", path=origin, line=exc.lineno) from None
        if not _is_authority(entry):
            missing = [k for k in _REQUIRED if not isinstance(entry, dict) or k not in entry]
            raise ParseError(f"not an authority record (missing {', '.join(missing)})", path=origin, line=1)
        locate = line_locator(text)
        name_at = text.find('"name"')
        line = locate(name_at) if name_at >= 0 else 1
        end = max(line, len(text.splitlines()))
        title, english, acronym = split_name(str(entry["name"]))
        links = []
        if isinstance(entry.get("web"), str) and entry["web"].startswith(("http://", "https://")):
            links.append(Link("Website", entry["web"]))
        if isinstance(entry.get("webform"), str) and entry["webform"].startswith(("http://", "https://")):
            links.append(Link("Complaint form", entry["webform"]))
        for url in entry.get("sources") or []:
            if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in {x.url for x in links}:
                links.append(Link("Source of these details (the authority's own page)", url))
        warnings: list[str] = []
        countries: list[str] = []
        raw_countries = entry["relevant-countries"] if isinstance(entry["relevant-countries"], list) else []
        for raw in raw_countries:
            code = str(raw).strip().upper()
            if code == "ALL":
                warnings.append("responsible for 'all' countries: no country record")
            elif len(code) == 2 and (info := get_country(code)) is not None:
                countries.append(info.code)
            else:
                warnings.append(f"relevant country {raw!r} is not an ISO 3166 alpha-2 code: left out")
        if not raw_countries:
            warnings.append("no relevant country given: no record")
        records = tuple(Record(
            kind="agency", country=code, section="Structure", subsection=SUBSECTION, title=title, title_en=english,
            acronym=acronym, line_start=line, line_end=end, links=tuple(links), status="exists",
            attributes={"role": ROLE, "slug": str(entry["slug"]),
                        "complaint_language": entry.get("complaint-language")},
        ) for code in dict.fromkeys(countries))
        return ParsedSource(
            format=self.kind, media_type="application/json", text=text, records=records,
            lineage=f"{self.kind}/{entry['slug']}", country=countries[0] if len(set(countries)) == 1 else None,
            title=f"Data protection authority: {title}", publisher=PUBLISHER,
            url=f"https://github.com/datenanfragen/data/blob/master/supervisory-authorities/{entry['slug']}.json",
            warnings=tuple(warnings),
        )
