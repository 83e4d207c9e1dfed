"""Sources: the documents ingested, with their metadata and record counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.store import repository
from policyatlas.store.db import session_scope
from policyatlas.store.schema import SourceRow
from policyatlas.views.countries import normalise_country


def source_json(row: SourceRow) -> dict[str, Any]:
    """One source as the CLI's ``--json`` and the API give it."""
    return {
        "id": row.id,
        "sha256": row.sha256,
        "format": row.format,
        "media_type": row.media_type,
        "file": row.file,
        "path": row.path,
        "country": row.country,
        "language": row.language,
        "title": row.title,
        "publisher": row.publisher,
        "url": row.url,
        "date": {"value": row.as_of, "precision": row.as_of_precision, "end": None} if row.as_of else None,
        "records": row.record_count,
        "lineage": row.lineage,
        "current": row.is_current,
        "size": row.size,
        "warnings": row.warnings,
        "ingested_at": row.ingested_at.isoformat(),
    }


def list_sources(engine: Engine, *, country: str | None = None) -> list[dict[str, Any]]:
    """Every ingested source, oldest ingest first."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        return [source_json(row) for row in repository.list_sources(session, country=code)]


def get_source(engine: Engine, source_id: str, *, with_text: bool = False, with_spans: bool = False
               ) -> dict[str, Any]:
    """One source by id (or SHA-256 prefix), optionally with its full text and, in ``spans``,
    the line (and page) span of each of its records in that text."""
    with session_scope(engine) as session:
        row = repository.get_source(session, source_id)
        if row is None:
            raise NotFoundError(f"no source {source_id!r}")
        result = source_json(row)
        if with_text:
            result["text"] = row.text
        if with_spans:
            records = repository.list_records(session, source_id=row.id, current_only=False)
            result["spans"] = [{"id": r.id, "kind": r.kind, "title": r.title, "line_start": r.line_start,
                                "line_end": r.line_end, "page_start": r.data.get("page_start"),
                                "page_end": r.data.get("page_end")} for r, _ in records]
        return result
