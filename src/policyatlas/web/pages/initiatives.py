"""Legislative initiatives (stages, sponsors, positions taken on them) and events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyatlas.errors import NotFoundError
from policyatlas.text.titles import fold
from policyatlas.views.initiatives import list_events, list_initiatives
from policyatlas.views.records import list_records
from policyatlas.web import downloads
from policyatlas.web.downloads import Column, field
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.paging import PAGE_SIZE, offset_of, page_links
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)


def positions(initiative: dict[str, Any], statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements that name the initiative (by its title, English title or an alias; accents ignored)."""
    names = {fold(n) for n in (initiative["title"], initiative.get("title_en"), *initiative.get("aliases", [])) if n}
    found = []
    for statement in statements:
        text = fold(" ".join(str(statement.get(k) or "") for k in ("title", "description")))
        if any(name and name in text for name in names):
            found.append(statement)
    return found


def initiative_columns(t: Translator) -> list[Column]:
    """The columns of the initiatives table, as it shows them."""
    return [field("title", "Initiative"), Column("country", "Country", lambda i: country_name(i.get("country"), t.lang)),
            Column("status", "Status", lambda i: t.label(i["status"]) if i.get("status") else ""),
            field("proposers", "Sponsors"), Column("stages", "Stages", lambda i: len(i.get("stages") or [])),
            field("entity", "Identifier")]


@router.get("/initiatives", response_class=HTMLResponse)
def initiatives_page(request: Request, portal: PortalDep, page: int = 1) -> Response:
    """Initiatives a page at a time, and the events (the first page of them); ``format=csv|json`` downloads
    the initiatives."""
    def fetch(limit: int, offset: int) -> list[dict[str, Any]]:
        return [i.to_json() for i in list_initiatives(portal.engine, limit=limit, offset=offset)]

    if downloads.requested(request):
        t = portal.translator(request)
        items = downloads.rows(fetch, request, limit=PAGE_SIZE, offset=offset_of(page))
        return downloads.download(request, "initiatives", initiative_columns(t), items, t)
    found = list_initiatives(portal.engine, limit=PAGE_SIZE, offset=offset_of(page))
    events = list_events(portal.engine, limit=PAGE_SIZE)
    return portal.render(request, "initiatives.html", {"initiatives": [i.to_json() for i in found.data],
                                                       "events": [e.to_json() for e in events.data],
                                                       "pages": page_links(request, page, found.total),
                                                       "dl": downloads.links(request, paged=True)})


@router.get("/initiatives/{entity_id:path}", response_class=HTMLResponse)
def initiative_page(request: Request, portal: PortalDep, entity_id: str) -> HTMLResponse:
    """One initiative: its stages in order, sponsors, chamber and committees, and positions on it."""
    found = list_initiatives(portal.engine, entity=entity_id).data
    if not found:
        raise NotFoundError(f"no initiative {entity_id!r}")
    initiative = found[0].to_json()
    statements = [r.to_json() for r in list_records(portal.engine, country=initiative["country"],
                                                    kind="statement").data]
    return portal.render(request, "initiative.html", {"initiative": initiative,
                                                      "positions": positions(initiative, statements)})
