"""Sources: the documents ingested, with their metadata and record counts."""

from __future__ import annotations

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.schemas.common import Page
from policyatlas.schemas.pages import SourcePage
from policyatlas.schemas.sources import LineOut, SourceDetailOut, SourceOut, SpanOut
from policyatlas.store import record_queries, source_queries
from policyatlas.store.db import session_scope
from policyatlas.store.rows import SourceMeta
from policyatlas.views.countries import normalise_country


def source_fields(row: SourceMeta) -> dict[str, object]:
    """One source's fields as the CLI's ``--json`` and the API give them."""
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
        "known_date": row.known_date or None,
        "date_basis": "published" if row.as_of else "ingested",
    }


def source_out(row: SourceMeta) -> SourceOut:
    """One source in the public shape."""
    return SourceOut.model_validate(source_fields(row))


def list_sources(engine: Engine, *, country: str | None = None, limit: int | None = None, offset: int = 0,
                 newest_first: bool = False) -> Page[SourceOut]:
    """Ingested sources, oldest ingest first (or newest first), one page of them when ``limit`` is given."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        rows = source_queries.list_sources(session, country=code, limit=limit, offset=offset, newest_first=newest_first)
        total = len(rows) if limit is None and not offset else source_queries.count_sources(session, country=code)
    return Page[SourceOut](data=[source_out(r) for r in rows], total=total, limit=limit or max(total, 1),
                           offset=offset)


def get_source(engine: Engine, source_id: str, *, with_text: bool = False, with_spans: bool = False
               ) -> SourceDetailOut:
    """One source by id (or SHA-256 prefix), optionally with its full text (the only read of a
    document's text) and, in ``spans``, the line (and page) span of each of its records in that text."""
    with session_scope(engine) as session:
        row = source_queries.get_source(session, source_id)
        if row is None:
            raise NotFoundError(f"no source {source_id!r}")
        result = SourceDetailOut.model_validate(source_fields(row))
        if with_text:
            result.text = source_queries.source_text(session, row.id)
        if with_spans:
            records = record_queries.records_of_sources(session, [row.id])
            result.spans = [SpanOut(id=r.id, kind=r.kind, title=r.title, line_start=r.line_start,
                                    line_end=r.line_end, page_start=r.data.get("page_start"),
                                    page_end=r.data.get("page_end")) for r in records]
        return result


def source_page(engine: Engine, source_id: str) -> SourcePage:
    """A source with its text as numbered lines, each line knowing the records drawn from it, and those
    records as corrected (the source view: the one read of a document's whole text).

    Raises:
        NotFoundError: no such source.
    """
    from policyatlas.views.records import records_out

    with session_scope(engine) as session:
        row = source_queries.get_source(session, source_id)
        if row is None:
            raise NotFoundError(f"no source {source_id!r}")
        text = source_queries.source_text(session, row.id)
        records = records_out(session, record_queries.with_sources(session, record_queries.records_of_sources(
            session, [row.id])))
    lines = text.splitlines() or [""]
    cover: dict[int, list[str]] = {}
    for record in records:
        start = record.provenance.line_start or 0
        end = record.provenance.line_end or start
        for number in range(max(1, start), min(len(lines), end) + 1):
            cover.setdefault(number, []).append(record.id)
    return SourcePage(source=source_out(row), records=records,
                      lines=[LineOut(number=i, text=line, records=cover.get(i, [])) for i, line in enumerate(lines, 1)])


def totals(engine: Engine) -> tuple[int, int]:
    """How many sources the atlas holds, and how many records they gave (counted by the database)."""
    with session_scope(engine) as session:
        return source_queries.count_sources(session), source_queries.record_total(session)
