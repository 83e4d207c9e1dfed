"""Compare countries: the indicator matrix, each cell with the evidence behind it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from policyatlas.views.compare import compare_countries
from policyatlas.views.countries import list_countries
from policyatlas.web import downloads
from policyatlas.web.citation import citation
from policyatlas.web.downloads import Column
from policyatlas.web.formatting import score_text
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.pages.countries import page_dates
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)
PICKERS = 4


def cell_text(cell: dict[str, Any], t: Translator) -> str:
    """A cell of the matrix as the page shows it (before its evidence is opened): the value, and its detail."""
    value = cell.get("value")
    text = t.label(value) if isinstance(value, str) else score_text(value)
    if cell.get("evidence") and cell.get("detail"):
        text = f"{text} · {cell['detail']}"
    return f"{text} ({t('sources disagree')})" if cell.get("evidence") and cell.get("mixed") else text


def matrix_columns(matrix: dict[str, Any], t: Translator) -> list[Column]:
    """The matrix's columns as the page's table heads them: the indicator, then each country by name."""
    def country(code: str) -> Column:
        return Column(code, country_name(code, t.lang), lambda ind: cell_text(matrix["matrix"][code][ind["id"]], t))

    return [Column("indicator", "Indicator", lambda ind: t(ind["label"])),
            *(country(code) for code in matrix["countries"])]


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, portal: PortalDep,
                 countries: Annotated[list[str] | None, Query()] = None) -> Response:
    """Pick up to six countries; the matrix compares those picked (in force at ``in_force_at``, as known at
    ``known_at``, when the address gives them; ``format=csv|json`` downloads it)."""
    # countries=MX&countries=BR (the form) or countries=MX,BR (as the API takes them)
    picked = list(dict.fromkeys(part.strip() for c in countries or [] for part in c.split(",") if part.strip()))[:6]
    dates = page_dates(request)
    matrix = compare_countries(portal.engine, picked, in_force_at=dates["in_force_at"],
                               known_at=dates["known_at"]).to_json() if picked else None
    t = portal.translator(request)
    if matrix and downloads.requested(request):
        return downloads.download(request, "compare", matrix_columns(matrix, t), matrix["indicators"], t)
    names = ", ".join(country_name(code, t.lang) for code in (matrix or {}).get("countries", []))
    cite = citation(request, portal.settings, t, key="compare-" + "-".join(matrix["countries"]),
                    title=t("Comparison of national cybersecurity and AI policy: {countries}", countries=names),
                    source=t("Indicators from the atlas's records"), date=None) if matrix else None
    slots = [*picked, *[""] * max(0, PICKERS - len(picked))][: max(PICKERS, len(picked))]
    return portal.render(request, "compare.html", {
        "matrix": matrix, "slots": slots, **dates, "cite": cite, "names": names,
        "dl": downloads.links(request) if matrix else None,
        "choices": [c.to_json() for c in list_countries(portal.engine).data],
    })
