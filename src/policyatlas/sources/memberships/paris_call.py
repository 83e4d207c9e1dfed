"""Paris Call supporters as the Paris Call's own site publishes them: one front-matter file per supporter.

A state that supports the Call becomes a ``membership`` record of that state (signed on the date the file
gives, or a date that exists but is not published); any other signatory (a company, a civil-society body,
a public authority) becomes an ``organization`` record of its country, since its support is its own
commitment, not the state's. State names are French ("Roumanie"); codes are mostly ISO alpha-3, with the
site's own non-ISO codes (``ROM``, ``SCG``, ``MTG``) read through ``codes.LEGACY_CODES``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import Actor, Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, check_yaml_depth, decode_text
from policyatlas.sources.memberships.codes import read_code
from policyatlas.text.lines import line_locator

INITIATIVE = "Paris Call for Trust and Security in Cyberspace"
ORGANISATION = "paris-call"
PUBLISHER = "Paris Call for Trust and Security in Cyberspace (French Ministry for Europe and Foreign Affairs)"
SUPPORTERS_URL = "https://pariscall.international/en/supporters"
#: The supporter categories of the Call's site ("" and "undefined" for files the site left uncategorised).
CATEGORIES = frozenset({"state", "private-sector", "civil-society", "public-authority"})
_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_KEY = re.compile(r"^(?P<key>[a-z_]+):", re.M)


def front_matter(text: str) -> tuple[str, int] | None:
    """The YAML block between the opening ``---`` lines and the number of lines it spans (with the markers)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    return match.group("body"), match.group(0).count("\n") + (0 if match.group(0).endswith("\n") else 1)


class ParisCallSupporterParser:
    """One supporter of the Paris Call (a ``_supporters/*.md`` file of pariscall.international)."""

    kind = "paris-call-supporter"
    description = "Paris Call supporter file (front matter: name, category, nature, nationality, date_signed)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:4096].decode("utf-8", "ignore")
        block = front_matter(head)
        if block is None:
            return False
        keys = set(_KEY.findall(block[0]))
        if not {"name", "category"} <= keys or not keys & {"nationality", "nature"}:
            return False
        category = re.search(r"^category:[ \t]*['\"]?([\w-]*)", block[0], re.M)
        return category is not None and (category.group(1) in CATEGORIES or category.group(1) in ("", "undefined"))

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        block = front_matter(text)
        if block is None:
            raise ParseError("no front matter (a supporter file starts with a '---' block)", path=origin, line=1)
        body, lines = block
        check_yaml_depth(body, origin, line_offset=1)
        try:
            fields = yaml.load(body, Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is the safe loader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ParseError(f"invalid front matter: {getattr(exc, 'problem', None) or exc}", path=origin,
                             line=mark.line + 2 if mark else None) from None
        if not isinstance(fields, dict) or not str(fields.get("name") or "").strip():
            raise ParseError("front matter without a supporter name", path=origin, line=2)
        warnings: list[str] = []
        name = " ".join(str(fields["name"]).split())
        category = str(fields.get("category") or "").strip() or None
        if category is not None and category not in CATEGORIES:
            warnings.append(f"unknown supporter category {category!r}: read as an organisation")
        signed = _signed(fields.get("date_signed"), warnings)
        country = _country(fields, name, category == "state", warnings)
        span = _line_of(text, "name"), lines
        links = [Link("Website (as the Paris Call site gives it)", url)
                 for url in [str(fields.get("website") or "").strip()] if url.startswith(("http://", "https://"))]
        records: list[Record] = []
        if category == "state" and country is not None:
            info = get_country(country)
            records.append(Record(
                kind="membership", country=country, section="Membership", title=INITIATIVE, title_language="en",
                line_start=span[0], line_end=span[1], dates=(signed or FuzzyDate.unknown(),),
                date_note=None if signed else "the Paris Call's site gives no signing date for this state",
                actors=(Actor(info.name if info else name, "supporter"),), links=tuple(links),
                attributes={"organisation": ORGANISATION, "role": "supporter", "supporter_category": "state",
                            "name_as_published": name},
            ))
        elif category == "state":
            warnings.append(f"state {name!r} could not be identified (nationality "
                            f"{fields.get('nationality')!r}): no record")
        else:
            nature = " ".join(str(fields.get("nature") or "").split()) or None
            records.append(Record(
                kind="organization", country=country, section="Cooperation", subsection="Paris Call supporters",
                title=name, line_start=span[0], line_end=span[1], dates=(signed,) if signed else (),
                links=tuple(links),
                attributes={"organisation": ORGANISATION, "role": "supporter", "supporter_category": category,
                            "nature": nature},
            ))
        return ParsedSource(
            format=self.kind, media_type="text/markdown", text=text, records=tuple(records),
            lineage=f"{self.kind}/{_slug(name)}-{(country or 'xx').lower()}", country=country,
            language="fr" if category == "state" else None, title=f"Paris Call supporter: {name}",
            as_of=signed, publisher=PUBLISHER, url=SUPPORTERS_URL, warnings=tuple(warnings),
        )


def _signed(value: Any, warnings: list[str]) -> FuzzyDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return FuzzyDate(value.isoformat(), "day")
    warnings.append(f"date_signed {value!r} is not a date (YYYY-MM-DD): left out")
    return None


def _country(fields: dict[str, Any], name: str, is_state: bool, warnings: list[str]) -> str | None:
    """The supporter's country: from its code, and for a state also from its (French) name; they must agree."""
    raw = str(fields.get("nationality") or "").strip()
    reading = read_code(raw) if raw else None
    by_code = reading.code if reading else None
    by_name = resolve_country(name) if is_state else None
    if raw and by_code is None:
        warnings.append(f"nationality {raw!r} is not a known country code")
    if reading is not None and reading.note and by_code is not None:
        warnings.append(f"nationality {raw}: {reading.note}")
    if by_code and by_name and by_code != by_name:
        warnings.append(f"nationality {raw} ({by_code}) and name {name!r} ({by_name}) disagree: the name is kept")
        return by_name
    if is_state and by_name is None and not by_code:
        return None
    if not raw and not is_state:
        warnings.append(f"supporter {name!r} gives no nationality: no country")
    return by_name or by_code


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^{key}:", text, re.M)
    return line_locator(text)(match.start()) if match else 1


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "supporter"
