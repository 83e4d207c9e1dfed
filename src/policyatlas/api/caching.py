"""Conditional GETs: an ETag and Last-Modified on every read under /api, 304 when the client has it, and HEAD."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policyatlas import __version__
from policyatlas.views.cache import data_token

log = logging.getLogger(__name__)

#: Reads revalidate every time: a client (or proxy) may keep a copy but must ask with its ETag first.
CACHE_CONTROL = "no-cache"


@dataclass(frozen=True)
class DataVersion:
    """What identifies the state of the public atlas, and when it last changed."""

    token: str
    modified: datetime | None


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite keeps times without their zone


def data_version(engine: Engine) -> DataVersion:
    """The atlas's data version (see ``views.cache.data_token``) and when it last changed."""
    row = data_token(engine)
    moments = [_aware(v) for v in row if isinstance(v, datetime)]
    token = "|".join([__version__, *(v.isoformat() if isinstance(v, datetime) else str(v) for v in row)])
    return DataVersion(token, max((m for m in moments if m is not None), default=None))


def make_etag(version: DataVersion, url: str) -> str:
    """A weak ETag for a read: the data version and the request's path and query."""
    digest = hashlib.sha256(f"{version.token}\n{url}".encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def http_date(moment: datetime) -> str:
    """A time as an HTTP date (``Tue, 15 Nov 1994 08:12:31 GMT``)."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names this ETag (weak comparison; ``*`` matches any)."""
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


class ConditionalGetMiddleware:
    """ETag / Last-Modified on successful GETs under a prefix, and 304 Not Modified for a matching If-None-Match.

    A route that sets its own ETag (a record: the ETag of its current revision) keeps it and answers
    If-None-Match itself. Paths under ``private`` (lists only editors see) get neither.
    """

    def __init__(self, app: ASGIApp, *, engine: Engine, prefix: str = "/api/",
                 private: tuple[str, ...] = ()) -> None:
        self.app, self.engine, self.prefix, self.private = app, engine, prefix, private

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if (not path.startswith(self.prefix) or scope["method"] not in ("GET", "HEAD")
                or any(path.startswith(p) for p in self.private)):
            await self.app(scope, receive, send)
            return
        try:
            version = await run_in_threadpool(data_version, self.engine)
        except Exception:  # a database not yet migrated: the route itself reports what is wrong
            log.debug("no data version for %s", path, exc_info=True)
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        accept = Headers(scope=scope).get("accept", "")  # one address, two representations (JSON, CSV)
        etag = make_etag(version, path + ("?" + query if query else "") + ("#csv" if "text/csv" in accept else ""))
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        if version.modified is not None:
            headers["Last-Modified"] = http_date(version.modified)
        if_none_match = Headers(scope=scope).get("if-none-match")
        if if_none_match and etag_matches(if_none_match, etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                out = MutableHeaders(scope=message)
                own = "etag" in out
                for name, value in headers.items():
                    if name not in out and not (own and name == "Last-Modified"):
                        out[name] = value
            await send(message)

        await self.app(scope, receive, send_with_validators)


class HeadMiddleware:
    """Answer HEAD as the GET of the same URL without its body (RFC 9110: a server that answers GET
    answers HEAD), with the headers GET would send."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
