"""Search results as the CLI's ``--json`` and the API give them (matches marked ``<mark>…</mark>``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.schemas.search import SearchHitOut, SearchPage
from policyatlas.store import search as store_search
from policyatlas.store.db import session_scope
from policyatlas.store.search import MARK_END as MARK_END
from policyatlas.store.search import MARK_START as MARK_START
from policyatlas.store.search import SearchHit
from policyatlas.views.countries import normalise_country


def hit_fields(hit: SearchHit) -> dict[str, Any]:
    """One hit: what matched (a record, or a whole document when ``record`` is null), where, and why."""
    source, record = hit.source, hit.record
    if record is not None:
        data = record.data or {}
        date = data.get("date")
        provenance = {"source": source.id, "file": source.file, "format": source.format,
                      "line_start": record.line_start, "line_end": record.line_end,
                      "page_start": data.get("page_start"), "page_end": data.get("page_end")}
    else:
        date = {"value": source.as_of, "precision": source.as_of_precision, "end": None} if source.as_of else None
        provenance = {"source": source.id, "file": source.file, "format": source.format,
                      "line_start": 1, "line_end": max(1, source.line_count),
                      "page_start": None, "page_end": None}
    return {
        "record": record.id if record else None,
        "source": source.id,
        "kind": hit.kind,
        "country": hit.country,
        "title": hit.title,
        "snippet": hit.snippet,
        "score": hit.score,
        "others": hit.others,
        "date": date,
        "current": source.is_current,
        "provenance": provenance,
    }


def search(engine: Engine, query: str, *, country: str | None = None, kind: str | None = None,
           date_from: str | None = None, date_to: str | None = None, history: bool = False,
           limit: int = 20, offset: int = 0) -> SearchPage:
    """Search every record and document; one page of hits with facets over all matches.

    Args:
        query: words (all must match), ``"exact phrases"``, ``prefix*``, ``a OR b``, ``-excluded``.
        country: an ISO code or name; unknown countries raise ``NotFoundError``.
        kind: a record kind (``law``, ``cert``…) or ``document`` for whole documents.
        date_from, date_to: YYYY, YYYY-MM or YYYY-MM-DD bounds on the record's (document's) date.
        history: include superseded source versions too.
        limit, offset: which page of hits.

    Each snippet is safe HTML: the text escaped, every match between ``<mark>`` and ``</mark>``.
    """
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        found = store_search.search(session, query, country=code, kind=kind, date_from=date_from,
                                    date_to=date_to, history=history, limit=limit, offset=offset)
        hits = [SearchHitOut.model_validate(hit_fields(hit)) for hit in found.hits]
    return SearchPage(data=hits, total=found.total, limit=limit, offset=offset, query=found.query,
                      facets=found.facets)
