"""Memberships: the Paris Call's state supporters and the Counter Ransomware Initiative's members by year."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from curation.common import Dataset, Flow, iso, links
from policyatlas.model.country import get_country
from policyatlas.model.record import ParsedSource
from policyatlas.sources.memberships import MemberStatementParser, ParisCallSupporterParser
from policyatlas.sources.memberships.paris_call import INITIATIVE as PARIS_CALL

PARIS_FOLDER = "memberships/paris-call/_supporters"
CRI_FOLDER = "memberships/counter-ransomware-initiative"
#: The date of the snapshot of the Paris Call's site (the commit of ambanum/pariscall.international copied).
PARIS_AS_OF = "2025-12-25"
PARIS_SOURCE = {"id": "paris-call-supporters",
                "title": "Paris Call for Trust and Security in Cyberspace: the supporters (official site)",
                "url": "https://pariscall.international/en/supporters",
                "publisher": "Paris Call (French Ministry for Europe and Foreign Affairs)", "as_of": PARIS_AS_OF}
CRI_TITLE = "International Counter Ransomware Initiative"
CRI_KEY = "counter-ransomware-initiative"
WHITE_HOUSE = "The White House (Briefing Room, archived)"


def paris_call_dataset(corpus: Path) -> Dataset:
    """A ``membership`` record per state supporting the Paris Call; other signatories are counted, not listed."""
    parser = ParisCallSupporterParser()
    records: list[dict[str, Any]] = []
    others: Counter[str] = Counter()
    quirks: Counter[str] = Counter()
    notes: list[str] = []
    files = 0
    for path in sorted((corpus / PARIS_FOLDER).glob("*.md")):
        data = path.read_bytes()
        if not parser.detect(data, path.name):
            notes.append(f"{path.name}: not a supporter file, skipped")
            continue
        files += 1
        parsed = parser.parse(data, str(path))
        for warning in parsed.warnings:
            quirks[warning] += 1
        for record in parsed.records:
            if record.kind != "membership":
                others[str(record.attributes.get("supporter_category") or "uncategorised")] += 1
                continue
            entry: dict[str, Any] = {"kind": "membership", "country": record.country, "section": "Membership",
                                     "title": PARIS_CALL, "title_language": "en", "date": iso(record.date)}
            if record.date_note:
                entry["date_note"] = record.date_note
            entry["actors"] = [Flow(name=a.name, role=a.role) for a in record.actors]
            if record.links:
                entry["links"] = links(record.links)
            entry["source"] = PARIS_SOURCE["id"]
            entry["attributes"] = Flow(organisation="paris-call", role="supporter", list_complete_as_of=PARIS_AS_OF,
                                       name_as_published=record.attributes["name_as_published"])
            records.append(entry)
    records.sort(key=lambda r: r["country"])
    dated = sum(r["date"] != "unknown" for r in records)
    header = [
        f"The states that support the Paris Call for Trust and Security in Cyberspace, read with PolicyAtlas's "
        f"paris-call-supporter parser from the shared corpus: {PARIS_FOLDER}/ ({files} supporter files of the "
        f"Call's official site, snapshot of {PARIS_AS_OF}; provenance in memberships/SOURCES.md). Site "
        "licence: EUPL-1.2; the list of supporters is factual public information.",
        f"{len(records)} states, one membership record each; {dated} with the signing date the site gives (to the "
        "day), the others dated 'unknown': they signed, the site does not say when (the Call opened on 12 "
        "November 2018; a later date at which the site first listed a state is not its signing date).",
        "Other signatories are not records: their support is their own commitment, not their state's policy, and "
        f"{sum(others.values())} organisations would bury each country's profile under companies. They are: "
        + ", ".join(f"{count} {category}" for category, count in sorted(others.items())) + ".",
        "The site writes state names in French and uses three non-ISO codes (ROM Romania, SCG Serbia, MTG "
        "Montenegro): states are identified by name and code together, and the list is complete as of the "
        "snapshot, so a state not listed did not support the Call then.",
        "What the parser noted, with the number of files: "
        + "; ".join(f"{warning} ({count})" for warning, count in sorted(quirks.items())) + ".",
        *notes,
    ]
    return Dataset("paris-call.yaml", header, "Paris Call for Trust and Security in Cyberspace: state supporters "
                   "(PolicyAtlas curated dataset)", PARIS_AS_OF, [dict(PARIS_SOURCE)], records, "paris-call")


def _statements(corpus: Path) -> tuple[list[tuple[Path, ParsedSource]], list[str]]:
    """The member statements of the CRI folder, oldest first, a joint statement before a same-day fact sheet;
    and the names of the texts that name no members."""
    parser = MemberStatementParser()
    found, skipped = [], []
    for path in sorted((corpus / CRI_FOLDER).glob("*.md")):
        data = path.read_bytes()
        if parser.detect(data, path.name):
            found.append((path, parser.parse(data, str(path))))
        else:
            skipped.append(path.name)
    found.sort(key=lambda item: (iso(item[1].as_of) or "", "joint statement" not in (item[1].title or "").casefold(),
                                 item[0].name))
    return found, skipped


def _statement_source(parsed: ParsedSource) -> dict[str, Any]:
    date = iso(parsed.as_of) or "undated"
    kind = "joint-statement" if "joint statement" in (parsed.title or "").casefold() else "fact-sheet"
    source: dict[str, Any] = {"id": f"cri-{kind}-{date}", "title": parsed.title or f"{CRI_TITLE}: statement"}
    if parsed.url:
        source["url"] = parsed.url
    source["publisher"] = WHITE_HOUSE
    if parsed.as_of:
        source["as_of"] = iso(parsed.as_of)
    return source


def cri_dataset(corpus: Path) -> Dataset:
    """A ``membership`` record per state named a member of the CRI, dated the year of the first statement
    naming it (its joining year), citing that statement."""
    statements, skipped = _statements(corpus)
    first: dict[str, tuple[str, dict[str, Any], str]] = {}
    named_in: dict[str, set[str]] = {}
    welcomed: dict[str, str] = {}
    bodies: dict[str, str] = {}
    latest = ""
    notes: list[str] = []
    for path, parsed in statements:
        date = iso(parsed.as_of) or ""
        latest = max(latest, date)
        source = _statement_source(parsed)
        notes.extend(f"{path.name}: {w}" for w in parsed.warnings)
        for record in parsed.records:
            code = str(record.country)
            named_in.setdefault(code, set()).add(date[:4])
            first.setdefault(code, (date, source, str(record.attributes.get("name_as_published"))))
            if record.attributes.get("new_member"):
                welcomed.setdefault(code, date[:4])
            for body in record.attributes.get("non_state_members") or []:
                bodies.setdefault(body, date[:4])
    records: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    unannounced: list[str] = []
    for code in sorted(first):
        date, source, name = first[code]
        sources[source["id"]] = source
        years = sorted(named_in[code])
        country = get_country(code)
        if code not in welcomed and years[0] != min(y for ys in named_in.values() for y in ys):
            unannounced.append(f"{country.name if country else code} ({years[0]})")
        entry: dict[str, Any] = {
            "kind": "membership", "country": code, "section": "Membership", "title": CRI_TITLE, "title_language": "en",
            "acronym": "CRI", "date": date[:4] or "unknown",
            "date_note": f"first named as a member in the statement of {date}" + (
                f"; welcomed as a new member in {welcomed[code]}" if code in welcomed else ""),
            "actors": [Flow(name=country.name if country else name, role="member")],
            "source": source["id"],
            "attributes": Flow(organisation=CRI_KEY, role="member", first_named=date, named_in=years,
                               welcomed_as_new=welcomed.get(code), list_complete_as_of=latest),
        }
        records.append(entry)
    by_year = Counter(first[c][0][:4] for c in first)
    header = [
        f"The states named as members of the International Counter Ransomware Initiative (CRI) in the White House "
        f"statements of the shared corpus: {CRI_FOLDER}/ (US Government works in the public domain; the scrape's "
        "licence is CC0 1.0; provenance in "
        "memberships/SOURCES.md), read with PolicyAtlas's member-statement parser.",
        "One membership record per state, dated the year of the first statement naming it as a member (its joining "
        "year at year precision) and citing that statement: "
        + ", ".join(f"{count} first named in {year}" for year, count in sorted(by_year.items())) + ".",
        f"The latest statement ({latest}) lists every member, so a state it does not name was not a member then.",
        "Members that are not states are not records (the atlas is by country): "
        + ", ".join(f"{body} (from {year})" for body, year in sorted(bodies.items())) + ".",
        *(["First named without being announced as new members: " + ", ".join(unannounced) + "."]
          if unannounced else []),
        *([f"Texts naming no members, not used: {', '.join(skipped)}."] if skipped else []),
        *notes,
    ]
    return Dataset("counter-ransomware-initiative.yaml", header, "International Counter Ransomware Initiative: "
                   "member states by year of joining (PolicyAtlas curated dataset)", latest or None,
                   sorted(sources.values(), key=lambda s: s["id"]), records, CRI_KEY)
