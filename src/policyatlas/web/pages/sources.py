"""Sources: the ingested documents, each shown whole with the lines every record came from highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.sources import list_sources
from policyatlas.web.paging import PAGE_SIZE, offset_of, page_links
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import get_source_page

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, portal: PortalDep, page: int = 1) -> HTMLResponse:
    """Every ingested document, newest first, a page at a time."""
    found = list_sources(portal.engine, limit=PAGE_SIZE, offset=offset_of(page), newest_first=True)
    return portal.render(request, "sources.html", {"sources": [s.to_json() for s in found.data],
                                                   "pages": page_links(request, page, found.total)})


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, portal: PortalDep, source_id: str) -> HTMLResponse:
    """One document: metadata, its records, and its text with numbered, anchored lines (``#L12``)."""
    return portal.render(request, "source.html", get_source_page(portal.engine, source_id))
