"""Sources: the ingested documents, each shown whole with the lines every record came from highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.sources import list_sources
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import get_source_page

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, portal: PortalDep) -> HTMLResponse:
    """Every ingested document, newest first."""
    sources = sorted(list_sources(portal.engine), key=lambda s: s["ingested_at"], reverse=True)
    return portal.render(request, "sources.html", {"sources": sources})


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, portal: PortalDep, source_id: str) -> HTMLResponse:
    """One document: metadata, its records, and its text with numbered, anchored lines (``#L12``)."""
    return portal.render(request, "source.html", get_source_page(portal.engine, source_id))
