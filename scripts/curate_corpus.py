"""Curate the open dataset (data/curated; scripts/bundle_data.py bundles it as the data package data/atlas) from the
shared corpus: index values, first strategies, ITU facts,
incidents, memberships (Paris Call, Counter Ransomware Initiative), AI Index values, data protection authorities and
Global Data Barometer scores, and the EU CSIRTs Network's members.

Usage: ``python scripts/curate_corpus.py [--corpus ../shared/corpus] [--out data/curated]``

The corpus is read through PolicyAtlas's own parsers and the strategy panel CSV; only facts are kept (names,
dates, numbers, statuses, addresses), never the sources' prose. Each file cites its sources (publisher and
original address) and states their licences. The output is deterministic: re-running on the same corpus rewrites
identical files. The families beside this script (``curation/``) hold the newer datasets.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the curation package beside this script

from curation.ai_index import FOLDER as AI_INDEX_FOLDER  # noqa: E402
from curation.ai_index import ai_index_dataset  # noqa: E402
from curation.common import GENERATED, Dataset, Flow, iso  # noqa: E402
from curation.csirts import README as CSIRTS_README  # noqa: E402
from curation.csirts import csirts_dataset  # noqa: E402
from curation.data_protection import DPA_FOLDER, GDB_FOLDER, authorities_dataset, barometer_dataset  # noqa: E402
from curation.memberships import CRI_FOLDER, PARIS_FOLDER, cri_dataset, paris_call_dataset  # noqa: E402

from policyatlas.model.country import get_country  # noqa: E402
from policyatlas.model.record import Record  # noqa: E402
from policyatlas.sources.indices.parser import INDICES, IndexTableParser  # noqa: E402
from policyatlas.sources.itu.parser import ItuProfileParser  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_OUT = REPO / "data" / "curated"

PANEL_FILE = "strategies/inaugural_cybstrategies_2000_2024.csv"
STRATEGY_TITLE = "First national cybersecurity strategy"

GCI_URL = "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx"
NCSI_URL = "https://ncsi.ega.ee/"
#: The ITU published the Cyberwellness profiles with its Global Cybersecurity Index (2014-2015); the corpus copies
#: are excerpts from third-party sites, so the citation is the ITU's own page.
ITU_PROFILES_URL = GCI_URL
KAGGLE = {"id": "kaggle-cyber-security-indexes",
          "title": "Cyber Security Indexes (Kaggle table of CEI, GCI 2020, NCSI and DDL scores by country)",
          "url": "https://www.kaggle.com/datasets/katerynameleshenko/cyber-security-indexes",
          "publisher": "Kateryna Meleshenko (Kaggle)"}
KOSTYUK = {"id": "kostyuk-ncs-panel",
           "title": "Kostyuk, National Cybersecurity Strategy Data: inaugural strategies panel 2000-2024 "
                    "(Cyber Chess, International Studies Quarterly 70(1), sqaf097)",
           "url": "https://github.com/nadiyakostyuk/National-Cybersecurity-Strategy-Data",
           "publisher": "Nadiya Kostyuk", "as_of": "2024"}

# Trailing words that show a title was cut mid-phrase by the text extraction ("… of 2012 of the").
_DANGLING = frozenset("of the and or for to in on by with a an de del la el y".split())


# --- indices ------------------------------------------------------------------------------------------


def _index_source(index: str, edition: int | None, compiled: bool) -> dict[str, Any]:
    """The publisher of an index edition; values read from the Kaggle compilation say so."""
    year = f" {edition}" if edition is not None else ""
    via = " (values as compiled in the Kaggle table Cyber Security Indexes)" if compiled else ""
    if index == "gci":
        source = {"id": f"itu-gci{year.replace(' ', '-')}", "title": f"ITU Global Cybersecurity Index{year}{via}",
                  "url": GCI_URL, "publisher": "International Telecommunication Union (ITU)"}
    elif index == "ncsi":
        source = {"id": f"ega-ncsi{year.replace(' ', '-')}", "title": f"National Cyber Security Index{year}{via}",
                  "url": NCSI_URL, "publisher": "e-Governance Academy (eGA)"}
    else:
        source = dict(KAGGLE)
    if edition is not None:
        source["as_of"] = str(edition)
    return source


def index_dataset(corpus: Path) -> Dataset:
    """One ``index_value`` record per country, index and edition in the corpus's index tables."""
    parser = IndexTableParser()
    chosen: dict[tuple[str, str, int | None], tuple[Record, dict[str, Any]]] = {}
    notes: list[str] = []
    tables: list[str] = []
    for path in sorted((corpus / "indices").glob("*.csv")):
        data = path.read_bytes()
        if not parser.detect(data, path.name):
            continue
        tables.append(path.name)
        parsed = parser.parse(data, str(path))
        compiled = len({r.attributes["index"] for r in parsed.records}) > 1
        unresolved = [r for r in parsed.records if r.country is None]
        if unresolved:
            notes.append(f"{path.name}: {len(unresolved)} values without a resolvable country left out")
        for record in parsed.records:
            if record.country is None:
                continue
            attributes = record.attributes
            key = (record.country, str(attributes["index"]), attributes["edition"])
            held = chosen.get(key)
            if held is None:
                chosen[key] = (record, _index_source(key[1], key[2], compiled))
            elif (held[0].attributes["value"], held[0].attributes["rank"]) != (attributes["value"], attributes["rank"]):
                notes.append(f"{path.name}: {record.country} {key[1].upper()} {key[2]} differs from an earlier "
                             f"table ({attributes['value']} vs {held[0].attributes['value']}); first kept")
    sources: dict[str, dict[str, Any]] = {}
    records = []
    for key in sorted(chosen, key=lambda k: (k[0], k[1], k[2] or 0)):
        record, source = chosen[key]
        sources.setdefault(source["id"], source)
        attributes = record.attributes
        name = INDICES[key[1]].name
        entry: dict[str, Any] = {
            "kind": "index_value", "country": key[0], "section": "Cybersecurity indices", "subsection": name,
            "title": f"{name} {key[2]}" if key[2] is not None else name,
        }  # no acronym: the resolver would join editions sharing one ("GCI") into a single entity
        entry["date"] = iso(record.date)
        entry["attributes"] = Flow(index=key[1], index_name=name, edition=key[2], value=attributes["value"],
                                   scale=attributes["scale"], rank=attributes["rank"])
        entry["source"] = source["id"]
        records.append(entry)
    editions = sorted({k[2] for k in chosen if k[2] is not None})
    header = [
        "Published cybersecurity index values (ITU GCI, eGA NCSI, CEI, DDL), one record per country, index and "
        "edition, read with PolicyAtlas's index-table parser from the shared corpus: indices/"
        + ", indices/".join(tables) + " (provenance in indices/SOURCES.md).",
        "Where two tables give the same value (GCI 2018 by name and by ISO code) one record is kept. The Kaggle "
        "table states no edition: its values are dated 2020, the year of its GCI column. CEI: lower is better.",
        "Licences: ITU and eGA publish these scores openly; the Kaggle compilation states no licence. Only the "
        "published values are kept, each citing its publisher and the publisher's own page.",
        *notes,
    ]
    return Dataset("indices.yaml", header, "Cybersecurity index values by country (PolicyAtlas curated dataset)",
                   str(editions[-1]) if editions else None, sorted(sources.values(), key=lambda s: s["id"]), records)


# --- first strategies ---------------------------------------------------------------------------------


def panel_date(date: str, year: str) -> str:
    """The panel's DATE at the precision it supports: ``YYYY0101`` is a year-only placeholder."""
    if re.fullmatch(r"\d{8}", date):
        if date.endswith("0101"):
            return date[:4]
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    if re.fullmatch(r"\d{4}", year):
        return year
    return "unknown"


def strategy_dataset(corpus: Path) -> Dataset:
    """A ``strategy`` record per panel country: its first strategy (status exists) or none by 2024 (absent)."""
    text = (corpus / PANEL_FILE).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    records: list[dict[str, Any]] = []
    quirks: list[str] = []
    unknown: list[str] = []
    for row in rows:
        code3 = row["Countries"].strip()
        country = get_country(code3)
        if country is None:
            unknown.append(code3)
            continue
        total = int(row["total_strategies"])
        entry: dict[str, Any] = {"kind": "strategy", "country": country.code, "section": "Cybersecurity Policy",
                                 "subsection": "Strategy Documents", "title": STRATEGY_TITLE, "title_en": STRATEGY_TITLE}
        if row["cyb_strategy"].strip() == "1":
            entry.update(date=panel_date(row["DATE"].strip(), row["Year"].strip()), status="exists")
            if total == 0:
                quirks.append(code3)
        else:
            entry.update(date=None, date_note="none adopted from 2000 to 2024 according to the panel", status="absent")
        entry["attributes"] = Flow(first_strategy=True, total_strategies=total)
        entry["source"] = KOSTYUK["id"]
        entry["extra"] = Flow(document_type="strategy", panel_code=code3)
        records.append(entry)
    records.sort(key=lambda r: r["country"])
    present = sum(r["status"] == "exists" for r in records)
    header = [
        f"First national cybersecurity strategies of the {len(rows)} countries of Kostyuk's panel (2000-2024), from "
        f"the shared corpus: {PANEL_FILE} (provenance in strategies/SOURCES.md). {present} countries have one, "
        f"{len(records) - present} had none by 2024 (status absent).",
        "A DATE ending in 0101 is a year-only placeholder, kept at year precision; other dates are kept to the day "
        "as the panel gives them.",
        "Rows with cyb_strategy 1 but total_strategies 0, kept as given: " + (", ".join(sorted(quirks)) or "none") + ".",
        "Licence: the data repository has no licence file; only facts (dates, counts) are kept, citing the study.",
        *([f"ISO codes not resolved, left out: {', '.join(unknown)}."] if unknown else []),
    ]
    return Dataset("first-strategies.yaml", header,
                   "First national cybersecurity strategies, 2000-2024 (PolicyAtlas curated dataset)",
                   "2024", [dict(KOSTYUK)], records)


# --- ITU Cyberwellness profiles -------------------------------------------------------------------------


def clean_title(title: str, kind: str) -> str:
    """A name without the debris of the text extraction: an unclosed parenthesis, a dangling "of the",
    and for response teams any explanation after the name ("CSIRT-Ponal (headquarters …)")."""
    title = " ".join(title.split())
    if title.count("(") > title.count(")"):
        title = title[: title.rfind("(")]
    if kind == "cert" and " (" in title:
        title = title.split(" (", 1)[0]
    words = title.rstrip(" ,;:").split(" ")
    while len(words) > 1 and words[-1].casefold() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:")


def _itu_entry(record: Record, source_id: str) -> dict[str, Any]:
    pillar = record.extra.get("pillar")
    entry: dict[str, Any] = {"kind": record.kind, "country": record.country, "section": pillar or record.section}
    if pillar:
        entry["subsection"] = record.section
    entry["title"] = clean_title(record.title, record.kind)
    if record.acronym:
        entry["acronym"] = record.acronym
    if record.dates:
        entry["date"] = iso(record.dates[0])
        if len(record.dates) > 1:
            entry["dates"] = [iso(d) for d in record.dates[1:]]
    if record.amended:
        entry["amended"] = [iso(d) for d in record.amended]
    if record.actors:
        entry["actors"] = [Flow(name=a.name, role=a.role) for a in record.actors]
    if record.status:
        entry["status"] = record.status
    entry["source"] = source_id
    if record.attributes:
        entry["attributes"] = Flow(sorted(record.attributes.items()))
    entry["extra"] = Flow((k, record.extra[k]) for k in ("itu_section", "document_type") if k in record.extra)
    return entry


def itu_datasets(corpus: Path) -> list[Dataset]:
    """One dataset per ITU Cyberwellness profile: its records as facts, citing the profile."""
    parser = ItuProfileParser()
    datasets = []
    for path in sorted((corpus / "itu-cyberwellness").glob("*.txt")):
        data = path.read_bytes()
        if not parser.detect(data, path.name):
            continue
        parsed = parser.parse(data, str(path))
        code = parsed.country or ""
        name = (parsed.title or code).removeprefix("ITU Cyberwellness Profile: ")
        source: dict[str, Any] = {"id": f"itu-cyberwellness-{code.lower()}",
                                  "title": parsed.title or f"ITU Cyberwellness Profile: {code}",
                                  "url": ITU_PROFILES_URL,
                                  "publisher": parsed.publisher or "International Telecommunication Union (ITU)"}
        as_of = iso(parsed.as_of)
        if as_of:
            source["as_of"] = as_of
        records: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        dropped = 0
        for record in parsed.records:
            if record.status is None and "no_information" in record.extra:
                dropped += 1  # the profile says it has no information: nothing to state
                continue
            entry = _itu_entry(record, source["id"])
            key = (entry["kind"], entry["section"], entry.get("subsection"), entry["title"], entry.get("date"))
            if key in seen:
                continue
            seen.add(key)
            records.append(entry)
        truncated = any("truncated" in w for w in parsed.warnings)
        header = [
            f"Facts from the ITU Cyberwellness profile of {name} ({code}), read with PolicyAtlas's itu-profile parser "
            f"from the shared corpus: itu-cyberwellness/{path.name} (provenance in itu-cyberwellness/SOURCES.md). "
            "Names, statuses and dates only (the profile is copyright ITU, under no open licence: its text is not "
            "copied, the ITU is cited); "
            "extraction debris is trimmed from titles.",
            *(["The corpus copy of this profile is an excerpt that stops early: later sections are missing."]
              if truncated else []),
            *([f"{dropped} item(s) for which the profile gives no information left out."] if dropped else []),
        ]
        # Its own id: the lineage atlas-dataset/itu/<cc> stays apart from the country's own curated file.
        for entry in records:
            entry.pop("country", None)
        datasets.append(Dataset(f"itu/{code}.yaml", header, f"ITU Cyberwellness profile facts: {name} (PolicyAtlas "
                                "curated dataset)", as_of, [source], records, f"itu/{code.lower()}", code))
    return datasets


# --- output ---------------------------------------------------------------------------------------------


CFR_FILE = "indices/cfr_cyber_operations_tracker_incidents.csv"
CFR = {"id": "cfr-cyber-operations-tracker",
       "title": "Council on Foreign Relations, Cyber Operations Tracker (state-sponsored operations, 2005-2022)",
       "url": "https://www.cfr.org/cyber-operations/", "publisher": "Council on Foreign Relations"}
_INCIDENT_ATTRIBUTES = ("incident_id", "dataset", "victim_countries", "victims", "sponsor", "type", "category", "year")


def incident_dataset(corpus: Path) -> Dataset:
    """One ``incident`` record per operation of the CFR tracker that names a victim country: its
    name, date, sponsor and victim states and type (facts only; the tracker's descriptions are
    not copied)."""
    from policyatlas.sources.incidents.cfr import CfrTrackerParser

    path = corpus / CFR_FILE
    parsed = CfrTrackerParser().parse(path.read_bytes(), str(path))
    records: list[dict[str, Any]] = []
    skipped = 0
    for record in parsed.records:
        if not record.country:
            skipped += 1  # the tracker names no victim country: nothing to attach it to
            continue
        entry: dict[str, Any] = {"kind": "incident", "country": record.country, "section": "Incidents",
                                 "title": record.title}
        if record.date is not None:
            entry["date"] = iso(record.date)
        entry["actors"] = [Flow(name=a.name, role=a.role) for a in record.actors]
        entry["attributes"] = Flow({k: record.attributes[k] for k in _INCIDENT_ATTRIBUTES
                                    if record.attributes.get(k) not in (None, [], "")})
        entry["source"] = CFR["id"]
        records.append(entry)
    records.sort(key=lambda r: (r["country"], str(r.get("date") or ""), r["title"]))
    header = [
        f"State-sponsored cyber operations from the CFR Cyber Operations Tracker (CC0), from the shared corpus: "
        f"{CFR_FILE} (provenance in indices/SOURCES.md), read with PolicyAtlas's cfr-tracker parser: "
        f"{len(records)} operations with a victim country; {skipped} naming none are left out.",
        "Names, dates, sponsor and victim states and types only; the tracker's descriptions are not copied.",
    ]
    return Dataset("incidents-cfr.yaml", header, "State-sponsored cyber operations, 2005-2022 (PolicyAtlas curated "
                   "dataset)", None, [dict(CFR)], records, "incidents-cfr")


#: What the corpus must hold for the script to run (each dataset reads one of these).
REQUIRED = (PANEL_FILE, "indices", "itu-cyberwellness", PARIS_FOLDER, CRI_FOLDER, AI_INDEX_FOLDER, DPA_FOLDER,
            GDB_FOLDER, CSIRTS_README)


def curate(corpus: Path) -> list[Dataset]:
    """Every dataset the corpus yields."""
    return [index_dataset(corpus), strategy_dataset(corpus), incident_dataset(corpus), *itu_datasets(corpus),
            paris_call_dataset(corpus), cri_dataset(corpus), ai_index_dataset(corpus), authorities_dataset(corpus),
            barometer_dataset(corpus), csirts_dataset(corpus)]


def write(datasets: Iterable[Dataset], out: Path) -> list[Path]:
    """Write the datasets under ``out``; generated files the corpus no longer yields are removed (files written
    by hand, such as ``MX.yaml``, are never touched)."""
    written = []
    for dataset in datasets:
        path = out / dataset.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dataset.render(), encoding="utf-8", newline="\n")
        written.append(path)
    for stale in sorted(out.rglob("*.yaml")):
        if stale not in written and stale.read_text(encoding="utf-8").startswith(GENERATED):
            stale.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: read the corpus, write the dataset files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the dataset folder to write (data/curated)")
    args = parser.parse_args(argv)
    missing = [name for name in REQUIRED if not (args.corpus / name).exists()]
    if missing:
        parser.error(f"{args.corpus} is not the shared corpus (missing: {', '.join(missing)})")
    write(curate(args.corpus), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
