"""Dependencies of the API's routes: the atlas engine, the caller behind a token, role checks, dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from policyatlas.api.errors import ForbiddenError, UnauthorizedError
from policyatlas.api.ratelimit import RateLimits, check, count
from policyatlas.errors import ConfigError
from policyatlas.services import accounts

#: Default largest upload (documents, frameworks, any request body): 20 MB.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ApiContext:
    """What the routes of one application share: its atlas database and its upload limit."""

    engine: Engine
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    limits: RateLimits = field(default_factory=RateLimits.per)
    public_url: str | None = None


@dataclass(frozen=True)
class Caller:
    """The user an API token belongs to."""

    name: str
    role: str


def get_context(request: Request) -> ApiContext:
    """The application's API context (set by ``install_api``)."""
    context = getattr(request.app.state, "policyatlas_api", None)
    assert isinstance(context, ApiContext), "install_api(app, engine, settings) was not called"
    return context


def get_engine(context: Annotated[ApiContext, Depends(get_context)]) -> Engine:
    """The atlas database engine."""
    return context.engine


ContextDep = Annotated[ApiContext, Depends(get_context)]
EngineDep = Annotated[Engine, Depends(get_engine)]

bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="An API token: `policyatlas users add NAME --role editor` prints one.")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="policyatlas"'}


def optional_caller(request: Request, context: ContextDep,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller | None:
    """The caller when a token is sent, None when none is; a token that is sent must be valid.

    A client that sent too many unknown or revoked tokens gets 429 for any token until it waits.

    Raises:
        UnauthorizedError: an Authorization header that is not a valid, unrevoked bearer token.
        TooManyRequestsError: too many bad tokens from this client.
    """
    if credentials is None:
        if request.headers.get("authorization"):
            raise UnauthorizedError("the Authorization header must be `Bearer <token>`", headers=_CHALLENGE)
        return None
    check(context.limits.bad_tokens, request, "unknown API tokens")
    user = accounts.authenticate(context.engine, credentials.credentials)
    caller = Caller(user.name, user.role) if user is not None else None
    if caller is None:
        count(context.limits.bad_tokens, request, "unknown API tokens")
        raise UnauthorizedError("the API token is not valid (unknown or revoked)",
                                headers={"WWW-Authenticate": 'Bearer realm="policyatlas", error="invalid_token"'})
    return caller


OptionalCaller = Annotated[Caller | None, Depends(optional_caller)]


def require_role(role: str) -> Callable[[Caller | None], Caller]:
    """A dependency that lets through only callers whose role includes ``role`` (viewer < editor < admin)."""

    def check(caller: OptionalCaller) -> Caller:
        if caller is None:
            raise UnauthorizedError(f"this request needs an API token of an {role} or above: send "
                                    "`Authorization: Bearer <token>`", headers=_CHALLENGE)
        if not accounts.role_allows(caller.role, role):
            raise ForbiddenError(f"user {caller.name!r} is a {caller.role}; this request needs an {role} or above")
        return caller

    return check


EditorDep = Annotated[Caller, Depends(require_role("editor"))]


_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH = "(0[1-9]|1[0-2])"
#: What a date parameter may be, as the OpenAPI document says it: YYYY, YYYY-MM, a calendar date
#: YYYY-MM-DD, or empty (not given); ``iso_date`` accepts exactly these.
DATE_SCHEMA: dict[str, Any] = {"anyOf": [
    {"type": "string", "pattern": f"^{_YEAR}$"}, {"type": "string", "pattern": f"^{_YEAR}-{_MONTH}$"},
    {"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]}
#: A list of countries (``countries=MX,GB`` or repeated): at least one, each naming something.
COUNTRY_LIST_SCHEMA: dict[str, Any] = {"minItems": 1, "items": {"type": "string", "pattern": "[^,\\s]"}}
_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def date_query(description: str, *, alias: str | None = None) -> Any:
    """A query parameter holding a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), so documented."""
    return Query(alias=alias, description=f"{description} (YYYY, YYYY-MM or YYYY-MM-DD).",
                 json_schema_extra=DATE_SCHEMA)


def iso_date(text: str | None, name: str) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from a query parameter; None when empty or absent.

    Raises:
        ConfigError: the text is not such a date (a day that does not exist is not one).
    """
    if not text:
        return None
    match = _ISO_DATE.fullmatch(text)
    if match is not None:
        year, month, day = match.groups()
        try:
            date(int(year), int(month or 1), int(day or 1))
            return text
        except ValueError:
            pass
    raise ConfigError(f"{name}={text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def split_list(values: list[str] | None) -> list[str]:
    """Values of a repeatable query parameter, each possibly comma-separated (``countries=MX,GB``)."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def time_axes(
    in_force_at: Annotated[str | None, date_query("Only what existed at this date by the facts' own dates "
                                                  "(adopted, enacted, established, amended, repealed), from any "
                                                  "source; undated facts are listed apart")] = None,
    known_at: Annotated[str | None, date_query("As the sources published (or ingested, when they give no date) "
                                               "by this date said it")] = None,
    as_of: Annotated[str | None, date_query("Another name for known_at (kept)")] = None,
) -> dict[str, str | None]:
    """The two time axes of a dated read, each date checked (``as_of`` is another name for ``known_at``).

    Raises:
        ConfigError: a date that is not one, or as_of and known_at with different dates.
    """
    known, alias = iso_date(known_at, "known_at"), iso_date(as_of, "as_of")
    if known and alias and known != alias:
        raise ConfigError(f"as_of={as_of!r} and known_at={known_at!r} disagree (as_of is another name for known_at)")
    return {"in_force_at": iso_date(in_force_at, "in_force_at"), "known_at": known or alias}


AxesDep = Annotated[dict[str, str | None], Depends(time_axes)]
