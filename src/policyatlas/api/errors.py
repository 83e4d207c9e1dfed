"""Errors of the API as RFC 9457 problem details (``application/problem+json``), never with a stack trace."""

from __future__ import annotations

import inspect
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response

from policyatlas.api.security import API_CSP, COMMON_HEADERS, allowed_methods
from policyatlas.errors import (
    ConfigError,
    ConflictError,
    InputError,
    NotFoundError,
    ParseError,
    PolicyAtlasError,
    SearchQueryError,
    StaleRevisionError,
    UnknownFormatError,
)

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api"


class ApiError(PolicyAtlasError):
    """An error only the HTTP interface has (authentication, preconditions, uploads), with its status."""

    status = 400
    code = "bad-request"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None, **extensions: Any) -> None:
        super().__init__(message)
        self.headers = headers or {}
        self.extensions = extensions


class UnauthorizedError(ApiError):
    """No API token, or one that is unknown or revoked (HTTP 401)."""

    status, code = 401, "unauthorized"


class ForbiddenError(ApiError):
    """The token's user has too low a role for this request (HTTP 403)."""

    status, code = 403, "forbidden"


class PayloadTooLargeError(ApiError):
    """The request body is larger than the upload limit (HTTP 413)."""

    status, code = 413, "payload-too-large"


class UnsupportedMediaTypeError(ApiError):
    """The uploaded document's content type is not one PolicyAtlas reads (HTTP 415)."""

    status, code = 415, "unsupported-media-type"


class PreconditionRequiredError(ApiError):
    """A write that must name the version it changes came without ``If-Match`` (HTTP 428)."""

    status, code = 428, "precondition-required"


class TooManyRequestsError(ApiError):
    """A client went over a rate limit (failed sign-ins, bad tokens, anonymous suggestions) (HTTP 429)."""

    status, code = 429, "too-many-requests"


class IngestFailedError(ApiError):
    """An uploaded document could not be ingested; the ingest report goes with the problem (HTTP 422)."""

    status, code = 422, "ingest-failed"


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem the API reports: its code, HTTP status, title and what to do about it."""

    code: str
    status: int
    title: str
    description: str


PROBLEM_TYPES: tuple[ProblemType, ...] = (
    ProblemType("bad-request", 400, "Bad request", "The request could not be read."),
    ProblemType("unauthorized", 401, "Authentication required",
                "Send `Authorization: Bearer <token>`; tokens come from `policyatlas users add NAME --role editor`."),
    ProblemType("forbidden", 403, "Role too low", "The token's user lacks the role this request needs "
                "(viewer < editor < admin)."),
    ProblemType("not-found", 404, "Not found", "No country, record, source, entity, framework or page by that name."),
    ProblemType("method-not-allowed", 405, "Method not allowed", "The path exists but not with this method; "
                "`Allow` lists the methods it has."),
    ProblemType("conflict", 409, "Conflict", "The request conflicts with the current state: a suggestion or "
                "review item decided already, entities of different kinds to merge."),
    ProblemType("stale-revision", 412, "Stale revision", "The record changed since the ETag sent in If-Match: "
                "fetch it again, re-apply the change and send the new ETag."),
    ProblemType("payload-too-large", 413, "Upload too large", "The body is larger than the server's upload limit."),
    ProblemType("unsupported-media-type", 415, "Unsupported media type", "Upload text, Markdown, HTML, CSV, JSON, "
                "YAML, PDF or DOCX documents."),
    ProblemType("precondition-required", 428, "If-Match required", "Edits must send the record's current ETag in "
                "If-Match, so that nobody overwrites a change they have not seen."),
    ProblemType("too-many-requests", 429, "Too many requests", "This address sent too many failed sign-ins, unknown "
                "tokens or anonymous suggestions; wait the seconds `Retry-After` says."),
    ProblemType("validation-error", 422, "Invalid request", "A parameter or the body does not have the expected "
                "shape; `errors` lists each one."),
    ProblemType("config-error", 422, "Invalid value", "A value given is not valid (unknown role, field, status, "
                "date order…)."),
    ProblemType("bad-input", 422, "Unreadable input", "A document cannot be read as text (binary, empty, encoding)."),
    ProblemType("parse-error", 422, "Malformed document", "The format was recognised but the document is malformed."),
    ProblemType("unknown-format", 422, "Unknown format", "No parser recognises the document, or the format named "
                "does not exist."),
    ProblemType("bad-query", 422, "Invalid search query", "The search query cannot be searched (unbalanced "
                "quote, lone operator…)."),
    ProblemType("ingest-failed", 422, "Ingest failed", "The uploaded document was not stored; `report` is the ingest "
                "report as `policyatlas ingest --json` prints it."),
    ProblemType("internal-error", 500, "Internal server error", "An unexpected error; it was logged on the server "
                "with the `reference` given."),
)
PROBLEMS_BY_CODE = {p.code: p for p in PROBLEM_TYPES}

#: HTTP status of the PolicyAtlas errors raised below the API, most specific class first.
STATUS_OF_ERROR: tuple[tuple[type[PolicyAtlasError], int], ...] = (
    (NotFoundError, 404),
    (ConflictError, 409),
    (StaleRevisionError, 412),
    (ConfigError, 422), (ParseError, 422), (InputError, 422), (UnknownFormatError, 422), (SearchQueryError, 422),
)
_CODE_OF_STATUS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
                   405: "method-not-allowed", 413: "payload-too-large", 415: "unsupported-media-type",
                   429: "too-many-requests"}


class Problem(BaseModel):
    """An RFC 9457 problem details object, with PolicyAtlas's stable ``code``."""

    type: str = Field(description="A URI reference naming the kind of problem: /api/problems/<code>.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong in this request, in one line.")
    code: str = Field(description="A stable, machine-readable code (not-found, stale-revision, …).")
    instance: str | None = Field(None, description="The path of the request.")


#: The ``responses`` entry that documents problem details in the OpenAPI document.
PROBLEM_RESPONSE: dict[str, Any] = {"description": "Problem details (RFC 9457)",
                                    "content": {PROBLEM_MEDIA_TYPE: {"schema": Problem.model_json_schema()}}}
#: The ``responses`` of a route that needs a token: 401 without a valid one, 403 with too low a role.
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: PROBLEM_RESPONSE, 403: PROBLEM_RESPONSE,
                                                   429: PROBLEM_RESPONSE}


def problem_body(status: int, code: str, detail: str, *, instance: str | None = None,
                 **extensions: Any) -> dict[str, Any]:
    """The JSON of a problem: type, title, status, detail, code, instance and any extension members."""
    known = PROBLEMS_BY_CODE.get(code)
    title = known.title if known else code.replace("-", " ").capitalize()
    return {"type": f"{API_PREFIX}/problems/{code}", "title": title, "status": status, "detail": detail,
            "code": code, "instance": instance, **extensions}


def problem_response(status: int, code: str, detail: str, *, instance: str | None = None,
                     headers: dict[str, str] | None = None, **extensions: Any) -> JSONResponse:
    """A problem details response (``application/problem+json``)."""
    return JSONResponse(problem_body(status, code, detail, instance=instance, **extensions), status_code=status,
                        media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def status_of(exc: PolicyAtlasError) -> int:
    """The HTTP status for a PolicyAtlas error (422 for a kind not listed: the request cannot be processed)."""
    if isinstance(exc, ApiError):
        return exc.status
    for kind, status in STATUS_OF_ERROR:
        if isinstance(exc, kind):
            return status
    return 422


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


Handler = Callable[[Request, Any], Any]


async def _delegate(previous: Handler | None, fallback: Handler | None, request: Request, exc: Exception) -> Response:
    """Outside /api: the handler the application had before (the portal's pages), else the default."""
    handler = previous or fallback
    if handler is None:
        raise exc
    result = handler(request, exc)
    if inspect.isawaitable(result):
        result = await result
    assert isinstance(result, Response)
    return result


def _validation_detail(errors: list[dict[str, Any]]) -> str:
    parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors[:3]]
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "; ".join(parts) + more if parts else "the request is not valid"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error on an /api path with problem details; other paths keep the handlers they had.

    PolicyAtlas errors map to their status (NotFoundError 404, StaleRevisionError 412, input and
    query errors 422, authentication 401/403…), request validation to 422 with ``errors``, HTTP
    errors (unknown path, wrong method) to their status, and anything else to 500 with a reference
    that is logged with the traceback, which never reaches the client.
    """
    previous: dict[Any, Handler | None] = {key: app.exception_handlers.get(key) for key in
                                           (PolicyAtlasError, RequestValidationError, StarletteHTTPException,
                                            Exception)}

    async def on_atlas_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PolicyAtlasError)
        if not _is_api(request):
            return await _delegate(previous[PolicyAtlasError], None, request, exc)
        headers = exc.headers if isinstance(exc, ApiError) else None
        extensions = dict(exc.extensions) if isinstance(exc, ApiError) else {}
        if exc.line is not None:
            extensions.setdefault("line", exc.line)
        return problem_response(status_of(exc), exc.code, str(exc), instance=request.url.path, headers=headers,
                                **extensions)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not _is_api(request):
            return await _delegate(previous[RequestValidationError], request_validation_exception_handler,
                                   request, exc)
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        if errors and all(e["loc"] == ["header", "if-match"] and e["type"] == "missing" for e in errors):
            return problem_response(428, "precondition-required", "send the record's current ETag in If-Match "
                                    "(GET the record to read it)", instance=request.url.path)
        return problem_response(422, "validation-error", _validation_detail(errors), instance=request.url.path,
                                errors=errors)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not _is_api(request):
            return await _delegate(previous[StarletteHTTPException], http_exception_handler, request, exc)
        code = _CODE_OF_STATUS.get(exc.status_code, f"http-{exc.status_code}")
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no API endpoint at {request.url.path} (see /docs for the paths)"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
            detail = f"{request.method} is not allowed on {request.url.path} (allowed: {headers['Allow']})"
        return problem_response(exc.status_code, code, detail, instance=request.url.path, headers=headers)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        if not _is_api(request):
            if previous[Exception] is not None:
                return await _delegate(previous[Exception], None, request, exc)
            return PlainTextResponse("Internal Server Error", status_code=500)
        reference = secrets.token_hex(6)
        log.error("unexpected error on %s %s (reference %s)", request.method, request.url.path, reference,
                  exc_info=exc)
        return problem_response(500, "internal-error", "an unexpected error occurred; it was logged on the server "
                                f"(reference {reference})", instance=request.url.path, reference=reference,
                                headers={"Content-Security-Policy": API_CSP, **COMMON_HEADERS})  # outside the middleware

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        PolicyAtlasError: on_atlas_error, RequestValidationError: on_validation_error,
        StarletteHTTPException: on_http_error, Exception: on_unexpected,
    }
    for key, handler in handlers.items():
        app.add_exception_handler(key, handler)
