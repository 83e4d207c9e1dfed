"""Pages of lists: the ``{data, total, limit, offset}`` envelope (``schemas.common.Page``) and the ``Link``
header (next, prev, first, last). Lists are paged by the views (in SQL); the page is serialised once, by
pydantic, straight to JSON bytes.

Every list also comes as CSV (``?format=csv`` or ``Accept: text/csv``): the page asked for (``limit``,
``offset``), or with ``scope=all`` every item of the filtered list, read from the database ``BATCH`` at a
time and streamed; ``?format=json&scope=all`` streams every item as one JSON array."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from policyatlas.errors import ConfigError
from policyatlas.export.tables import BATCH, all_pages, csv_lines, flat_row, json_array
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
    format: Annotated[str | None, Query(  # noqa: A002 - the parameter's public name
        pattern="^(json|csv)$", description="`csv` for CSV (as `Accept: text/csv`); JSON by default.")] = None,
    scope: Annotated[str | None, Query(
        pattern="^(page|all)$", description="`all`: every item of the filtered list (CSV, or a JSON array), "
                                            "streamed; `page` (default): the page `limit`/`offset` asks for.")] = None,
) -> Paging:
    """The ``limit`` and ``offset`` query parameters (``format`` and ``scope`` are read by ``list_response``)."""
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


Fetch = Callable[[int, int], Page[Any]]


def wanted_format(request: Request) -> str:
    """``csv`` when the client asks for CSV (``format=csv``, or ``Accept: text/csv`` without ``format``), else
    ``json``."""
    fmt = request.query_params.get("format")
    if fmt is None:
        accept = request.headers.get("accept", "")
        return "csv" if "text/csv" in accept and "application/json" not in accept else "json"
    if fmt not in ("csv", "json"):
        raise ConfigError(f"format {fmt!r} is not offered (use csv or json)")
    return fmt


def _csv_rows(items: Iterator[Any]) -> Iterator[str]:
    """Items as CSV, one column per field (a nested object's fields as ``name.field``; lists joined by "; "): the
    columns are those of the first batch of items, in order of appearance."""
    head: list[dict[str, Any]] = []
    for item in items:
        head.append(flat_row(item))
        if len(head) >= 500:
            break
    columns = list(dict.fromkeys(key for row in head for key in row))

    def rows() -> Iterator[list[Any]]:
        for row in head:
            yield [row.get(c) for c in columns]
        for item in items:
            row = flat_row(item)
            yield [row.get(c) for c in columns]

    return csv_lines(columns, rows())


def csv_response(items: Sequence[Any], *, name: str) -> Response:
    """A list that is not paged (a country's changes) as CSV, one row per item."""
    return StreamingResponse((chunk.encode("utf-8") for chunk in _csv_rows(iter(items))),
                             media_type="text/csv; charset=utf-8",
                             headers={"Vary": "Accept", "Content-Disposition": f'attachment; filename="{name}.csv"'})


def list_response(request: Request, paging: Paging, fetch: Fetch, *, name: str = "list") -> Response:
    """A list endpoint's answer: the page in the JSON envelope (the default), or as CSV, or the whole filtered
    list (``scope=all``) streamed as CSV or a JSON array; ``fetch(limit, offset)`` reads one page in SQL."""
    fmt = wanted_format(request)
    whole = request.query_params.get("scope") == "all"
    if fmt == "json" and not whole:
        return page_response(request, fetch(paging.limit, paging.offset), paging)
    if whole:  # the first batch is read before the answer starts: a filter the view refuses is a clear error
        first = fetch(BATCH, 0)
        rest = all_pages(lambda limit, offset: fetch(limit, offset).data, start=BATCH) \
            if len(first.data) >= BATCH else iter(())
        items: Iterator[Any] = chain(first.data, rest)
        headers = {"Vary": "Accept", "X-Total-Count": str(first.total)}
    else:
        page = fetch(paging.limit, paging.offset)
        items = iter(page.data)
        headers = {"Vary": "Accept", "X-Total-Count": str(page.total),
                   "Link": link_header(request, page.total, paging)}
    suffix = "-all" if whole else ""
    headers["Content-Disposition"] = f'attachment; filename="{name}{suffix}.{fmt}"'
    body = _csv_rows(items) if fmt == "csv" else json_array(items)
    return StreamingResponse((chunk.encode("utf-8") for chunk in body),
                             media_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json",
                             headers=headers)


def page_of(items: Sequence[T], paging: Paging) -> Page[T]:
    """A page of a list that cannot be paged by the database (events derived from records' dates; the
    built-in frameworks, which are files)."""
    return Page[T](data=list(items[paging.offset:paging.offset + paging.limit]), total=len(items),
                   limit=paging.limit, offset=paging.offset)
