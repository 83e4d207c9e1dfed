"""Wiring of the REST API into an application: routes under /api, problem details, caching, body size
limits, rate limits and security headers."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from policyatlas.api.caching import ConditionalGetMiddleware, HeadMiddleware
from policyatlas.api.deps import DEFAULT_MAX_UPLOAD_BYTES, ApiContext
from policyatlas.api.errors import install_error_handlers
from policyatlas.api.ratelimit import RateLimits
from policyatlas.api.routes import api_router
from policyatlas.api.security import SecurityHeadersMiddleware
from policyatlas.api.uploads import BodyLimitMiddleware
from policyatlas.config import Settings

#: Reads that only editors may see: never answered from a shared cache.
PRIVATE_PATHS = ("/api/suggestions",)
#: Where the API takes documents (their limit is the upload limit; any other body gets the body limit).
UPLOAD_PATHS = ("/api/sources", "/api/frameworks")


def install_api(app: FastAPI, engine: Engine, settings: Settings | None = None, *,
                max_upload_bytes: int | None = None, upload_paths: tuple[str, ...] = ()) -> None:
    """Add the REST API to an application: every route under /api on ``engine``, errors there as
    problem details, ETag / Last-Modified and 304 on reads, 413 for any body over its limit (before it
    is read, on every path of the application), rate limits, and security headers on every response.

    Args:
        app: the application (its OpenAPI document at /openapi.json and docs at /docs list the API).
        engine: the atlas database (migrated).
        settings: limits, base URL and cookie policy (defaults when None).
        max_upload_bytes: an upload limit that overrides the settings'.
        upload_paths: the application's other paths that take uploads (the portal's upload form).
    """
    settings = settings or Settings(_env_file=None)  # type: ignore[call-arg]
    limit = max_upload_bytes or settings.max_upload_bytes or DEFAULT_MAX_UPLOAD_BYTES
    limits = RateLimits.per(sign_in_failures_per_minute=settings.sign_in_failures_per_minute,
                            bad_tokens_per_minute=settings.bad_tokens_per_minute,
                            suggestions_per_hour=settings.suggestions_per_hour)
    app.state.policyatlas_api = ApiContext(engine=engine, max_upload_bytes=limit, limits=limits,
                                           public_url=settings.public_url)
    app.include_router(api_router())
    install_error_handlers(app)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(ConditionalGetMiddleware, engine=engine, prefix="/api/", private=PRIVATE_PATHS)
    app.add_middleware(BodyLimitMiddleware, limit=limit, body_limit=min(settings.max_body_bytes, limit),
                       upload_paths=UPLOAD_PATHS + upload_paths)
    app.add_middleware(SecurityHeadersMiddleware, secure_cookies=settings.secure_cookies,
                       public_url=settings.public_url)
