"""The HTTP application: the server-rendered portal for people and the JSON API under /api."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

from policyatlas import __version__
from policyatlas.api.errors import ApiError, status_of
from policyatlas.api.main import install_api
from policyatlas.api.security import COMMON_HEADERS, allowed_methods, csp_for
from policyatlas.config import Settings
from policyatlas.errors import PolicyAtlasError
from policyatlas.messages import N_
from policyatlas.services.atlas import connect
from policyatlas.web import assets
from policyatlas.web.auth import SESSION_COOKIE, LoginRequired, secret_key
from policyatlas.web.i18n import DEFAULT_LANGUAGE
from policyatlas.web.pages import PAGE_ROUTERS
from policyatlas.web.portal import Portal, make_templates

log = logging.getLogger(__name__)

#: Responses smaller than this are sent as they are (compressing them saves less than it costs).
GZIP_MINIMUM_BYTES = 1000
#: What an HTTP status means on the portal's error page (the titles are translated).
STATUS_TITLES = {400: N_("Bad request"), 403: N_("Not allowed"), 404: N_("Page not found"), 405: N_("Method not allowed"),
                 412: N_("Changed meanwhile"), 422: N_("Invalid request"), 429: N_("Too many requests"),
                 500: N_("Something went wrong")}
#: What an error code means, for the error page in another language than the views' English messages.
CODE_MESSAGES = {
    "not-found": N_("The atlas holds nothing at this address."),
    "stale-revision": N_("Someone changed this record meanwhile. Open it again to see the current version."),
    "config-error": N_("A value in the request is not valid."), "bad-input": N_("A value in the request is not valid."),
    "bad-query": N_("The search could not be read. Check its quotes and operators."),
    "error": N_("The request could not be completed."),
}
#: Swagger UI's start-up, served as a file so that the docs page needs no inline script.
SWAGGER_INIT = """window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset], layout: "BaseLayout"});
"""


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def create_app(settings: Settings) -> FastAPI:
    """Build the application for one atlas database (nothing is built at import time).

    Requests run on ``settings.threads`` worker threads, and the database pool is sized for them.
    """
    from policyatlas.frameworks.loader import builtin_frameworks

    builtin_frameworks()  # parsed once per process, at start-up rather than on the first country page
    engine = connect(settings.database_url, pool_size=settings.threads + 2)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        engine.dispose()

    app = FastAPI(title="PolicyAtlas", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="National cybersecurity and AI policy, structured and source-linked.")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Swagger UI for the API, from the npm package served here (no outside network needed)."""
        npm = "/assets/npm/swagger-ui-dist"
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="PolicyAtlas API",
                                   swagger_js_url=f"{npm}/swagger-ui-bundle.js", swagger_css_url=f"{npm}/swagger-ui.css",
                                   swagger_favicon_url=f"{npm}/favicon-32x32.png")
        html = bytes(page.body).decode()
        start = html.index("<script>", html.index("swagger-ui-bundle.js"))
        end = html.index("</script>", start) + len("</script>")
        return HTMLResponse(html[:start] + '<script src="/docs/init.js"></script>' + html[end:])

    @app.get("/docs/init.js", include_in_schema=False)
    def api_docs_script() -> Response:
        return Response(SWAGGER_INIT, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})
    portal = Portal(engine, settings, make_templates())
    app.state.portal = portal

    def render_error(request: Request, status: int, detail: str | None, code: str | None,
                     headers: dict[str, str]) -> Response:
        t = portal.translator(request)
        title = t(STATUS_TITLES.get(status, "Error"))
        messages = {"csrf": t("The form has expired or did not come from this site. Reload the page and send it "
                              "again."),
                    "editors-only": t("Only editors can do this."),
                    None: t("There is no page at this address.") if status == 404 else None}
        message = messages.get(detail, detail) if detail in messages else detail
        if code and t.lang != DEFAULT_LANGUAGE:  # the view's own message is English: say what the code means
            message = t(CODE_MESSAGES.get(code, CODE_MESSAGES["error"]))
        response = portal.render(request, "error.html", {"status": status, "title": title, "message": message,
                                                         "code": code}, status_code=status)
        response.headers.update(headers)
        return response

    async def error_page(request: Request, status: int, detail: str | None, *, code: str | None = None,
                         headers: dict[str, str] | None = None) -> Response:
        """The portal's error page (rendered on a worker thread: it asks the database who is signed in)."""
        return await run_in_threadpool(render_error, request, status, detail, code, headers or {})

    @app.exception_handler(PolicyAtlasError)
    async def _error(request: Request, exc: PolicyAtlasError) -> Any:
        status = status_of(exc)
        headers = exc.headers if isinstance(exc, ApiError) else {}
        if _is_api(request):
            problem = {"type": f"about:blank#{exc.code}", "title": exc.code.replace("-", " "),
                       "status": status, "detail": exc.message, "code": exc.code}
            return JSONResponse(problem, status_code=status, media_type="application/problem+json", headers=headers)
        return await error_page(request, status, exc.message, code=exc.code, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if _is_api(request):
            return await http_exception_handler(request, exc)
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail in ("csrf", "editors-only") else None
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return await error_page(request, exc.status_code, detail, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        t = portal.translator(request)
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return await error_page(request, 422, t("Some values are not valid: {fields}.", fields=fields))

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Any:
        return RedirectResponse(f"/login?next={quote(exc.next_path, safe='/')}", status_code=303)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Any:
        log.exception("error serving %s", request.url.path)
        # Answered outside the middleware: the security headers are set here.
        headers = {"Content-Security-Policy": csp_for(request.url.path), **COMMON_HEADERS}
        if _is_api(request):
            return JSONResponse({"type": "about:blank#internal-error", "title": "internal error", "status": 500,
                                 "detail": "internal error", "code": "internal-error"}, status_code=500,
                                media_type="application/problem+json", headers=headers)
        t = portal.translator(request)
        try:
            return await error_page(request, 500, t("The error was logged. Try again later."), headers=headers)
        except Exception:  # the page itself cannot be rendered (the database is gone): a plain answer
            log.exception("error page for %s failed", request.url.path)
            return HTMLResponse("<!doctype html><title>500</title><h1>Something went wrong</h1>", status_code=500,
                                headers=headers)

    # pages, API answers and downloads (streamed too) are compressed for clients that accept gzip
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=6)

    # Cookies: HttpOnly and SameSite here; Secure is added per request by the security headers middleware.
    app.add_middleware(SessionMiddleware, secret_key=secret_key(settings), session_cookie=SESSION_COOKIE,
                       max_age=int(settings.session_hours * 3600), same_site="lax", https_only=False)

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(assets.build_router())
    for router in PAGE_ROUTERS:
        app.include_router(router)
    install_api(app, engine, settings, upload_paths=("/upload",))
    return app
