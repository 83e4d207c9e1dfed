"""Wiring of the REST API into an application: routes under /api, problem details, caching, upload limits."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from policyatlas.api.caching import ConditionalGetMiddleware
from policyatlas.api.deps import DEFAULT_MAX_UPLOAD_BYTES, ApiContext
from policyatlas.api.errors import install_error_handlers
from policyatlas.api.routes import api_router
from policyatlas.api.uploads import BodyLimitMiddleware
from policyatlas.config import Settings

#: Reads that only editors may see: never answered from a shared cache.
PRIVATE_PATHS = ("/api/suggestions",)


def install_api(app: FastAPI, engine: Engine, settings: Settings | None = None, *,
                max_upload_bytes: int | None = None) -> None:
    """Add the REST API to an application: every route under /api on ``engine``, errors there as
    problem details, ETag / Last-Modified and 304 on reads, and 413 for bodies over the upload limit.

    Args:
        app: the application (its OpenAPI document at /openapi.json and docs at /docs list the API).
        engine: the atlas database (migrated).
        settings: where the upload limit is read from (``max_upload_bytes``, default 20 MB).
        max_upload_bytes: a limit that overrides the settings'.
    """
    limit = max_upload_bytes or int(getattr(settings, "max_upload_bytes", 0) or DEFAULT_MAX_UPLOAD_BYTES)
    app.state.policyatlas_api = ApiContext(engine=engine, max_upload_bytes=limit)
    app.include_router(api_router())
    install_error_handlers(app)
    app.add_middleware(ConditionalGetMiddleware, engine=engine, prefix="/api/", private=PRIVATE_PATHS)
    app.add_middleware(BodyLimitMiddleware, limit=limit, prefix="/api/")
