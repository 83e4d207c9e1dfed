"""The stakeholder graph: who issues, sponsors, speaks on or takes part in what, as SVG and as a list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyatlas.views.countries import list_countries
from policyatlas.views.graph import get_graph
from policyatlas.web.graphsvg import graph_svg
from policyatlas.web.pages.entities import entity_href
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, portal: PortalDep, country: str = "") -> HTMLResponse:
    """The graph of one country (or of all), nodes linking to their pages, edges listed below."""
    t = portal.translator(request)
    graph = get_graph(portal.engine, country=country or None).to_json()
    labels = {n["id"]: n for n in graph["nodes"]}

    def describe(edge: dict[str, Any]) -> str:
        return f"{labels[edge['source']]['label']} → {labels[edge['target']]['label']} ({t.label(edge['role'])})"

    svg = graph_svg(graph, title=t("Stakeholder graph"), href=lambda n: entity_href(n["id"], n["kind"]),
                    describe_edge=describe)
    edges = [{**e, "source_node": labels[e["source"]], "target_node": labels[e["target"]]} for e in graph["edges"]]
    return portal.render(request, "graph.html", {"svg": svg, "edges": edges, "country": country,
                                                 "choices": [c.to_json() for c in list_countries(portal.engine).data],
                                                 "href": entity_href})
