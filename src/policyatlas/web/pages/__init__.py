"""The portal's pages, one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from policyatlas.web.pages import (
    account,
    compare,
    countries,
    entities,
    feeds,
    graph,
    home,
    incidents,
    initiatives,
    records,
    review,
    search,
    sources,
)

PAGE_ROUTERS: tuple[APIRouter, ...] = (
    home.router, countries.router, search.router, compare.router, entities.router, initiatives.router,
    incidents.router, graph.router, feeds.router, sources.router, account.router, records.router, review.router,
)
