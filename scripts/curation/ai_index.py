"""The AI Index 2025's country tables (policy chapter): values as published, with attribution (CC BY-ND 4.0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curation.common import Dataset, Flow, iso
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import Record
from policyatlas.sources.ai_index import AiIndexTableParser
from policyatlas.sources.base import ParseOptions

FOLDER = "ai-policy/ai-index-2025-policy-and-governance"
EDITION = 2025
REPORT_URL = "https://hai.stanford.edu/ai-index/2025-ai-index-report"
PUBLISHER = "Stanford Institute for Human-Centered Artificial Intelligence (HAI)"
LICENSE = "CC-BY-ND-4.0"
#: Figures left out, and why (their values stay in the AI Index's own files).
LEFT_OUT = {
    "6.2.4": "the top 15 of figure 6.2.1, whose values it repeats",
    "6.2.17": "bills and AI mentions for 25 countries whose selection and period the data file does not state; its "
              "bill counts differ from figure 6.2.1's (United States 24 against 27), so showing both without a period "
              "would mislead",
}


def _entry(record: Record, source_id: str) -> dict[str, Any]:
    attributes = record.attributes
    entry: dict[str, Any] = {"kind": "index_value", "country": record.country, "section": "AI Index",
                             "subsection": attributes["index_name"], "title": record.title}
    if record.date is not None:
        entry["date"] = iso(record.date)
    entry["source"] = source_id
    entry["attributes"] = Flow(index=attributes["index"], index_name=attributes["index_name"], edition=EDITION,
                               metric=attributes["metric"], period=attributes["period"], value=attributes["value"],
                               published=attributes["published"], unit=attributes["unit"], scale=attributes["scale"],
                               rank=None, figure=attributes["figure"])
    return entry


def ai_index_dataset(corpus: Path) -> Dataset:
    """One ``index_value`` per country and figure value of the AI Index 2025's policy chapter."""
    parser = AiIndexTableParser()
    options = ParseOptions(published=FuzzyDate(str(EDITION), "year"))
    records: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    notes: list[str] = []
    figure_values: dict[str, dict[str, Any]] = {}
    for path in sorted((corpus / FOLDER).glob("*.csv"), key=lambda p: [int(x) for x in p.stem.split("_")[-1].split(".")
                                                                       if x.isdigit()]):
        data = path.read_bytes()
        if not parser.detect(data, path.name):
            notes.append(f"{path.name}: not an AI Index table, skipped")
            continue
        parsed = parser.parse(data, str(path), options)
        figure = str(parsed.records[0].attributes["figure"]) if parsed.records else path.stem
        figure_values[figure] = {r.country: r.attributes["value"] for r in parsed.records}
        for warning in parsed.warnings:
            notes.append(f"{path.name}: {warning}")
        if not parsed.records or figure in LEFT_OUT:
            continue
        header = parsed.records[0].attributes["index_name"]
        source = {"id": f"ai-index-2025-fig-{figure}", "title": f"AI Index Report 2025, figure {figure}: {header}",
                  "url": REPORT_URL, "publisher": PUBLISHER, "as_of": str(EDITION)}
        sources.append(source)
        records.extend(_entry(record, source["id"]) for record in parsed.records)
    for figure, why in LEFT_OUT.items():
        if figure in figure_values:
            notes.append(f"Figure {figure} is left out: {why}.")
    if figure_values.get("6.2.4") and figure_values.get("6.2.1"):
        differ = sorted(c for c, v in figure_values["6.2.4"].items() if figure_values["6.2.1"].get(c) != v)
        notes.append("Figure 6.2.4 agrees with figure 6.2.1 for every country it lists." if not differ else
                     f"Figure 6.2.4 differs from figure 6.2.1 for {', '.join(str(c) for c in differ)}.")
    records.sort(key=lambda r: (r["country"], r["attributes"]["index"]))
    header_lines = [
        f"Country values of the AI Index Report 2025 (Stanford HAI), chapter 6 Policy and Governance, from the shared "
        f"corpus: {FOLDER}/ (the report's public data files, copied unchanged; provenance in ai-policy/SOURCES.md), "
        "read with PolicyAtlas's ai-index-table parser.",
        "Licence: the AI Index's data are CC BY-ND 4.0. Every value here is the AI Index's, as published (the "
        "'published' attribute is the figure's own text), redistributed unchanged with attribution; no value is "
        "altered, rounded or combined into a new number, and the period of a value is stated only where the figure "
        "states it. This file is under the same licence.",
        "Figure numbers are those of the report's data files; places that are not countries are left out.",
        *notes,
    ]
    return Dataset("ai-index-2025.yaml", header_lines, "AI Index Report 2025: AI policy and governance values by "
                   "country (values as published by Stanford HAI)", str(EDITION), sources, records, "ai-index-2025",
                   license=LICENSE)
