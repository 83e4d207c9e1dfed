"""Uploads: the body size limit (413), the content types PolicyAtlas reads (415), safe file names."""

from __future__ import annotations

import html
import mimetypes
import re
from pathlib import PurePosixPath, PureWindowsPath

from fastapi import UploadFile
from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policyatlas.api.errors import PayloadTooLargeError, UnsupportedMediaTypeError, problem_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Content types of documents (besides every text/* type: plain, Markdown, HTML, CSV, YAML…).
DOCUMENT_TYPES = frozenset({"application/pdf", "application/json", "application/yaml", "application/x-yaml",
                            "application/xhtml+xml", DOCX})
#: Content types of framework files (YAML or JSON).
FRAMEWORK_TYPES = frozenset({"application/json", "application/yaml", "application/x-yaml"})
#: What clients send when they do not know the type: the file name's extension decides then.
GENERIC_TYPES = frozenset({"", "application/octet-stream"})
_EXTENSION_TYPES = {".yaml": "application/yaml", ".yml": "application/yaml", ".md": "text/markdown",
                    ".markdown": "text/markdown", ".csv": "text/csv", ".json": "application/json", ".txt": "text/plain",
                    ".docx": DOCX}
#: Room for the multipart envelope and form fields around an uploaded file.
MULTIPART_SLACK = 64 * 1024
_UNSAFE = re.compile(r"[^\w.\- ]+")


def media_type(content_type: str | None, filename: str | None, allowed: frozenset[str]) -> str:
    """The upload's content type when it is one PolicyAtlas reads (``text/*`` or one of ``allowed``).

    A generic type (none, ``application/octet-stream``) is guessed from the file name's extension.

    Raises:
        UnsupportedMediaTypeError: any other type.
    """
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in GENERIC_TYPES and filename:
        suffix = PurePosixPath(filename).suffix.lower()
        kind = _EXTENSION_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or kind
    if kind.startswith("text/") or kind in allowed:
        return kind
    readable = "text/*, " + ", ".join(sorted(allowed))
    raise UnsupportedMediaTypeError(f"cannot ingest a document of type {kind or 'unknown'!r} (send one of: {readable})")


def read_upload(file: UploadFile, limit: int) -> bytes:
    """The uploaded file's bytes, at most ``limit`` of them.

    Raises:
        PayloadTooLargeError: the file is larger than ``limit``.
    """
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLargeError(f"the file is larger than the upload limit of {describe_size(limit)}",
                                   limit=limit)
    return data


def safe_name(filename: str | None, default: str = "upload") -> str:
    """A file name without folders or characters a file system may refuse (``../x/é doc.txt`` → ``é doc.txt``)."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE.sub("_", name).strip(" .")[:120]
    return name or default


def describe_size(size: int) -> str:
    """A byte count as a person reads it (``20 MB``, ``512 kB``, ``900 bytes``)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} kB"
    return f"{size} bytes"


class BodyLimitMiddleware:
    """Refuse request bodies over their limit with 413, before reading them: uploads (POST to one of
    ``upload_paths``) may carry ``limit`` bytes of documents, every other request ``body_limit`` bytes.

    A declared Content-Length over the limit (plus room for the multipart envelope) is refused at
    once; a body without one is counted as it arrives and refused when it grows past it.
    """

    def __init__(self, app: ASGIApp, *, limit: int, body_limit: int | None = None,
                 upload_paths: tuple[str, ...] = ()) -> None:
        self.app, self.limit, self.upload_paths = app, limit, upload_paths
        self.body_limit = body_limit if body_limit is not None else limit

    def limit_for(self, scope: Scope) -> tuple[int, int]:
        """The limit this request's body is held to, and the bytes allowed (with room for the multipart
        envelope around an upload's documents)."""
        if scope["method"] == "POST" and scope.get("path", "") in self.upload_paths:
            return self.limit, self.limit + MULTIPART_SLACK
        return self.body_limit, self.body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, allowed = self.limit_for(scope)
        message = f"the request body is larger than the limit of {describe_size(limit)}"
        declared = Headers(scope=scope).get("content-length")
        if declared and declared.isdigit() and int(declared) > allowed:
            await too_large_response(scope, message, limit)(scope, receive, send)
            return
        received = 0
        too_large = started = False

        async def counted() -> Message:
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > allowed:
                    # Stop the app reading (to a form parser this is a disconnect) and answer 413 ourselves:
                    # an exception raised here would reach the client as the parser's own 400.
                    too_large = True
                    return {"type": "http.disconnect"}
            return incoming

        async def guarded(outgoing: Message) -> None:
            nonlocal started
            if too_large:
                return  # whatever the app answers to the cut body, the answer is 413
            started = started or outgoing["type"] == "http.response.start"
            await send(outgoing)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await too_large_response(scope, message, limit)(scope, receive, send)


def too_large_response(scope: Scope, message: str, limit: int) -> Response:
    """413: problem details on the API, a short page elsewhere; the connection is closed (the rest of
    the body is never read)."""
    path = scope.get("path", "")
    headers = {"Connection": "close"}
    if path == "/api" or path.startswith("/api/"):
        return problem_response(413, "payload-too-large", message, instance=path, limit=limit, headers=headers)
    page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Request too large</title></head>"
            f"<body><main><h1>Request too large</h1><p>{html.escape(message)}.</p></main></body></html>")
    return HTMLResponse(page, status_code=413, headers=headers)
