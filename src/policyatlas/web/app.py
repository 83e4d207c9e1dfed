"""The HTTP application: a minimal portal for people and a read-only JSON API under /api."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from policyatlas import __version__
from policyatlas.api.routes import build_router
from policyatlas.cli.output import format_date
from policyatlas.config import Settings
from policyatlas.errors import NotFoundError, PolicyAtlasError
from policyatlas.store.db import make_engine
from policyatlas.views.countries import list_countries
from policyatlas.views.profile import get_profile

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

    app.include_router(build_router(engine))
    return app
