"""Search: every record and document, with facets that filter and highlighted snippets."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from policyatlas.api.pagination import MAX_OFFSET
from policyatlas.errors import PolicyAtlasError
from policyatlas.views.search import search
from policyatlas.web import downloads
from policyatlas.web.downloads import Column, field
from policyatlas.web.formatting import format_date
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)
PAGE = 20
MAX_PAGE = MAX_OFFSET // PAGE
FILTERS = ("country", "kind", "year")


def _href(params: dict[str, str], **changes: str | None) -> str:
    merged = {**params, **changes}
    return "/search?" + urlencode({k: v for k, v in merged.items() if v})


def facet_links(facets: dict[str, dict[str, int]], params: dict[str, str]) -> list[dict[str, Any]]:
    """Each facet's values as links that add (or, when chosen, remove) the filter."""
    groups = []
    for name in FILTERS:
        values = []
        for value, count in sorted(facets.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0])):
            chosen = params.get(name) == value
            values.append({"value": value, "count": count, "chosen": chosen,
                           "href": None if value == "unknown" else _href(params, **{name: None if chosen else value})})
        if values:
            groups.append({"name": name, "values": values})
    return groups


def result_columns(t: Translator) -> list[Column]:
    """The columns of a search result as the results list shows it (the snippet as plain text)."""
    def where(r: dict[str, Any]) -> str:
        p = r.get("provenance") or {}
        return f"{p.get('file')}, {t('line {n}', n=p.get('line_start'))}"

    return [field("title", "Title"), Column("kind", "Kind", lambda r: t.label(r.get("kind"))),
            Column("country", "Country", lambda r: country_name(r.get("country"), t.lang)),
            Column("date", "Date", lambda r: format_date(r.get("date"), t.lang) if r.get("date") else ""),
            Column("source", "Source", where),
            Column("snippet", "Snippet", lambda r: str(r.get("snippet") or "").replace("<mark>", "")
                   .replace("</mark>", "")),
            Column("link", "Link", lambda r: f"/records/{r['record']}" if r.get("record")
                   else f"/sources/{(r.get('provenance') or {}).get('source')}")]


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, portal: PortalDep, q: str = "", country: str = "", kind: str = "",
                year: str = "", page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> Response:
    """Results for ``q`` (with filters), best first, 20 a page (``format=csv|json`` downloads them)."""
    params = {"q": q.strip(), "country": country, "kind": kind, "year": year if year.isdigit() else ""}
    page = max(1, page)

    def fetch(limit: int, offset: int) -> list[dict[str, Any]]:
        found = search(portal.engine, params["q"], country=country or None, kind=kind or None,
                       date_from=params["year"] or None, date_to=params["year"] or None, limit=limit, offset=offset)
        return [hit.to_json() for hit in found.data]

    if params["q"] and downloads.requested(request):
        t = portal.translator(request)
        items = downloads.rows(fetch, request, limit=PAGE, offset=(page - 1) * PAGE)
        return downloads.download(request, "search", result_columns(t), items, t)
    found: dict[str, Any] | None = None
    error = None
    if params["q"]:
        try:
            hits = search(portal.engine, params["q"], country=country or None, kind=kind or None,
                          date_from=params["year"] or None, date_to=params["year"] or None,
                          limit=PAGE, offset=(page - 1) * PAGE).to_json()
            found = {"query": hits["query"], "total": hits["total"], "facets": hits["facets"], "results": hits["data"]}
        except PolicyAtlasError as exc:
            error = exc.message
    pages = {}
    if found:
        if page > 1:
            pages["previous"] = _href(params, page=str(page - 1))
        if page * PAGE < found["total"]:
            pages["next"] = _href(params, page=str(page + 1))
    chosen = [{"name": name, "value": params[name], "href": _href(params, **{name: None})}
              for name in FILTERS if params[name]]
    return portal.render(request, "search.html", {
        "params": params, "found": found, "error": error, "page": page, "pages": pages, "chosen": chosen,
        "facets": facet_links(found["facets"], params) if found else [],
        "dl": downloads.links(request, paged=True) if found and found["total"] else None,
    })
