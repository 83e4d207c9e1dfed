"""Read endpoints of the API (the same JSON as the CLI's --json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Engine

from policyatlas.views.countries import list_countries
from policyatlas.views.profile import get_profile
from policyatlas.views.records import list_records
from policyatlas.views.sources import get_source, list_sources


def build_router(engine: Engine) -> APIRouter:
    """The API's routes on one atlas database."""
    router = APIRouter(prefix="/api")

    @router.get("/countries")
    def api_countries() -> list[dict[str, Any]]:
        return list_countries(engine)

    @router.get("/countries/{code}/profile")
    def api_profile(code: str, as_of: str | None = None) -> dict[str, Any]:
        return get_profile(engine, code, as_of=as_of)

    @router.get("/records")
    def api_records(
        country: Annotated[str | None, Query(description="ISO code or name")] = None,
        kind: Annotated[str | None, Query(description="record kind")] = None,
        history: bool = False,
    ) -> list[dict[str, Any]]:
        return list_records(engine, country=country, kind=kind, history=history)

    @router.get("/sources")
    def api_sources(country: str | None = None) -> list[dict[str, Any]]:
        return list_sources(engine, country=country)

    @router.get("/sources/{source_id}")
    def api_source(source_id: str) -> dict[str, Any]:
        return get_source(engine, source_id, with_text=True)

    return router
