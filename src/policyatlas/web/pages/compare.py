"""Compare countries: the indicator matrix, each cell with the evidence behind it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.compare import compare_countries
from policyatlas.views.countries import list_countries
from policyatlas.web.pages.countries import page_dates
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)
PICKERS = 4


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, portal: PortalDep,
                 countries: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    """Pick up to six countries; the matrix compares those picked (in force at ``in_force_at``, as known at
    ``known_at``, when the address gives them)."""
    picked = list(dict.fromkeys(c for c in (countries or []) if c.strip()))[:6]
    dates = page_dates(request)
    matrix = compare_countries(portal.engine, picked, in_force_at=dates["in_force_at"],
                               known_at=dates["known_at"]).to_json() if picked else None
    slots = [*picked, *[""] * max(0, PICKERS - len(picked))][: max(PICKERS, len(picked))]
    return portal.render(request, "compare.html", {
        "matrix": matrix, "slots": slots, **dates, "choices": [c.to_json() for c in list_countries(portal.engine).data],
    })
