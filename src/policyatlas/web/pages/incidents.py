"""The incidents dashboard: publicly reported incidents counted by sector, size and year, as bar charts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from policyatlas.messages import N_
from policyatlas.views.incidents import incident_stats
from policyatlas.web import downloads
from policyatlas.web.downloads import Column, field
from policyatlas.web.i18n import country_name
from policyatlas.web.portal import PortalDep
from policyatlas.web.svg import Bar, bar_chart

router = APIRouter(include_in_schema=False)
CHARTS = ("sector", "size", "year", "type", "country")
TITLES = {
    "sector": N_("Incidents by sector"), "size": N_("Incidents by size of the victim"),
    "year": N_("Incidents by year"), "type": N_("Incidents by type of operation"),
    "country": N_("Incidents by country"),
}


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, portal: PortalDep, country: str = "") -> Response:
    """Bar charts of incident counts, with the sample size and the caveat, optionally for one country
    (``format=csv|json`` downloads the charts' tables, one row per bar)."""
    t = portal.translator(request)
    charts = []
    sample = 0
    caveat = ""
    for by in CHARTS if not country else CHARTS[:-1]:
        stats = incident_stats(portal.engine, by=by, country=country or None).to_json()
        sample, caveat = stats["sample_size"], stats["caveat"]
        rows = stats["counts"]
        if by == "year":
            rows = sorted(rows, key=lambda r: r["value"])
        bars = [Bar(t.label(r["value"]) if by != "country" else country_name(r["value"], t.lang) or r["value"],
                    r["count"],
                    f"/incidents?country={r['value']}" if by == "country" and r["value"] != "unknown" else None,
                    f"{r['count']} ({r['share'] * 100:.0f}%)") for r in rows]
        svg = bar_chart(bars, title=t(TITLES[by]), limit=25 if by == "year" else 15) if bars else Markup("")
        charts.append({"by": by, "title": t(TITLES[by]), "svg": svg, "rows": rows})
    if downloads.requested(request):
        def value(row: dict[str, Any]) -> str:
            return country_name(row["value"], t.lang) if row["by"] == "country" else t.label(row["value"])

        columns = [Column("chart", "Chart", lambda row: row["chart"]), Column("value", "Value", value),
                   field("count", "Incidents"), Column("share", "Share", lambda row: f"{row['share'] * 100:.1f}%")]
        rows = [{**row, "by": c["by"], "chart": c["title"]} for c in charts for row in c["rows"]]
        return downloads.download(request, "incidents", columns, rows, t)
    return portal.render(request, "incidents.html", {"charts": charts, "sample": sample, "caveat": caveat,
                                                     "country": country,
                                                     "dl": downloads.links(request) if sample else None})
