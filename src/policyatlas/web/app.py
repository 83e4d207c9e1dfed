"""The HTTP application: a minimal portal for people and a read-only JSON API under /api."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from policyatlas import __version__
from policyatlas.cli.output import format_date
from policyatlas.config import Settings
from policyatlas.errors import NotFoundError, PolicyAtlasError
from policyatlas.store.db import make_engine
from policyatlas.views.countries import list_countries
from policyatlas.views.profile import get_profile
from policyatlas.views.records import list_records
from policyatlas.views.sources import get_source, list_sources

TEMPLATES = Path(__file__).resolve().parent / "templates"


def create_app(settings: Settings) -> FastAPI:
    """Build the application for one atlas database (nothing is built at import time)."""
    engine = make_engine(settings.database_url)
    app = FastAPI(title="PolicyAtlas", version=__version__,
                  description="National cybersecurity and AI policy, structured and source-linked.")
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.filters["fdate"] = format_date

    @app.exception_handler(PolicyAtlasError)
    async def _error(request: Request, exc: PolicyAtlasError) -> Any:
        status = 404 if isinstance(exc, NotFoundError) else 422
        problem = {"type": f"about:blank#{exc.code}", "title": exc.code.replace("-", " "),
                   "status": status, "detail": exc.message, "code": exc.code}
        if request.url.path.startswith("/api/"):
            return JSONResponse(problem, status_code=status, media_type="application/problem+json")
        return templates.TemplateResponse(request, "error.html", {"problem": problem}, status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Any:
        return templates.TemplateResponse(request, "home.html", {"countries": list_countries(engine)})

    @app.get("/countries/{code}", response_class=HTMLResponse, include_in_schema=False)
    def country_page(request: Request, code: str) -> Any:
        return templates.TemplateResponse(request, "profile.html", {"profile": get_profile(engine, code)})

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/countries")
    def api_countries() -> list[dict[str, Any]]:
        return list_countries(engine)

    @app.get("/api/countries/{code}/profile")
    def api_profile(code: str) -> dict[str, Any]:
        return get_profile(engine, code)

    @app.get("/api/records")
    def api_records(
        country: Annotated[str | None, Query(description="ISO code or name")] = None,
        kind: Annotated[str | None, Query(description="record kind")] = None,
        history: bool = False,
    ) -> list[dict[str, Any]]:
        return list_records(engine, country=country, kind=kind, history=history)

    @app.get("/api/sources")
    def api_sources(country: str | None = None) -> list[dict[str, Any]]:
        return list_sources(engine, country=country)

    @app.get("/api/sources/{source_id}")
    def api_source(source_id: str) -> dict[str, Any]:
        return get_source(engine, source_id, with_text=True)

    return app
