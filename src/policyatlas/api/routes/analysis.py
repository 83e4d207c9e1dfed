"""Incident statistics, published index values and the stakeholder graph."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from policyatlas.api.deps import EngineDep
from policyatlas.api.pagination import Paging, PagingDep, json_response, list_response, page_of
from policyatlas.schemas.analysis import GraphOut, IncidentStatsOut, IndexValueRow
from policyatlas.schemas.common import Page
from policyatlas.views.countries import normalise_country
from policyatlas.views.graph import get_graph, render_graph
from policyatlas.views.incidents import DIMENSIONS, incident_stats
from policyatlas.views.indices import list_index_values

router = APIRouter(tags=["analysis"])
CountryQuery = Annotated[str | None, Query(description="ISO code or name.")]
GRAPH_MEDIA_TYPES = {"graphml": "application/graphml+xml", "dot": "text/vnd.graphviz"}


@router.get("/incidents", response_model=IncidentStatsOut, summary="Counts of publicly reported incidents")
def read_incidents(
    engine: EngineDep, country: CountryQuery = None,
    by: Annotated[str, Query(description=f"One of: {', '.join(DIMENSIONS)}.",
                             json_schema_extra={"enum": list(DIMENSIONS)})] = "sector",
    sponsor: Annotated[str | None, Query(description="Only operations sponsored by this state.")] = None,
) -> Response:
    """Counts by one dimension with the sample size and the caveat (as `policyatlas incidents --json`)."""
    return json_response(incident_stats(engine, by=by, country=normalise_country(country) if country else None,
                                        sponsor=normalise_country(sponsor) if sponsor else None))


@router.get("/indices", response_model=Page[IndexValueRow], summary="Published index values")
def read_indices(request: Request, engine: EngineDep, paging: PagingDep, country: CountryQuery = None,
                 index: Annotated[str | None, Query(description="Only this index (gci, ncsi, cei, ddl).")] = None
                 ) -> Response:
    """GCI, NCSI and other values per country and edition (as `policyatlas indices --json`)."""
    values = list_index_values(engine, country=country, index=index)
    return list_response(request, paging, lambda limit, offset: page_of(values, Paging(limit, offset)), name="indices")


@router.get("/graph", response_model=GraphOut, summary="The stakeholder graph",
            responses={200: {"content": {"application/json": {}, **{t: {} for t in GRAPH_MEDIA_TYPES.values()}}}})
def read_graph(
    engine: EngineDep, country: CountryQuery = None,
    format: Annotated[Literal["json", "graphml", "dot"], Query(description="json, graphml or dot.")] = "json",
) -> Response:
    """People, organisations, events and initiatives as nodes and their links as edges, as JSON,
    GraphML (Gephi, yEd) or Graphviz DOT (as `policyatlas graph --format …`)."""
    graph = get_graph(engine, country=country)
    if format == "json":
        return json_response(graph)
    return Response(render_graph(graph, format), media_type=GRAPH_MEDIA_TYPES[format])
