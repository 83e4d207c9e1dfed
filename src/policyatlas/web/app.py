"""The HTTP application: the server-rendered portal for people and the JSON API under /api."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from policyatlas import __version__
from policyatlas.api.main import install_api
from policyatlas.config import Settings
from policyatlas.errors import NotFoundError, PolicyAtlasError, StaleRevisionError
from policyatlas.messages import N_
from policyatlas.services.atlas import connect
from policyatlas.web import assets
from policyatlas.web.auth import SESSION_COOKIE, SESSION_MAX_AGE, LoginRequired, secret_key
from policyatlas.web.i18n import DEFAULT_LANGUAGE
from policyatlas.web.pages import PAGE_ROUTERS
from policyatlas.web.portal import Portal, make_templates

log = logging.getLogger(__name__)

#: Headers on every portal page (the API's docs pages load their own scripts and are left alone).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
#: What an HTTP status means on the portal's error page (the titles are translated).
STATUS_TITLES = {400: N_("Bad request"), 403: N_("Not allowed"), 404: N_("Page not found"), 405: N_("Method not allowed"),
                 412: N_("Changed meanwhile"), 422: N_("Invalid request"), 500: N_("Something went wrong")}

#: What an error code means, for the error page in another language than the views' English messages.
CODE_MESSAGES = {
    "not-found": N_("The atlas holds nothing at this address."),
    "stale-revision": N_("Someone changed this record meanwhile. Open it again to see the current version."),
    "config-error": N_("A value in the request is not valid."), "bad-input": N_("A value in the request is not valid."),
    "bad-query": N_("The search could not be read. Check its quotes and operators."),
    "error": N_("The request could not be completed."),
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def create_app(settings: Settings) -> FastAPI:
    """Build the application for one atlas database (nothing is built at import time)."""
    from policyatlas.frameworks.loader import builtin_frameworks

    builtin_frameworks()  # parsed once per process, at start-up rather than on the first country page
    engine = connect(settings.database_url)
    app = FastAPI(title="PolicyAtlas", version=__version__, docs_url=None, redoc_url=None,
                  description="National cybersecurity and AI policy, structured and source-linked.")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Swagger UI for the API, from the npm package served here (no outside network needed)."""
        npm = "/assets/npm/swagger-ui-dist"
        return get_swagger_ui_html(openapi_url="/openapi.json", title="PolicyAtlas API",
                                   swagger_js_url=f"{npm}/swagger-ui-bundle.js", swagger_css_url=f"{npm}/swagger-ui.css",
                                   swagger_favicon_url=f"{npm}/favicon-32x32.png")
    portal = Portal(engine, settings, make_templates())
    app.state.portal = portal

    def error_page(request: Request, status: int, detail: str | None, *, code: str | None = None) -> Response:
        t = portal.translator(request)
        title = t(STATUS_TITLES.get(status, "Error"))
        messages = {"csrf": t("The form has expired or did not come from this site. Reload the page and send it "
                              "again."),
                    "editors-only": t("Only editors can do this."),
                    None: t("There is no page at this address.") if status == 404 else None}
        message = messages.get(detail, detail) if detail in messages else detail
        if code and t.lang != DEFAULT_LANGUAGE:  # the view's own message is English: say what the code means
            message = t(CODE_MESSAGES.get(code, CODE_MESSAGES["error"]))
        return portal.render(request, "error.html", {"status": status, "title": title, "message": message,
                                                     "code": code}, status_code=status)

    @app.exception_handler(PolicyAtlasError)
    async def _error(request: Request, exc: PolicyAtlasError) -> Any:
        status = 404 if isinstance(exc, NotFoundError) else 412 if isinstance(exc, StaleRevisionError) else 422
        if _is_api(request):
            problem = {"type": f"about:blank#{exc.code}", "title": exc.code.replace("-", " "),
                       "status": status, "detail": exc.message, "code": exc.code}
            return JSONResponse(problem, status_code=status, media_type="application/problem+json")
        return error_page(request, status, exc.message, code=exc.code)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if _is_api(request):
            return await http_exception_handler(request, exc)
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail in ("csrf", "editors-only") else None
        return error_page(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        t = portal.translator(request)
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return error_page(request, 422, t("Some values are not valid: {fields}.", fields=fields))

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Any:
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Any:
        log.exception("error serving %s", request.url.path)
        if _is_api(request):
            return JSONResponse({"type": "about:blank#internal-error", "title": "internal error", "status": 500,
                                 "detail": "internal error", "code": "internal-error"}, status_code=500,
                                media_type="application/problem+json")
        t = portal.translator(request)
        return error_page(request, 500, t("The error was logged. Try again later."))

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if not _is_api(request) and not request.url.path.startswith(("/docs", "/redoc", "/openapi")):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    app.add_middleware(SessionMiddleware, secret_key=secret_key(settings), session_cookie=SESSION_COOKIE,
                       max_age=SESSION_MAX_AGE, same_site="lax", https_only=False)

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(assets.build_router())
    for router in PAGE_ROUTERS:
        app.include_router(router)
    install_api(app, engine, settings)
    return app
