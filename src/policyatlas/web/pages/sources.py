"""Sources: the ingested documents, each shown whole with the lines every record came from highlighted."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyatlas.views.sources import list_sources
from policyatlas.web import downloads
from policyatlas.web.downloads import Column, field
from policyatlas.web.formatting import format_date
from policyatlas.web.i18n import country_name
from policyatlas.web.paging import PAGE_SIZE, offset_of, page_links
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import get_source_page

router = APIRouter(include_in_schema=False)


def source_columns(lang: str) -> list[Column]:
    """The columns of the sources table, as it shows them."""
    return [Column("title", "Document", lambda s: s.get("title") or s.get("file")), field("file", "File"),
            field("format", "Format"), Column("country", "Country", lambda s: country_name(s.get("country"), lang)),
            Column("date", "Date", lambda s: format_date(s.get("date"), lang) if s.get("date") else ""),
            field("records", "Records"), field("id", "Identifier")]


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, portal: PortalDep, page: int = 1) -> Response:
    """Every ingested document, newest first, a page at a time (``format=csv|json`` downloads it)."""
    def fetch(limit: int, offset: int) -> list[dict[str, Any]]:
        return [s.to_json() for s in list_sources(portal.engine, limit=limit, offset=offset, newest_first=True)]

    if downloads.requested(request):
        t = portal.translator(request)
        items = downloads.rows(fetch, request, limit=PAGE_SIZE, offset=offset_of(page))
        return downloads.download(request, "sources", source_columns(t.lang), items, t)
    found = list_sources(portal.engine, limit=PAGE_SIZE, offset=offset_of(page), newest_first=True)
    return portal.render(request, "sources.html", {"sources": [s.to_json() for s in found.data],
                                                   "pages": page_links(request, page, found.total),
                                                   "dl": downloads.links(request, paged=True)})


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, portal: PortalDep, source_id: str) -> HTMLResponse:
    """One document: metadata, its records, and its text with numbered, anchored lines (``#L12``)."""
    return portal.render(request, "source.html", get_source_page(portal.engine, source_id))
