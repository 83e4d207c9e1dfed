"""Compare countries: the indicator matrix, each cell with the evidence behind it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.compare import compare_countries
from policyatlas.views.countries import list_countries
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)
PICKERS = 4


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, portal: PortalDep,
                 countries: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    """Pick up to six countries; the matrix compares those picked."""
    picked = list(dict.fromkeys(c for c in (countries or []) if c.strip()))[:6]
    matrix = compare_countries(portal.engine, picked).to_json() if picked else None
    slots = [*picked, *[""] * max(0, PICKERS - len(picked))][: max(PICKERS, len(picked))]
    return portal.render(request, "compare.html", {
        "matrix": matrix, "slots": slots, "choices": [c.to_json() for c in list_countries(portal.engine).data],
    })
