"""Pages of lists: the ``{data, total, limit, offset}`` envelope (``schemas.common.Page``) and the ``Link``
header (next, prev, first, last). Lists are paged by the views (in SQL); the page is serialised once, by
pydantic, straight to JSON bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from policyatlas.schemas.common import Page

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
T = TypeVar("T")
#: The largest offset a client may ask for (a larger one is a 422, never a database overflow).
MAX_OFFSET = 1_000_000_000
#: The largest numeric id a path may name (ids are 32-bit on every backend).
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Paging:
    """Which slice of a list the client asked for."""

    limit: int
    offset: int


def get_paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (the page's start).")] = 0,
) -> Paging:
    """The ``limit`` and ``offset`` query parameters."""
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(get_paging)]


def link_header(request: Request, total: int, paging: Paging) -> str:
    """An RFC 8288 ``Link`` header with the next, previous, first and last pages.

    The links start with the configured ``public_url`` when there is one, else they are paths on
    this host: never the request's ``Host`` header, which any client can write.
    """
    limit, offset = paging.limit, paging.offset
    context = getattr(request.app.state, "policyatlas_api", None)
    base = (getattr(context, "public_url", None) or "").rstrip("/")

    def url(start: int) -> str:
        target = request.url.include_query_params(limit=limit, offset=start)
        return f"{base}{target.path}?{target.query}"

    links = []
    if offset + limit < total:
        links.append(f'<{url(offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{url(max(0, min(offset - limit, total - limit)))}>; rel="prev"')
    links.append(f'<{url(0)}>; rel="first"')
    links.append(f'<{url(max(0, (total - 1) // limit * limit))}>; rel="last"')
    return ", ".join(links)


def json_response(model: BaseModel, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A model as a JSON response, serialised once by pydantic (the route declares the model for OpenAPI)."""
    return Response(model.model_dump_json(by_alias=True), status_code=status_code, media_type="application/json",
                    headers=headers)


def page_response(request: Request, page: Page[Any], paging: Paging) -> Response:
    """A page in the envelope with its ``Link`` and ``X-Total-Count`` headers."""
    page.limit, page.offset = paging.limit, paging.offset
    return json_response(page, headers={"X-Total-Count": str(page.total),
                                        "Link": link_header(request, page.total, paging)})


def page_of(items: Sequence[T], paging: Paging) -> Page[T]:
    """A page of a list that cannot be paged by the database (events derived from records' dates; the
    built-in frameworks, which are files)."""
    return Page[T](data=list(items[paging.offset:paging.offset + paging.limit]), total=len(items),
                   limit=paging.limit, offset=paging.offset)
