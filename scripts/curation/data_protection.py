"""Data protection: the European supervisory authorities (Datenanfragen.de, CC0) and the Global Data Barometer 2021's
data-protection and right-to-information scores with the evidence researchers cited (facts only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from curation.common import Dataset, Flow, links
from policyatlas.model.record import Link
from policyatlas.sources.data_protection import BarometerParser, SupervisoryAuthorityParser
from policyatlas.sources.data_protection.barometer import INDICATOR

DPA_FOLDER = "data-protection/datenanfragen-supervisory-authorities"
DPA_AS_OF = "2026-03-08"  # when the folder last changed in datenanfragen/data (its SOURCES.md)
DPA_SOURCE = {"id": "datenanfragen-supervisory-authorities",
              "title": "Datenanfragen.de database of data protection supervisory authorities",
              "url": "https://github.com/datenanfragen/data", "publisher": "Datenanfragen.de e.V.", "as_of": DPA_AS_OF}
GDB_FOLDER = "data-protection/global-data-barometer-2021"
GDB_EDITION = 2021
GDB_SOURCE = {"id": "global-data-barometer-2021",
              "title": "Global Data Barometer, first edition (2021 survey, published 2022): results",
              "url": "https://globaldatabarometer.org/", "publisher": "Global Data Barometer (ILDA and the Data for "
              "Development Network)", "as_of": str(GDB_EDITION)}
#: The indicators kept: data protection, right to information.
GDB_INDICATORS = ("G.GOVERNANCE.DPL", "G.PI.RTIF", "G.PI.RTI", "A.PI.RTI")
MAX_EVIDENCE = 12


def authorities_dataset(corpus: Path) -> Dataset:
    """An ``agency`` record per data protection authority and country, with the authority's own URLs."""
    parser = SupervisoryAuthorityParser()
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    for path in sorted((corpus / DPA_FOLDER).glob("*.json")):
        data = path.read_bytes()
        if not parser.detect(data, path.name):
            notes.append(f"{path.name}: not an authority record (the database's schema), skipped")
            continue
        parsed = parser.parse(data, str(path))
        notes.extend(f"{path.name}: {w}" for w in parsed.warnings)
        for record in parsed.records:
            entry: dict[str, Any] = {"kind": "agency", "country": record.country, "section": "Structure",
                                     "subsection": record.subsection, "title": record.title}
            if record.title_en:
                entry["title_en"] = record.title_en
            if record.acronym:
                entry["acronym"] = record.acronym
            entry["status"] = "exists"
            entry["links"] = links(record.links)
            entry["source"] = DPA_SOURCE["id"]
            entry["attributes"] = Flow(role=record.attributes["role"], slug=record.attributes["slug"])
            records.append(entry)
    records.sort(key=lambda r: (r["country"], r["attributes"]["slug"]))
    countries = sorted({r["country"] for r in records})
    header = [
        f"Data protection supervisory authorities of {len(countries)} European countries, read with PolicyAtlas's "
        f"dpa-record parser from the shared corpus: {DPA_FOLDER}/ (the Datenanfragen.de database, CC0 1.0; "
        "provenance in data-protection/SOURCES.md).",
        "One agency record per authority and country, with the authority's web site and the pages of its own that "
        "the database cites; names, English names and acronyms as the database gives them; postal addresses, "
        f"telephone numbers and e-mail addresses are not copied. {len(records)} authorities (Germany has federal, "
        "state, church and broadcasting authorities).",
        *notes,
    ]
    return Dataset("data-protection-authorities.yaml", header, "Data protection supervisory authorities of Europe "
                   "(PolicyAtlas curated dataset)", DPA_AS_OF, [dict(DPA_SOURCE)], records,
                   "data-protection-authorities")


def _names(folder: Path) -> dict[str, str]:
    """Indicator names from GDB's codebook (its medium-length names: "Data protection law")."""
    entries = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    return {str(e["indicator_id"]): str(e.get("indicator_name_medium") or e.get("indicator_name") or e["indicator_id"])
            for e in entries if isinstance(e, dict) and e.get("indicator_id")}


def _evidence(folder: Path) -> dict[tuple[str, str], list[Link]]:
    parser = BarometerParser()
    path = folder / "supporting_evidence.json"
    evidence: dict[tuple[str, str], list[Link]] = {}
    for record in parser.parse(path.read_bytes(), str(path)).records:
        evidence[(str(record.country), str(record.attributes["indicator"]))] = list(record.links)
    return evidence


def barometer_dataset(corpus: Path) -> Dataset:
    """An ``index_value`` per country and data-protection or right-to-information indicator: GDB's score as
    published, with the documents its researchers cited as evidence (their titles and addresses)."""
    folder = corpus / GDB_FOLDER
    names = _names(folder)
    evidence = _evidence(folder)
    measures = folder / "measures.json"
    parsed = BarometerParser().parse(measures.read_bytes(), str(measures))
    records: list[dict[str, Any]] = []
    trimmed = 0
    for record in parsed.records:
        indicator = str(record.attributes["indicator"])
        if indicator not in GDB_INDICATORS or not INDICATOR.match(indicator):
            continue
        name = names.get(indicator, indicator)
        cited = evidence.get((str(record.country), indicator), [])
        trimmed += max(0, len(cited) - MAX_EVIDENCE)
        entry: dict[str, Any] = {"kind": "index_value", "country": record.country, "section": "Global Data Barometer",
                                 "subsection": name, "title": f"Global Data Barometer {GDB_EDITION}: {name}",
                                 "date": str(GDB_EDITION)}
        if cited:
            entry["links"] = links(cited[:MAX_EVIDENCE])
        entry["source"] = GDB_SOURCE["id"]
        entry["attributes"] = Flow(index=f"gdb/{indicator}", index_name=f"Global Data Barometer: {name}",
                                   indicator=indicator, edition=GDB_EDITION, value=record.attributes["value"],
                                   published=record.attributes["published"], scale="0-100", rank=None)
        records.append(entry)
    records.sort(key=lambda r: (r["country"], r["attributes"]["indicator"]))
    countries = {r["country"] for r in records}
    header = [
        f"Global Data Barometer {GDB_EDITION} (first edition): scores of {len(countries)} countries for data "
        f"protection and the right to information ({', '.join(f'{i} {names.get(i, i)}' for i in GDB_INDICATORS)}), "
        f"read with PolicyAtlas's gdb-json parser from the shared corpus: {GDB_FOLDER}/measures.json, with the "
        "evidence researchers cited from supporting_evidence.json and the names from indicators.json (provenance in "
        "data-protection/SOURCES.md).",
        "Licence: GDB states none in its download (CC BY 4.0 on its site, not confirmed here), so only facts are "
        "kept, with attribution: each score as published (0-100) and the title and address of each cited document; "
        "the researchers' written justifications are not copied.",
        *([f"At most {MAX_EVIDENCE} evidence links per score are kept ({trimmed} more left out)."] if trimmed else []),
        *parsed.warnings,
    ]
    return Dataset("global-data-barometer-2021.yaml", header, "Global Data Barometer 2021: data protection and right "
                   "to information scores (PolicyAtlas curated dataset)", str(GDB_EDITION), [dict(GDB_SOURCE)], records,
                   "global-data-barometer-2021")

