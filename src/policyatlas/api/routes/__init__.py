"""The API's routes, one module per resource, gathered under /api."""

from __future__ import annotations

from fastapi import APIRouter

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
        router.include_router(module.router)
    return router
