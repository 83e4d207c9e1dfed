"""Editors sign in with their name and API token, sign out, and upload documents to ingest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from policyatlas.errors import ConfigError, PolicyAtlasError
from policyatlas.services.ingest import IngestReport, ingest_upload
from policyatlas.sources import parsers
from policyatlas.sources.base import ParseOptions, parse_options
from policyatlas.web.auth import CheckedForm, EditorDep, safe_next, sign_in, sign_out
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)
MAX_FILES = 20
_UNSAFE = re.compile(r"[^\w.\- ]+")


def _text(form: CheckedForm, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, portal: PortalDep, next: str = "/") -> HTMLResponse:
    """The sign-in form."""
    return portal.render(request, "login.html", {"next": safe_next(next), "error": None, "name": ""})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, portal: PortalDep, form: CheckedForm) -> Response:
    """Check the name and token; on success go where the editor was going."""
    t = portal.translator(request)
    name, token, target = _text(form, "name"), _text(form, "token"), safe_next(_text(form, "next"))
    if not name or not token or sign_in(portal.engine, request, name, token) is None:
        return portal.render(request, "login.html", {
            "next": target, "name": name,
            "error": t("That name and token do not match an active account."),
        }, status_code=401)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, form: CheckedForm) -> Response:
    """Sign out and go home."""
    sign_out(request)
    return RedirectResponse("/", status_code=303)


def _options(form: CheckedForm) -> ParseOptions:
    return parse_options(_text(form, "published"), _text(form, "country"))


def _form_context(form: CheckedForm | None = None) -> dict[str, Any]:
    return {"formats": [{"kind": p.kind, "description": p.description} for p in parsers()],
            "values": {k: _text(form, k) for k in ("format", "published", "country")} if form else {}}


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, portal: PortalDep, editor: EditorDep) -> HTMLResponse:
    """The upload form (editors only)."""
    return portal.render(request, "upload.html", _form_context() | {"report": None, "error": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, portal: PortalDep, editor: EditorDep, form: CheckedForm) -> HTMLResponse:
    """Ingest the uploaded documents and show what happened to each."""
    t = portal.translator(request)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename][:MAX_FILES]
    context = _form_context(form)
    if not files:
        return portal.render(request, "upload.html", context | {"report": None, "error": t("Choose a file to upload.")},
                             status_code=422)
    try:
        options = _options(form)
        fmt = _text(form, "format") or None
        limit = portal.settings.max_upload_bytes
        result = IngestReport()
        for upload_file in files:
            data = await upload_file.read(limit + 1)
            if len(data) > limit:
                raise ConfigError(f"{upload_file.filename} is larger than {limit // (1024 * 1024)} MB")
            name = _UNSAFE.sub("_", Path(upload_file.filename or "upload").name).strip() or "upload"
            result.files.append(await run_in_threadpool(
                ingest_upload, portal.engine, data, name, uploader=editor.name, format=fmt, options=options))
        report = result.to_json()
    except PolicyAtlasError as exc:
        return portal.render(request, "upload.html", context | {"report": None, "error": exc.message},
                             status_code=422)
    for item in report["files"]:
        item["name"] = item["path"]
    return portal.render(request, "upload.html", context | {"report": report, "error": None})
