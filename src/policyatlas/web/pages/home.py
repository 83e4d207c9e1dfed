"""The home page: a world map coloured by a policy measure chosen from a list, a search box and the latest changes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.countries import list_countries
from policyatlas.views.measures import DEFAULT_MEASURE, MEASURES, get_measure, list_measures
from policyatlas.views.sources import list_sources, totals
from policyatlas.web.assets import world_file
from policyatlas.web.i18n import country_name
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import recent_revisions
from policyatlas.web.worldmap import load_map, map_svg, measure_fills

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, portal: PortalDep, map: str = DEFAULT_MEASURE) -> HTMLResponse:
    """The world map by a measure (``?map=strategy``, ``csirt``, ``paris_call``…), search box, latest sources and
    corrections."""
    t = portal.translator(request)
    metric = map if any(m.id == map for m in MEASURES) else DEFAULT_MEASURE
    countries = [c.to_json() for c in list_countries(portal.engine).data]
    measure = get_measure(portal.engine, metric, say=t)
    world = world_file()
    svg = None
    if world is not None:
        no_data = t("no data")
        fills = measure_fills(measure, (c["code"] for c in countries), no_data)
        names = {c["code"]: country_name(c["code"], t.lang) for c in countries}
        title = t("World map: {measure}", measure=measure.measure.name)
        svg = map_svg(load_map(world), fills, title=title, names=names, no_data=no_data)
    latest_sources = [s.to_json() for s in list_sources(portal.engine, limit=8, newest_first=True).data]
    source_count, record_count = totals(portal.engine)
    return portal.render(request, "home.html", {
        "countries": countries, "map_svg": svg, "legend": measure.legend, "metric": metric,
        "measures": list_measures(say=t), "measure": measure.measure,
        "latest_sources": latest_sources, "revisions": recent_revisions(portal.engine),
        "totals": {"countries": len(countries), "sources": source_count, "records": record_count},
    })
