"""The API's routes, one module per resource, gathered under /api."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute

from policyatlas.api.errors import PROBLEM_RESPONSE
from policyatlas.api.routes import (
    analysis,
    assessment,
    countries,
    entities,
    history,
    initiatives,
    measures,
    problems,
    records,
    search,
    sources,
    suggestions,
)

MODULES = (countries, records, search, sources, entities, initiatives, history, assessment, analysis, suggestions,
           problems, measures)


def api_router() -> APIRouter:
    """Every API route under /api, with problem details documented for errors."""
    router = APIRouter(prefix="/api", responses={
        400: PROBLEM_RESPONSE, 404: PROBLEM_RESPONSE, 405: PROBLEM_RESPONSE, 413: PROBLEM_RESPONSE,
        422: PROBLEM_RESPONSE, 500: PROBLEM_RESPONSE})
    for module in MODULES:
        for route in module.router.routes:  # the lists (and a country's changes) also answer in CSV: say so
            if isinstance(route, APIRoute) and "GET" in (route.methods or ()) and _answers_csv(route):
                answer = route.responses.setdefault(200, {})
                answer.setdefault("content", {})["text/csv"] = {"schema": {"type": "string"}}
        router.include_router(module.router)
    return router


def _answers_csv(route: APIRoute) -> bool:
    from policyatlas.schemas.common import Page
    from policyatlas.schemas.history import HistoryOut

    model = route.response_model
    return isinstance(model, type) and (issubclass(model, Page) or issubclass(model, HistoryOut))
