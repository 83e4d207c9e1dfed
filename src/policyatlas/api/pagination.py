"""Pages of lists: the ``{data, total, limit, offset}`` envelope and the ``Link`` header (next, prev, first, last)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Page(BaseModel):
    """A page of a list: the items, how many there are in all, and which slice this is."""

    data: list[dict[str, Any]] = Field(description="The items of this page, in a stable order.")
    total: int = Field(description="How many items the whole list has.")
    limit: int = Field(description="The most items a page holds (the `limit` asked for).")
    offset: int = Field(description="How many items come before this page.")


@dataclass(frozen=True)
class Paging:
    """Which slice of a list the client asked for."""

    limit: int
    offset: int


def get_paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Items to skip (the page's start).")] = 0,
) -> Paging:
    """The ``limit`` and ``offset`` query parameters."""
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(get_paging)]


def link_header(request: Request, total: int, paging: Paging) -> str:
    """An RFC 8288 ``Link`` header with the next, previous, first and last pages (absolute URLs)."""
    limit, offset = paging.limit, paging.offset

    def url(start: int) -> str:
        return str(request.url.include_query_params(limit=limit, offset=start))

    links = []
    if offset + limit < total:
        links.append(f'<{url(offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{url(max(0, min(offset - limit, total - limit)))}>; rel="prev"')
    links.append(f'<{url(0)}>; rel="first"')
    links.append(f'<{url(max(0, (total - 1) // limit * limit))}>; rel="last"')
    return ", ".join(links)


def page_response(request: Request, items: Sequence[Any], paging: Paging, *, total: int | None = None,
                  **extra: Any) -> JSONResponse:
    """A page of ``items`` in the envelope with its ``Link`` header.

    Args:
        items: the whole list (sliced here), or only this page's items when ``total`` is given.
        total: the size of the whole list when ``items`` is already the page.
        extra: more members for the envelope (a search's ``query`` and ``facets``).
    """
    if total is None:
        total, page = len(items), list(items[paging.offset:paging.offset + paging.limit])
    else:
        page = list(items)
    body = {"data": page, "total": total, "limit": paging.limit, "offset": paging.offset, **extra}
    return JSONResponse(body, headers={"X-Total-Count": str(total), "Link": link_header(request, total, paging)})
