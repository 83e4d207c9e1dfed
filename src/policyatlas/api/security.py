"""Security headers on every response (API, portal, docs, errors), Secure cookies behind HTTPS, and the
``Allow`` header of a 405 (every method the path answers, whichever route has it)."""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: JSON answers load nothing and may be framed by no one.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#: Portal pages: our own scripts, styles and images only (inline data: images for the map and charts).
PORTAL_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")
#: Swagger UI (/docs) sets inline styles on the elements it builds; its script is our file.
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"
_PARAMETER = re.compile(r"\{[^}]*\}")


def csp_for(path: str) -> str:
    """The Content-Security-Policy of a path."""
    if path == "/api" or path.startswith("/api/") or path == "/openapi.json":
        return API_CSP
    if path == "/docs" or path.startswith("/docs/"):
        return DOCS_CSP
    return PORTAL_CSP


def is_secure(scope: Scope, *, secure_cookies: bool | None, public_url: str | None) -> bool:
    """Whether cookies must be Secure: as configured, else when the request came over HTTPS (the
    server applies X-Forwarded-Proto of trusted proxies only) or the atlas is published on https."""
    if secure_cookies is not None:
        return secure_cookies
    return scope.get("scheme") in ("https", "wss") or (public_url or "").lower().startswith("https://")


class SecurityHeadersMiddleware:
    """Add the security headers to every HTTP response, and ``Secure`` to its cookies when it must.

    A response that sets a header itself keeps its value.
    """

    def __init__(self, app: ASGIApp, *, secure_cookies: bool | None = None, public_url: str | None = None) -> None:
        self.app, self.secure_cookies, self.public_url = app, secure_cookies, public_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = is_secure(scope, secure_cookies=self.secure_cookies, public_url=self.public_url)
        csp = csp_for(scope.get("path", ""))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in {"Content-Security-Policy": csp, **COMMON_HEADERS}.items():
                    if name not in headers:
                        headers[name] = value
                if secure:
                    cookies = headers.getlist("set-cookie")
                    if cookies:
                        del headers["set-cookie"]
                        for cookie in cookies:
                            headers.append("set-cookie", cookie if "secure" in cookie.lower().replace(" ", "").split(";")
                                           else cookie + "; Secure")
                    if scope.get("scheme") == "https" and "strict-transport-security" not in headers:
                        headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, with_headers)


def allowed_methods(connection: HTTPConnection) -> str:
    """The methods the application answers at this request's path, for a 405's ``Allow``.

    When several route templates match (``/api/entities/{id:path}`` and ``/api/entities/{id:path}/merge``
    both match ``/api/entities/x/merge``), the most specific one (the most literal characters) names
    the resource; GET brings HEAD (answered as GET).
    """
    path = connection.scope.get("path", "")
    best, methods = -1, set()
    for context in iter_route_contexts(connection.app.router.routes):
        methods_here = getattr(context, "methods", None)
        template = getattr(context, "path", None)
        if not methods_here or not isinstance(template, str):
            continue
        regex, path_format, _ = compile_path(template)
        if not regex.match(path):
            continue
        specificity = len(_PARAMETER.sub("", path_format))
        if specificity > best:
            best, methods = specificity, set(methods_here)
        elif specificity == best:
            methods |= set(methods_here)
    if "GET" in methods:
        methods.add("HEAD")  # answered as GET (api.caching.HeadMiddleware)
    return ", ".join(sorted(methods))
