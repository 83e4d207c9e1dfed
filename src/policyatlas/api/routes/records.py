"""Records: lists, one record with the ETag of its current revision, its revisions, and edits (If-Match)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from policyatlas.api.caching import CACHE_CONTROL, etag_matches, http_date
from policyatlas.api.deps import EditorDep, EngineDep
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE, PreconditionRequiredError
from policyatlas.api.pagination import Page, PagingDep, page_response
from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.store.db import session_scope
from policyatlas.store.revisions import EDITABLE, edit_record, latest_revisions, list_revisions, record_etag
from policyatlas.store.schema import RecordRow, RevisionRow, SourceRow
from policyatlas.views.records import list_records, record_json
from policyatlas.views.versions import field_changes

router = APIRouter(tags=["records"])

EDIT_EXAMPLE = {"date": {"value": "2005-01-31", "precision": "day", "end": None}, "status": "in_force"}


def _load(session: Session, record_id: str) -> tuple[RecordRow, SourceRow, RevisionRow | None]:
    record = session.get(RecordRow, record_id)
    if record is None:
        raise NotFoundError(f"no record {record_id!r}")
    source = session.get(SourceRow, record.source_id)
    assert source is not None
    return record, source, latest_revisions(session, [record_id]).get(record_id)


def _moment(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _record_response(record: RecordRow, source: SourceRow, revision: RevisionRow | None) -> JSONResponse:
    changed = revision.created_at if revision is not None else source.ingested_at
    headers = {"ETag": record_etag(record, revision), "Last-Modified": http_date(_moment(changed)),
               "Cache-Control": CACHE_CONTROL}
    return JSONResponse(record_json(record, source, revision), headers=headers)


@router.get("/records", response_model=Page, summary="Records, filtered")
def read_records(
    request: Request, engine: EngineDep, paging: PagingDep,
    country: Annotated[str | None, Query(description="ISO code or name.")] = None,
    kind: Annotated[str | None, Query(description="Record kind (law, cert, strategy…).")] = None,
    history: Annotated[bool, Query(description="Include records of superseded source versions.")] = False,
) -> JSONResponse:
    """Records in document order (oldest ingest first), each with its provenance (as
    `policyatlas records --json`)."""
    return page_response(request, list_records(engine, country=country, kind=kind, history=history), paging)


@router.get("/records/{record_id}", summary="One record", responses={304: {"description": "Not modified"}})
def read_record(engine: EngineDep, record_id: str,
                if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """A record as its newest revision states it; `ETag` names that revision (send it in `If-Match`
    to edit the record)."""
    with session_scope(engine) as session:
        record, source, revision = _load(session, record_id)
    response = _record_response(record, source, revision)
    if if_none_match and etag_matches(if_none_match, response.headers["ETag"]):
        return Response(status_code=304, headers={k: response.headers[k] for k in ("ETag", "Last-Modified")})
    return response


@router.get("/records/{record_id}/revisions", response_model=Page, summary="A record's revisions")
def read_revisions(request: Request, engine: EngineDep, paging: PagingDep, record_id: str) -> JSONResponse:
    """Every edit of the record, oldest first: who, when, why, and each field from and to."""
    with session_scope(engine) as session:
        record, _, _ = _load(session, record_id)
        previous: dict[str, Any] = record.data
        revisions = []
        for revision in list_revisions(session, record_id):
            revisions.append({"number": revision.number, "author": revision.author, "comment": revision.comment,
                              "created_at": _moment(revision.created_at).isoformat(),
                              "changes": field_changes(previous, revision.data)})
            previous = revision.data
    return page_response(request, revisions, paging)


@router.patch("/records/{record_id}", summary="Correct a record (editor)",
              responses=AUTH_RESPONSES | {412: PROBLEM_RESPONSE, 428: PROBLEM_RESPONSE})
def update_record(
    engine: EngineDep, editor: EditorDep, record_id: str,
    changes: Annotated[dict[str, Any], Body(description=f"The fields to correct: {', '.join(EDITABLE)}.",
                                            examples=[EDIT_EXAMPLE])],
    if_match: Annotated[str | None, Header(description="The record's current ETag (from GET).")] = None,
    comment: Annotated[str | None, Query(max_length=2000, description="Why the record is corrected.")] = None,
) -> JSONResponse:
    """Apply a correction as a new revision with its author and time. `If-Match` must carry the
    record's current ETag: without it the answer is 428, and 412 when someone changed it first."""
    if not if_match:
        raise PreconditionRequiredError("send the record's current ETag in If-Match (GET the record to read it)")
    if not changes:
        raise ConfigError(f"nothing to correct: send the fields to change ({', '.join(EDITABLE)})")
    with session_scope(engine) as session:
        try:
            edit_record(session, record_id, changes, author=editor.name, comment=comment,
                        if_match=None if if_match.strip() == "*" else if_match.strip())
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"invalid correction: {exc}") from None
    with session_scope(engine) as session:
        return _record_response(*_load(session, record_id))
