"""Events and legislative initiatives."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from policyatlas.api.deps import EngineDep
from policyatlas.api.pagination import Page, PagingDep, page_response
from policyatlas.views.initiatives import list_events, list_initiatives

router = APIRouter(tags=["events and initiatives"])
CountryQuery = Annotated[str | None, Query(description="ISO code or name.")]


@router.get("/events", response_model=Page, summary="Events")
def read_events(request: Request, engine: EngineDep, paging: PagingDep, country: CountryQuery = None) -> JSONResponse:
    """Forums, meetings and exercises by date (as `policyatlas events --json`)."""
    return page_response(request, list_events(engine, country=country), paging)


@router.get("/initiatives", response_model=Page, summary="Legislative initiatives")
def read_initiatives(request: Request, engine: EngineDep, paging: PagingDep,
                     country: CountryQuery = None) -> JSONResponse:
    """Each initiative once with proposers, committees and stages in date order (as
    `policyatlas initiatives --json`)."""
    return page_response(request, list_initiatives(engine, country=country), paging)
