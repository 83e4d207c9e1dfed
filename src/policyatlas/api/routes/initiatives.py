"""Events and legislative initiatives."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyatlas.api.deps import EngineDep
from policyatlas.api.pagination import PagingDep, list_response
from policyatlas.schemas.analysis import InitiativeOut
from policyatlas.schemas.common import Page
from policyatlas.schemas.records import RecordOut
from policyatlas.views.initiatives import list_events, list_initiatives

router = APIRouter(tags=["events and initiatives"])
CountryQuery = Annotated[str | None, Query(description="ISO code or name.")]


@router.get("/events", response_model=Page[RecordOut], summary="Events")
def read_events(request: Request, engine: EngineDep, paging: PagingDep, country: CountryQuery = None) -> Response:
    """Forums, meetings and exercises by date (as `policyatlas events --json`)."""
    return list_response(request, paging, lambda limit, offset: list_events(
        engine, country=country, limit=limit, offset=offset), name="events")


@router.get("/initiatives", response_model=Page[InitiativeOut], summary="Legislative initiatives")
def read_initiatives(request: Request, engine: EngineDep, paging: PagingDep,
                     country: CountryQuery = None) -> Response:
    """Each initiative once with proposers, committees and stages in date order (as
    `policyatlas initiatives --json`)."""
    return list_response(request, paging, lambda limit, offset: list_initiatives(
        engine, country=country, limit=limit, offset=offset), name="initiatives")
