"""Dependencies of the API's routes: the atlas engine, the caller behind a token, role checks, dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from policyatlas.api.errors import ForbiddenError, UnauthorizedError
from policyatlas.errors import ConfigError
from policyatlas.model.dates import parse_date
from policyatlas.services import accounts

#: Default largest upload (documents, frameworks, any request body): 20 MB.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ApiContext:
    """What the routes of one application share: its atlas database and its upload limit."""

    engine: Engine
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES


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


def optional_caller(request: Request, engine: EngineDep,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller | None:
    """The caller when a token is sent, None when none is; a token that is sent must be valid.

    Raises:
        UnauthorizedError: an Authorization header that is not a valid, unrevoked bearer token.
    """
    if credentials is None:
        if request.headers.get("authorization"):
            raise UnauthorizedError("the Authorization header must be `Bearer <token>`", headers=_CHALLENGE)
        return None
    user = accounts.authenticate(engine, credentials.credentials)
    caller = Caller(user.name, user.role) if user is not None else None
    if caller is None:
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


def iso_date(text: str | None, name: str) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from a query parameter ("2019", "1 March 2020").

    Raises:
        ConfigError: the text is not a date.
    """
    if text is None or not text.strip():
        return None
    date = parse_date(text)
    if date is None or date.value is None:
        raise ConfigError(f"{name}={text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return date.value


def split_list(values: list[str] | None) -> list[str]:
    """Values of a repeatable query parameter, each possibly comma-separated (``countries=MX,GB``)."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]
