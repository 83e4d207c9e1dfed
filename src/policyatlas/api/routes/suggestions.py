"""Suggestions: anyone may propose a correction or a document; editors accept or reject them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from policyatlas.api.deps import ContextDep, EditorDep, EngineDep, OptionalCaller
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE
from policyatlas.api.pagination import MAX_ID, PagingDep, list_response
from policyatlas.api.ratelimit import count
from policyatlas.api.routes.records import RECORD_EDIT_SCHEMA
from policyatlas.schemas.common import Page
from policyatlas.schemas.editing import SuggestionOut, SuggestionReview
from policyatlas.services import editing
from policyatlas.views.suggestions import list_suggestions

router = APIRouter(tags=["suggestions"])


def _suggestion_schema(schema: dict[str, Any]) -> None:
    """What the validator below checks, in the published schema: a correction names the record and its
    changes (shaped as for PATCH); a document gives its url or its text."""
    schema["properties"]["changes"] = {"anyOf": [RECORD_EDIT_SCHEMA, {"type": "null"}],
                                       "description": schema["properties"]["changes"].get("description")}
    schema["oneOf"] = [
        {"properties": {"kind": {"const": "correction"}, "record": {"type": "string", "minLength": 1},
                        "changes": RECORD_EDIT_SCHEMA}, "required": ["kind", "record", "changes"]},
        {"properties": {"kind": {"const": "document"}}, "required": ["kind"],
         "anyOf": [{"properties": {"url": {"type": "string", "minLength": 1}}, "required": ["url"]},
                   {"properties": {"text": {"type": "string", "minLength": 1}}, "required": ["text"]}]},
    ]
    schema["examples"] = [
        {"kind": "correction", "record": "0123456789abcdef", "changes": {"status": "in_force"},
         "comment": "In force since 2005 (Diario Oficial).", "submitter": "ana@example.org"},
        {"kind": "document", "url": "https://example.org/strategy.pdf", "title": "National strategy 2024",
         "country": "MX"}]


class SuggestionIn(BaseModel):
    """A correction of a record (``record`` and ``changes``) or a new document (``url``, ``title``, ``text``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_suggestion_schema)
    kind: Literal["correction", "document"]
    record: str | None = Field(None, max_length=24, description="The record to correct.")
    changes: dict[str, Any] | None = Field(None, description="The fields to correct, as for PATCH /api/records/{id}.")
    url: str | None = Field(None, max_length=2000, description="Where the document is published.")
    title: str | None = Field(None, max_length=500)
    country: str | None = Field(None, max_length=80)
    text: str | None = Field(None, max_length=200_000, description="The document's text, when it has no URL.")
    comment: str | None = Field(None, max_length=2000, description="Why, and the evidence.")
    submitter: str | None = Field(None, max_length=200, description="A name or address to credit (optional).")

    @model_validator(mode="after")
    def _complete(self) -> SuggestionIn:
        if self.kind == "correction" and (not self.record or not self.changes):
            raise ValueError("a correction names the record and the changes")
        if self.kind == "document" and not (self.url or self.text):
            raise ValueError("a document suggestion gives its url or its text")
        return self


class SuggestionDecision(BaseModel):
    """An editor's decision on a suggestion."""

    model_config = ConfigDict(extra="forbid")
    decision: Literal["accept", "reject"]
    note: str | None = Field(None, max_length=2000, description="Why (kept with the decision).")


@router.post("/suggestions", status_code=202, summary="Suggest a correction or a document (anyone)",
             responses={401: PROBLEM_RESPONSE, 429: PROBLEM_RESPONSE},
             openapi_extra={"security": [{}]})  # a token is optional here: no token, no requirement
def create_suggestion(request: Request, context: ContextDep, caller: OptionalCaller,
                      body: SuggestionIn) -> dict[str, Any]:
    """Queue a suggestion for an editor; nothing public changes until one accepts it. No token is
    needed (a token sent must be valid: its user is then the submitter); without one, a client may
    send a limited number an hour (429 with `Retry-After` past it)."""
    if caller is None:
        count(context.limits.suggestions, request, "suggestions")
    payload = body.model_dump(exclude_none=True, exclude={"kind", "record", "submitter"})
    submitter = caller.name if caller else (body.submitter or "").strip() or "anonymous"
    row = editing.suggest(context.engine, kind=body.kind, payload=payload, submitter=submitter, record_id=body.record)
    return {"id": row.id, "kind": row.kind, "record": row.record, "status": row.status}


@router.get("/suggestions", response_model=Page[SuggestionReview], summary="Suggestions (editor)",
            responses=AUTH_RESPONSES)
def read_suggestions(
    request: Request, engine: EngineDep, editor: EditorDep, paging: PagingDep,
    status: Annotated[Literal["pending", "accepted", "rejected", "all"], Query(description="Which ones.")] = "pending",
) -> Response:
    """Suggestions, oldest first, each with the record's title and the current values of the fields it
    would change."""
    return list_response(request, paging, lambda limit, offset: list_suggestions(
        engine, status=None if status == "all" else status, limit=limit, offset=offset), name="suggestions")


@router.post("/suggestions/{suggestion_id}", response_model=SuggestionOut,
             summary="Accept or reject a suggestion (editor)",
             responses=AUTH_RESPONSES | {409: PROBLEM_RESPONSE, 412: PROBLEM_RESPONSE})
def decide_suggestion(engine: EngineDep, editor: EditorDep, suggestion_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                      body: SuggestionDecision) -> SuggestionOut:
    """Accepting a correction makes it a revision of the record naming both the editor and the
    submitter; rejecting keeps it out. Either way the decision is kept."""
    return editing.decide_suggestion(engine, suggestion_id, accept=body.decision == "accept", editor=editor.name,
                                     note=body.note)
