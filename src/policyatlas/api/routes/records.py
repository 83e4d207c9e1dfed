"""Records: lists, one record with the ETag of its current revision, its revisions, and edits (If-Match)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import Response

from policyatlas.api.caching import CACHE_CONTROL, etag_matches, http_date
from policyatlas.api.deps import DATE_SCHEMA, EditorDep, EngineDep
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE, PreconditionRequiredError
from policyatlas.api.pagination import PagingDep, json_response, list_response
from policyatlas.errors import ConfigError
from policyatlas.schemas.common import Page
from policyatlas.schemas.editing import RevisionOut
from policyatlas.schemas.records import RecordOut
from policyatlas.services.editing import EDITABLE, STATUSES, edit_record
from policyatlas.views.records import get_record, list_records, list_revisions

router = APIRouter(tags=["records"])

EDIT_EXAMPLE = {"date": {"value": "2005-01-31", "precision": "day", "end": None}, "status": "in_force"}
_TEXT = {"type": "string"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_NONBLANK = {"type": "string", "pattern": "\\S"}


def _date_of(precision: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": ["value", "precision"],
            "properties": {"value": value, "precision": {"const": precision}, "end": {"type": "null"}}}


#: A date as the API writes it (``FuzzyDate``): the value's form matches its precision. A range
#: (``end`` later than ``value``) is accepted too; the schema shows single dates.
DATE_VALUE: dict[str, Any] = {"oneOf": [
    _date_of("year", DATE_SCHEMA["anyOf"][0]), _date_of("month", DATE_SCHEMA["anyOf"][1]),
    _date_of("day", DATE_SCHEMA["anyOf"][2]),
    {"type": "object", "additionalProperties": False, "required": ["value", "precision"],
     "properties": {"value": {"type": "null"}, "precision": {"type": "null"}, "end": {"type": "null"}}}]}
_PAIRS = {name: {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": list(keys),
                                            "properties": {k: _TEXT for k in keys}}}
          for name, keys in (("actors", ("name", "role")), ("links", ("label", "url")))}
#: The body of an edit, exactly as ``store.revisions`` validates it.
RECORD_EDIT_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {
        "title": _NONBLANK, "title_en": _OPTIONAL_TEXT, "acronym": _OPTIONAL_TEXT, "date_note": _OPTIONAL_TEXT,
        "description": _OPTIONAL_TEXT, "date": {"anyOf": [DATE_VALUE, {"type": "null"}]},
        "dates": {"type": ["array", "null"], "items": DATE_VALUE},
        "amended": {"type": ["array", "null"], "items": DATE_VALUE},
        "points": {"type": "array", "items": _TEXT}, **_PAIRS,
        "status": {"enum": [*STATUSES, None]},
    },
}


def _record_response(engine: Any, record_id: str) -> Response:
    record, etag, changed = get_record(engine, record_id)
    headers = {"ETag": etag, "Last-Modified": http_date(changed), "Cache-Control": CACHE_CONTROL}
    return json_response(record, headers=headers)


@router.get("/records", response_model=Page[RecordOut], summary="Records, filtered")
def read_records(
    request: Request, engine: EngineDep, paging: PagingDep,
    country: Annotated[str | None, Query(description="ISO code or name.")] = None,
    kind: Annotated[str | None, Query(description="Record kind (law, cert, strategy…).")] = None,
    history: Annotated[bool, Query(description="Include records of superseded source versions.")] = False,
) -> Response:
    """Records in document order (oldest ingest first), each with its provenance (as
    `policyatlas records --json`)."""
    return list_response(request, paging, lambda limit, offset: list_records(
        engine, country=country, kind=kind, history=history, limit=limit, offset=offset), name="records")


@router.get("/records/{record_id}", response_model=RecordOut, summary="One record",
            responses={304: {"description": "Not modified"}})
def read_record(engine: EngineDep, record_id: str,
                if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """A record as its newest revision states it; `ETag` names that revision (send it in `If-Match`
    to edit the record)."""
    response = _record_response(engine, record_id)
    if if_none_match and etag_matches(if_none_match, response.headers["ETag"]):
        return Response(status_code=304, headers={k: response.headers[k] for k in ("ETag", "Last-Modified")})
    return response


@router.get("/records/{record_id}/revisions", response_model=Page[RevisionOut], summary="A record's revisions")
def read_revisions(request: Request, engine: EngineDep, paging: PagingDep, record_id: str) -> Response:
    """Every edit of the record, oldest first: who, when, why, and each field from and to."""
    return list_response(request, paging, lambda limit, offset: list_revisions(
        engine, record_id, limit=limit, offset=offset), name="revisions")


@router.patch("/records/{record_id}", response_model=RecordOut, summary="Correct a record (editor)",
              responses=AUTH_RESPONSES | {412: PROBLEM_RESPONSE, 428: PROBLEM_RESPONSE})
def update_record(
    engine: EngineDep, editor: EditorDep, record_id: str,
    changes: Annotated[dict[str, Any], Body(description=f"The fields to correct: {', '.join(EDITABLE)}.",
                                            examples=[EDIT_EXAMPLE], json_schema_extra=RECORD_EDIT_SCHEMA)],
    if_match: Annotated[str, Header(description="The record's current ETag (from GET); without it the answer "
                                                "is 428.")],
    comment: Annotated[str | None, Query(max_length=2000, description="Why the record is corrected.")] = None,
) -> Response:
    """Apply a correction as a new revision with its author and time. `If-Match` must carry the
    record's current ETag: without it the answer is 428, and 412 when someone changed it first."""
    if not if_match.strip():
        raise PreconditionRequiredError("send the record's current ETag in If-Match (GET the record to read it)")
    if not changes:
        raise ConfigError(f"nothing to correct: send the fields to change ({', '.join(EDITABLE)})")
    edit_record(engine, record_id, changes, author=editor.name, comment=comment,
                if_match=None if if_match.strip() == "*" else if_match.strip())
    return _record_response(engine, record_id)
