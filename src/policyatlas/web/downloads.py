"""Downloads of a portal list: the same address with ``format=csv`` or ``format=json`` gives the rows the page
shows (its filters applied), with the columns its table shows; ``scope=all`` gives every page of the filtered
list, read from the database a batch at a time and streamed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import StreamingResponse

from policyatlas.errors import ConfigError
from policyatlas.export.tables import all_pages, csv_lines, json_array
from policyatlas.web.i18n import Translator

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class Column:
    """A column of a list as its table shows it: a key (JSON), a heading (CSV, translated) and the value."""

    key: str
    heading: str
    value: Callable[[Any], Any]


def field(key: str, heading: str, name: str | None = None) -> Column:
    """A column showing one field of the item as it is."""
    return Column(key, heading, lambda item: item.get(name or key))


def requested(request: Request) -> str | None:
    """The download format asked for (``format=csv|json``), None for the page itself.

    Raises:
        ConfigError: another format.
    """
    value = request.query_params.get("format")
    if not value:
        return None
    if value not in FORMATS:
        raise ConfigError(f"format {value!r} is not offered (use csv or json)")
    return value


def wants_all(request: Request) -> bool:
    """Whether every page of the filtered list is asked for (``scope=all``) rather than the page shown."""
    return request.query_params.get("scope") == "all"


def links(request: Request, *, paged: bool = False) -> dict[str, str]:
    """The download addresses of this page (its query kept), and of all its pages when it is paged."""
    url = request.url.remove_query_params(["format", "scope"])
    found = {"csv": str(url.include_query_params(format="csv")), "json": str(url.include_query_params(format="json"))}
    if paged:
        found |= {"csv_all": str(url.include_query_params(format="csv", scope="all")),
                  "json_all": str(url.include_query_params(format="json", scope="all"))}
    return {name: value.removeprefix(f"{request.url.scheme}://{request.url.netloc}") for name, value in found.items()}


def rows(fetch: Callable[[int, int], Sequence[Any]], request: Request, *, limit: int, offset: int) -> Iterator[Any]:
    """The items to download: the page shown, or every page of the list (``scope=all``), a batch at a time."""
    if wants_all(request):
        return all_pages(fetch)
    return iter(fetch(limit, offset))


def download(request: Request, name: str, columns: Sequence[Column], items: Iterable[Any],
             t: Translator) -> StreamingResponse:
    """The items as the format asked for: CSV with the table's headings and cells, or JSON objects with
    the same columns by key; streamed, named ``name.csv`` / ``name.json``."""
    fmt = requested(request) or "csv"
    if fmt == "csv":
        body: Iterator[str] = csv_lines([t(c.heading) for c in columns],
                                        ([c.value(item) for c in columns] for item in items))
    else:
        body = json_array({c.key: c.value(item) for c in columns} for item in items)
    suffix = "-all" if wants_all(request) else ""
    return StreamingResponse((chunk.encode("utf-8") for chunk in body), media_type=FORMATS[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}{suffix}.{fmt}"'})
