"""The atlas as a Frictionless tabular data package: a CSV file per table and ``datapackage.json``.

Rows are streamed from one consistent snapshot of the database and written as they come; every
table is sorted by its key and every value has one spelling, so the same atlas always gives the
same bytes (and ``policyatlas ingest`` of the package gives the same atlas back).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from policyatlas.export import derived
from policyatlas.export.files import ExportReport, FileReport, staged_folder
from policyatlas.store import package_rows as rows
from policyatlas.store.db import read_snapshot
from policyatlas.store.package_schema import PACKAGE_VERSION, PROFILE, Table, to_cell, utc
from policyatlas.store.package_tables import TABLES

DESCRIPTOR = "datapackage.json"
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
DESCRIPTION = (
    "PolicyAtlas: national cybersecurity and AI policy as structured, versioned, source-linked facts. Every record "
    "names the source and the lines it came from; older versions of sources and their records stay as history; "
    "editors' corrections are revisions. The core tables restore the atlas with `policyatlas ingest`; the derived "
    "ones (countries, initiatives, initiative_stages, statements, incidents, index_values) show what the atlas shows "
    "now. The curation is under CC BY 4.0; the source documents and the facts they cite keep their own terms (see "
    "sources and each record's extra.cited_source)."
)

Rows = Callable[[Connection], Iterable[dict[str, Any]]]

#: Where each table's rows come from.
ROWS: dict[str, Rows] = {
    "countries": derived.countries, "sources": rows.source_rows, "source_texts": rows.source_text_rows,
    "entities": rows.entity_rows, "entity_aliases": rows.entity_alias_rows, "entity_names": rows.entity_name_rows,
    "records": rows.record_rows, "record_entities": rows.record_entity_rows, "revisions": rows.revision_rows,
    "entity_reviews": rows.review_rows, "frameworks": rows.framework_rows, "assessments": rows.assessment_rows,
    "initiatives": derived.initiatives, "initiative_stages": derived.initiative_stages,
    "statements": derived.statements, "incidents": derived.incidents, "index_values": derived.index_values,
}


def file_names() -> set[str]:
    """Every file a data package export writes."""
    return {DESCRIPTOR, *(t.path for t in TABLES)}


def write_csv(path: Path, table: Table, items: Iterable[dict[str, Any]]) -> int:
    """Write ``table``'s rows to ``path`` as they come (UTF-8, a header, ``\\n`` line ends); returns the rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.column_names)
        for item in items:
            writer.writerow([to_cell(column, item.get(column.name)) for column in table.columns])
            count += 1
    return count


class _CitedSources:
    """Collects the publications the records cite while they stream past (for the descriptor)."""

    def __init__(self) -> None:
        self.found: set[tuple[str, str]] = set()

    def watch(self, items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            cited = (item.get("extra") or {}).get("cited_source")
            if isinstance(cited, dict) and isinstance(cited.get("title"), str):
                self.found.add((cited["title"], str(cited.get("url") or "")))
            if item.get("url") and "sha256" in item:  # a source document published at an address
                self.found.add((str(item.get("title") or item.get("file")), str(item["url"])))
            yield item

    def descriptor(self) -> list[dict[str, str]]:
        return [{"title": title, "path": url} if url else {"title": title} for title, url in sorted(self.found)]


def export_datapackage(engine: Engine, folder: Path) -> ExportReport:
    """Write the atlas as a data package into ``folder`` (new, empty, or an earlier package).

    Raises:
        ConfigError: ``folder`` cannot be written or holds other files.
    """
    report = ExportReport("datapackage", str(folder))
    cited = _CitedSources()
    with staged_folder(folder, file_names()) as stage, read_snapshot(engine) as connection:
        for table in TABLES:
            items: Iterable[dict[str, Any]] = ROWS[table.name](connection)
            if table.name in ("records", "sources"):
                items = cited.watch(items)
            count = write_csv(stage / table.path, table, items)
            report.files.append(FileReport(table.path, count, (stage / table.path).stat().st_size))
        moments = [utc(m) for m in rows.data_moment(connection)]
        descriptor = package_descriptor(created=max(moments) if moments else None, sources=cited.descriptor())
        text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        (stage / DESCRIPTOR).write_text(text, encoding="utf-8")
        report.files.insert(0, FileReport(DESCRIPTOR, len(TABLES), len(text.encode())))
    return report


def package_descriptor(*, created: Any = None, sources: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """``datapackage.json``: the package, its licence and sources, and every table's schema."""
    descriptor: dict[str, Any] = {
        "profile": PROFILE, "name": "policyatlas", "title": "PolicyAtlas: national cybersecurity and AI policy",
        "description": DESCRIPTION, "licenses": [LICENSE],
    }
    if created is not None:
        descriptor["created"] = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    descriptor["sources"] = sources or []
    descriptor["policyatlas"] = {"package_version": PACKAGE_VERSION,
                                 "core": [t.name for t in TABLES if not t.derived],
                                 "derived": [t.name for t in TABLES if t.derived]}
    descriptor["resources"] = [table.descriptor() for table in TABLES]
    return descriptor
