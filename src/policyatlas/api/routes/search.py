"""Full-text search over records and documents, with facets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyatlas.api.deps import EngineDep, date_query, iso_date
from policyatlas.api.pagination import MAX_OFFSET, Paging, list_response
from policyatlas.schemas.search import SearchPage
from policyatlas.views.search import search

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchPage, summary="Search records and documents")
def read_search(
    request: Request, engine: EngineDep,
    q: Annotated[str, Query(min_length=1, max_length=500,
                            description='Words (all must match), "exact phrases", prefix*, a OR b, -excluded.')],
    country: Annotated[str | None, Query(description="ISO code or name.")] = None,
    kind: Annotated[str | None, Query(description="Record kind, or `document` for whole documents.")] = None,
    date_from: Annotated[str | None, date_query("Dated on or after", alias="from")] = None,
    date_to: Annotated[str | None, date_query("Dated on or before", alias="to")] = None,
    history: Annotated[bool, Query(description="Include superseded source versions.")] = False,
    limit: Annotated[int, Query(ge=1, le=1000, description="Hits per page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Hits to skip.")] = 0,
    format: Annotated[str | None, Query(  # noqa: A002 - the parameter's public name
        pattern="^(json|csv)$", description="`csv` for CSV (as `Accept: text/csv`); JSON by default.")] = None,
    scope: Annotated[str | None, Query(pattern="^(page|all)$", description="`all`: every hit, streamed.")] = None,
) -> Response:
    """Hits best first, each snippet marking matches as `<mark>…</mark>` (plain text, not HTML); the
    hits are `data` and `facets` count all matches by country, kind and year (the CLI's
    `search --json` gives the same hits as `results`)."""
    start, end = iso_date(date_from, "from"), iso_date(date_to, "to")
    return list_response(request, Paging(limit, offset), lambda size, skip: search(
        engine, q, country=country, kind=kind, date_from=start, date_to=end, history=history, limit=size,
        offset=skip), name="search")
