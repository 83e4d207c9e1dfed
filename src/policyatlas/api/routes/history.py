"""Change over time and across countries: history, diff, timeline, compare."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyatlas.api.deps import COUNTRY_LIST_SCHEMA, AxesDep, EngineDep, date_query, iso_date, split_list
from policyatlas.api.pagination import (
    Paging,
    PagingDep,
    csv_response,
    json_response,
    list_response,
    page_of,
    wanted_format,
)
from policyatlas.errors import ConfigError
from policyatlas.schemas.analysis import CompareOut
from policyatlas.schemas.common import Page
from policyatlas.schemas.history import DiffOut, HistoryOut, TimelineEventOut
from policyatlas.views.compare import compare_countries
from policyatlas.views.history import get_diff, get_history
from policyatlas.views.timeline import get_timeline

router = APIRouter(tags=["history"])
KindQuery = Annotated[str | None, Query(description="Only this record kind.")]
NO_AXES: dict[str, str | None] = {}


FormatQuery = Annotated[str | None, Query(pattern="^(json|csv)$",
                                         description="`csv`: the changes as CSV (as `Accept: text/csv`).")]


@router.get("/history/{code}", response_model=HistoryOut, summary="Every change to a country's records")
def read_history(request: Request, engine: EngineDep, code: str, dates: AxesDep, kind: KindQuery = None,
                 format: FormatQuery = None) -> Response:  # noqa: A002 - the parameter's public name
    """Added, changed (field by field, before and after) and gone, version after version of each source
    lineage, and editors' corrections, oldest first; each with the date its source speaks of (or
    undated), the source's title, publisher and link (as `policyatlas history CODE --json`); with
    `format=csv`, one row per change."""
    history = get_history(engine, code, kind=kind, **dates)
    if wanted_format(request) == "csv":
        return csv_response(history.changes, name=f"history-{history.country}")
    return json_response(history)


@router.get("/diff/{code}", response_model=DiffOut, summary="What changed between two dates")
def read_diff(
    engine: EngineDep, code: str,
    date_from: Annotated[str, date_query("The earlier date", alias="from")],
    date_to: Annotated[str, date_query("The later date", alias="to")],
    kind: KindQuery = None,
) -> Response:
    """The country's records as known at `from` against `to`, entity by entity (as
    `policyatlas diff CODE --from … --to … --json`)."""
    return json_response(get_diff(engine, code, date_from=iso_date(date_from, "from") or "",
                                  date_to=iso_date(date_to, "to") or "", kind=kind))


@router.get("/timeline", response_model=Page[TimelineEventOut], summary="Dated events in order")
def read_timeline(
    request: Request, engine: EngineDep, paging: PagingDep,
    country: Annotated[list[str] | None, Query(description="Only these countries (repeat or comma-separate).")] = None,
    kind: Annotated[list[str] | None, Query(description="Only these kinds (repeat or comma-separate).")] = None,
    date_from: Annotated[str | None, date_query("From this date", alias="from")] = None,
    date_to: Annotated[str | None, date_query("Up to this date", alias="to")] = None,
    dates: AxesDep = NO_AXES,
) -> Response:
    """Strategies adopted, laws enacted and amended, cooperation, bill stages, oldest first (as
    `policyatlas timeline --json`)."""
    events = get_timeline(engine, countries=split_list(country) or None, kinds=split_list(kind) or None,
                          date_from=iso_date(date_from, "from"), date_to=iso_date(date_to, "to"), **dates)
    return list_response(request, paging, lambda limit, offset: page_of(events, Paging(limit, offset)),
                         name="timeline")


@router.get("/compare", response_model=CompareOut, summary="Compare countries on key indicators")
def read_compare(
    engine: EngineDep,
    countries: Annotated[list[str], Query(description="Countries to compare: `countries=MX,GB` (or repeated).",
                                          json_schema_extra=COUNTRY_LIST_SCHEMA)],
    dates: AxesDep = NO_AXES,
) -> Response:
    """A matrix of indicators, each cell with the records behind it; `unknown` (no information) is
    never confused with `absent` (a source says there is none). As `policyatlas compare … --json`."""
    codes = split_list(countries)
    if not codes:
        raise ConfigError("name at least one country: countries=MX,GB")
    return json_response(compare_countries(engine, codes, **dates))
