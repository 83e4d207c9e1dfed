"""Countries and country profiles."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from policyatlas.api.deps import AxesDep, EngineDep
from policyatlas.api.pagination import PagingDep, json_response, list_response
from policyatlas.schemas.common import Page
from policyatlas.schemas.countries import CountryOut, ProfileOut
from policyatlas.views.countries import list_countries
from policyatlas.views.profile import get_profile
from policyatlas.views.summary import CountrySummary, get_summary

router = APIRouter(tags=["countries"])


@router.get("/countries", response_model=Page[CountryOut], summary="Countries with facts in the atlas")
def read_countries(request: Request, engine: EngineDep, paging: PagingDep) -> Response:
    """Every country the atlas holds records about, by code, with record and source counts and the
    newest as-of date (as `policyatlas countries --json`)."""
    return list_response(request, paging, lambda limit, offset: list_countries(engine, limit=limit, offset=offset),
                         name="countries")


@router.get("/countries/{code}/profile", response_model=ProfileOut, summary="A country's profile")
def read_profile(
    engine: EngineDep, code: str, dates: AxesDep,
) -> Response:
    """The profile in the portal's sections, each record with its sources, `also_in` and `conflicts`
    (as `policyatlas profile CODE --json`): in force at `in_force_at` (undated facts apart, in
    `undated`), as the sources known at `known_at` (or `as_of`, its older name) said it."""
    return json_response(get_profile(engine, code, **dates))


@router.get("/countries/{code}/summary", response_model=CountrySummary, summary="A country at a glance")
def read_summary(engine: EngineDep, code: str) -> CountrySummary:
    """Strategy, lead agency, CSIRT, data protection authority, key laws, memberships and the latest published
    index values (AI Index values in ``ai_index``), each with the publication it comes from; and ``coverage``:
    how many facts, from which publications and of which dates, and the profile sections with no data."""
    return get_summary(engine, code)
