"""Sources: the documents ingested (with their text and each record's lines), and uploads to ingest."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from policyatlas.api.deps import ContextDep, EditorDep, EngineDep
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE, IngestFailedError
from policyatlas.api.pagination import PagingDep, json_response, list_response
from policyatlas.api.uploads import DOCUMENT_TYPES, media_type, read_upload, safe_name
from policyatlas.errors import ConfigError
from policyatlas.schemas.common import Page
from policyatlas.schemas.sources import SourceDetailOut, SourceOut
from policyatlas.services.ingest import IngestReport, ingest_upload
from policyatlas.sources.base import parse_options
from policyatlas.views.sources import get_source, list_sources

router = APIRouter(tags=["sources"])


def _public_path(source: SourceOut) -> SourceOut:
    """A source as the public sees it: where files lie on the server is not its business."""
    if not source.path.startswith("upload:"):
        source.path = source.file
    return source


@router.get("/sources", response_model=Page[SourceOut], summary="Sources (documents) ingested")
def read_sources(request: Request, engine: EngineDep, paging: PagingDep,
                 country: Annotated[str | None, Query(description="ISO code or name.")] = None) -> Response:
    """Every source, oldest ingest first (as `policyatlas sources --json`, but `path` is only the
    file's name: where files lie on the server is not the public's business)."""
    def fetch(limit: int, offset: int) -> Page[SourceOut]:
        page = list_sources(engine, country=country, limit=limit, offset=offset)
        page.data = [_public_path(s) for s in page.data]
        return page

    return list_response(request, paging, fetch, name="sources")


@router.get("/sources/{source_id}", response_model=SourceDetailOut,
            summary="One source with its text and records' lines")
def read_source(engine: EngineDep, source_id: str) -> Response:
    """A source by id (or SHA-256 prefix): its metadata (`records` is the count, as in the list), its
    full `text` (what line numbers refer to), and `spans`: the line (and page) span of each of its
    records in the text."""
    source = get_source(engine, source_id, with_text=True, with_spans=True)
    _public_path(source)
    return json_response(source)


@router.post("/sources", status_code=201, summary="Upload a document to ingest (editor)",
             responses=AUTH_RESPONSES | {200: {"description": "The same bytes were ingested before (unchanged)"},
                                         413: PROBLEM_RESPONSE, 415: PROBLEM_RESPONSE})
def upload_source(
    context: ContextDep, editor: EditorDep,
    file: Annotated[UploadFile, File(description="The document: text, Markdown, HTML, CSV, JSON, YAML, PDF or DOCX.")],
    format: Annotated[str | None, Form(description="A parser to use instead of detecting the format.")] = None,
    published: Annotated[str | None, Form(description="Publication date of an undated article.")] = None,
    country: Annotated[str | None, Form(description="The country the document is about, when it does not say.")
                       ] = None,
) -> JSONResponse:
    """Ingest one document as `policyatlas ingest --json` would and answer its report: 201 when
    imported (`Location` names the new source), 200 when the same bytes were ingested before, 422
    (problem `ingest-failed` with the `report`) when it cannot be read."""
    media_type(file.content_type, file.filename, DOCUMENT_TYPES)
    data = read_upload(file, context.max_upload_bytes)
    report = ingest_upload(context.engine, data, safe_name(file.filename), uploader=editor.name, format=format,
                           options=parse_options(published, country))
    body = IngestReport([report]).to_json()
    if report.status == "error":
        raise IngestFailedError(report.error or "the document could not be ingested", report=body)
    if report.status == "imported" and report.source:
        return JSONResponse(body, status_code=201, headers={"Location": f"/api/sources/{report.source}"})
    if report.status != "unchanged":
        raise ConfigError(f"unexpected ingest status {report.status!r}")
    return JSONResponse(body, status_code=200)
