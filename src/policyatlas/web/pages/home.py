"""The home page: a world map coloured by what the atlas holds, a search box and the latest changes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.countries import list_countries
from policyatlas.views.indices import list_index_values
from policyatlas.views.sources import list_sources
from policyatlas.web.assets import world_file
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import recent_revisions
from policyatlas.web.worldmap import Fill, load_map, map_svg

router = APIRouter(include_in_schema=False)

#: Lower bounds of the colour classes c-1…c-4: numbers of records, and GCI scores on a 0–100 scale.
RECORD_STEPS = (1, 8, 15, 40)
SCORE_STEPS = (0, 25, 50, 75)
METRICS = ("records", "gci")


def _bucket(value: float, steps: tuple[float, ...]) -> int:
    return max(i for i, step in enumerate(steps, 1) if value >= step) if value >= steps[0] else 1


def latest_gci(index_values: list[dict[str, Any]]) -> dict[str, tuple[float, int]]:
    """Each country's latest Global Cybersecurity Index score on a 0–100 scale, with its edition."""
    best: dict[str, tuple[float, int]] = {}
    for row in index_values:
        if row["index"] != "gci" or not isinstance(row["value"], int | float) or not row["country"]:
            continue
        value = float(row["value"]) * (100 if row.get("scale") == "0-1" else 1)
        edition = int(row["edition"] or 0)
        if row["country"] not in best or edition > best[row["country"]][1]:
            best[row["country"]] = (round(value, 1), edition)
    return best


def map_fills(metric: str, countries: list[dict[str, Any]], scores: dict[str, tuple[float, int]],
              t: Translator) -> tuple[dict[str, Fill], list[dict[str, str]]]:
    """The colour and tooltip of each country for a metric, and the legend."""
    fills: dict[str, Fill] = {}
    if metric == "gci":
        for country in countries:
            code = country["code"]
            if code in scores:
                score, edition = scores[code]
                fills[code] = Fill(f"c-{_bucket(score, SCORE_STEPS)}", t("GCI {edition}: {score}", edition=edition,
                                                                         score=f"{score:g}"))
            else:
                fills[code] = Fill("c-zero", t("no GCI score"))
        legend = [{"css": f"c-{i}", "text": f"{low}–{high}"}
                  for i, (low, high) in enumerate(zip(SCORE_STEPS, (*SCORE_STEPS[1:], 100), strict=True), 1)]
        legend.append({"css": "c-zero", "text": t("in the atlas, no GCI score")})
    else:
        for country in countries:
            count = country["records"]
            fills[country["code"]] = Fill(f"c-{_bucket(count, RECORD_STEPS)}", t("{count} records", count=count))
        highs = [f"{RECORD_STEPS[i + 1] - 1}" for i in range(len(RECORD_STEPS) - 1)]
        legend = [{"css": f"c-{i}", "text": f"{low}–{high}"} for i, (low, high) in
                  enumerate(zip(RECORD_STEPS, highs, strict=False), 1)]
        legend.append({"css": f"c-{len(RECORD_STEPS)}", "text": f"{RECORD_STEPS[-1]}+"})
    legend.append({"css": "c-none", "text": t("nothing in the atlas")})
    return fills, legend


@router.get("/", response_class=HTMLResponse)
def home(request: Request, portal: PortalDep, map: str = "records") -> HTMLResponse:
    """The world map, search box, latest sources and corrections."""
    t = portal.translator(request)
    metric = map if map in METRICS else "records"
    countries = list_countries(portal.engine)
    scores = latest_gci(list_index_values(portal.engine, index="gci")) if metric == "gci" else {}
    world = world_file()
    svg = None
    legend: list[dict[str, str]] = []
    if world is not None:
        fills, legend = map_fills(metric, countries, scores, t)
        names = {c["code"]: country_name(c["code"], t.lang) for c in countries}
        title = t("World map: countries by GCI score") if metric == "gci" else t("World map: countries by records")
        svg = map_svg(load_map(world), fills, title=title, names=names, no_data=t("nothing in the atlas"))
    sources = list_sources(portal.engine)
    latest_sources = sorted(sources, key=lambda s: s["ingested_at"], reverse=True)[:8]
    return portal.render(request, "home.html", {
        "countries": countries, "map_svg": svg, "legend": legend, "metric": metric,
        "latest_sources": latest_sources, "revisions": recent_revisions(portal.engine),
        "totals": {"countries": len(countries), "sources": len(sources),
                   "records": sum(s["records"] for s in sources)},
    })
