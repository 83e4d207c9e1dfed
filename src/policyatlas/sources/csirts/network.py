"""The EU CSIRTs Network's list of its members' publications (ENISA's ``CNW`` README, Markdown tables).

Tables ``| Country | Organisation | Language | [CNA |] Material |`` list, per topic heading, what each
member team published: advisories ("Member Warnings and Advisories"), code repositories ("Member
Repositories"), coordinated vulnerability disclosure policies (with a CVE Numbering Authority flag), and
guidance. Each organisation of a country becomes one record: a ``cert`` for a response team (CERT, CSIRT,
CIRT, NCSC…), an ``agency`` otherwise (BSI, ANSSI, NÚKIB…), with its advisory feeds, repositories and
disclosure policy as links and, for those in the member sections, ``csirts_network: member``. Names are
matched across spellings ("CERT LT" = "CERT-LT"); a name that differs by one letter from the name its own
link gives ("Govert.LU" in "Govcert.lu Github") takes the link's spelling, with a warning. Rows of EU
bodies (``EU``, ``EUI``: ENISA, CERT-EU) are not countries' and are left out with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rapidfuzz.distance import Levenshtein

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country
from policyatlas.model.record import Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.titles import fold, is_acronym

PUBLISHER = "European Union Agency for Cybersecurity (ENISA), CSIRTs Network secretariat"
URL = "https://github.com/enisaeu/CNW"
NETWORK = "EU CSIRTs Network"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"\[(?P<label>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>[^)\s]+)\)")  # labels hold "[PDF]"
_TEAM = re.compile(r"\b(?:cert|csirt|cirt|circl|ncsc|soc|govcert)\b|cert$|^cert", re.I)
_JOINT = re.compile(r"\s+(?:&|/|and)\s+")
_EU_BODIES = frozenset({"EU", "EUI"})


@dataclass
class Organisation:
    """An organisation of one country as the tables name it, with what it published."""

    country: str
    spellings: Counter[str] = field(default_factory=Counter)
    first_line: int = 0
    member: bool = False
    advisories: list[Link] = field(default_factory=list)
    repositories: list[Link] = field(default_factory=list)
    policies: list[Link] = field(default_factory=list)
    guidance: int = 0
    cna: bool | None = None

    @property
    def name(self) -> str:
        return max(self.spellings.items(), key=lambda item: item[1])[0]  # a tie keeps the first spelling seen


def unwrap(url: str) -> str:
    """The address behind a search engine's redirect (``https://www.google.com/url?…&url=https://…``)."""
    parts = urlsplit(url)
    if parts.hostname and re.fullmatch(r"(?:www\.)?google\.[a-z.]+", parts.hostname) and parts.path == "/url":
        query = parse_qs(parts.query)
        for key in ("url", "q"):
            target = (query.get(key) or [""])[0]
            if target.startswith(("http://", "https://")):
                return target
    return url


def name_key(name: str) -> str:
    """The same key for "CERT LT" and "CERT-LT", "CERT.at" and "CERT-AT"."""
    return re.sub(r"[^0-9a-z]+", "", fold(name))


def is_team(name: str) -> bool:
    """Whether a name is an incident response team's (CERT, CSIRT, CIRT, NCSC, SOC…)."""
    return bool(_TEAM.search(name.replace(".", " ").replace("-", " "))) or "cert" in fold(name).split()


@dataclass(frozen=True)
class Row:
    """One table row: its line, the heading it stands under, country code, organisation, CNA flag and link."""

    line: int
    section: str
    country: str
    organisation: str
    cna: str | None
    link: Link | None


def table_rows(text: str) -> list[Row]:
    """Every row of the Country/Organisation tables, with the heading it stands under."""
    rows: list[Row] = []
    headings: list[tuple[int, str]] = []
    columns: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            headings = [h for h in headings if h[0] < level] + [(level, heading.group(2))]
            columns = None
            continue
        stripped = line.strip()
        if not stripped.startswith("|"):
            columns = None
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if columns is None:
            names = [fold(c) for c in cells]
            if "country" in names and ("organisation" in names or "organization" in names):
                columns = names
            continue
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        record = dict(zip(columns, cells, strict=False))
        org = record.get("organisation") or record.get("organization") or ""
        material = " ".join(v for k, v in record.items() if k not in ("country", "organisation", "organization",
                                                                      "language", "cna"))
        found = _LINK.search(material)
        link = Link(" ".join(found.group("label").split()), unwrap(found.group("url"))) if found else None
        rows.append(Row(number, headings[-1][1] if headings else "", record.get("country", "").upper(), org,
                        record.get("cna"), link))
    return rows


class CsirtsNetworkParser:
    """The EU CSIRTs Network's README of member publications."""

    kind = "csirts-network"
    description = "EU CSIRTs Network member list of publications (ENISA CNW README, Markdown tables)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:32768].decode("utf-8", "ignore")
        if not re.search(r"CSIRTs?\s+Network|\bCNW\b", head):
            return False
        return re.search(r"^\|\s*Country\s*\|\s*Organi[sz]ation\s*\|", head, re.M | re.I) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        rows = table_rows(text)
        if not rows:
            raise ParseError("no Country/Organisation table found", path=origin)
        warnings: list[str] = []
        alone = {(r.country, name_key(r.organisation)) for r in rows if not _JOINT.search(r.organisation)}
        orgs: dict[tuple[str, str], Organisation] = {}
        eu_bodies: set[str] = set()
        for row in rows:
            if row.country in _EU_BODIES:
                eu_bodies.add(row.organisation)
                continue
            country = get_country(row.country) if len(row.country) == 2 else None
            if country is None:
                warnings.append(f"line {row.line}: country {row.country!r} is not an ISO 3166 alpha-2 code: "
                                f"{row.organisation!r} left out")
                continue
            for name in _names(row, alone, warnings):
                org = orgs.setdefault((country.code, name_key(name)), Organisation(country.code, first_line=row.line))
                org.spellings[name] += 1
                if "member" in row.section.casefold() and not org.member:
                    org.first_line = row.line  # cite its entry in the member list
                _add(org, row)
        if eu_bodies:
            warnings.append(f"rows of EU bodies (not a country's) left out: {', '.join(sorted(eu_bodies))}")
        _correct_spellings(orgs, rows, warnings)
        records = tuple(_record(org) for org in sorted(orgs.values(), key=lambda o: (o.country, o.first_line)))
        return ParsedSource(
            format=self.kind, media_type="text/markdown", text=text, records=records, lineage=f"{self.kind}/enisa-cnw",
            language="en", title="CSIRTs Network: member warnings, repositories, disclosure policies and guidance",
            publisher=PUBLISHER, url=URL, warnings=tuple(warnings),
        )


def _names(row: Row, alone: set[tuple[str, str]], warnings: list[str]) -> list[str]:
    """The organisations a row names: a joint row ("NCSC-HU & SeConSys") counts for its parts that appear
    alone elsewhere; a part that never does is named in a warning, not made an organisation."""
    name = " ".join(row.organisation.split())
    parts = _JOINT.split(name)
    if len(parts) == 1:
        return [name] if name else []
    known = [p for p in parts if (row.country, name_key(p)) in alone]
    for part in parts:
        if part not in known:
            warnings.append(f"line {row.line}: {part!r} is named only jointly ({name!r}): not recorded as an "
                            "organisation")
    return known


def _add(org: Organisation, row: Row) -> None:
    section = row.section.casefold()
    if "member" in section:
        org.member = True
    if row.cna is not None and row.cna.strip():
        org.cna = row.cna.strip().casefold() in ("yes", "y", "true", "1")
    if row.link is None:
        return
    if "disclosure" in section or row.cna is not None:
        target = org.policies
    elif "member" in section and "repositor" in section:
        target = org.repositories
    elif "member" in section:
        target = org.advisories
    else:
        org.guidance += 1
        return
    if all(link.url != row.link.url for link in target):
        target.append(row.link)


def _correct_spellings(orgs: dict[tuple[str, str], Organisation], rows: list[Row], warnings: list[str]) -> None:
    """A name one letter away from the name its own link gives ("Govert.LU", "Govcert.lu Github") is a typo."""
    for org in orgs.values():
        name = org.name
        if len(name) < 5:
            continue
        for row in rows:
            if row.link is None or " ".join(row.organisation.split()) != name:
                continue
            first = row.link.label.split(" ")[0] if row.link.label else ""
            if first and first.casefold() != name.casefold() and Levenshtein.distance(first.casefold(),
                                                                                        name.casefold()) == 1:
                warnings.append(f"line {row.line}: {name!r} read as {first!r}, the spelling its own link gives")
                org.spellings = Counter({first: org.spellings[name]})
                break


def _record(org: Organisation) -> Record:
    team = is_team(org.name)
    attributes: dict[str, Any] = {"network": NETWORK, "csirts_network": "member" if org.member else "listed",
                                  "cna": org.cna, "guidance_publications": org.guidance}
    links = [*org.advisories, *org.repositories, *org.policies]
    return Record(
        kind="cert" if team else "agency", country=org.country, section="Structure",
        subsection="National CERT or CSIRT" if team else "Dedicated Agencies and Departments", title=org.name,
        acronym=org.name if is_acronym(org.name) else None,
        aliases=tuple(sorted(n for n in org.spellings if n != org.name)),
        line_start=org.first_line, line_end=org.first_line, links=tuple(links), status="exists",
        attributes=attributes,
    )
