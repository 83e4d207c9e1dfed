"""Suggestions: anyone may propose a correction or a document; editors accept or reject them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from policyatlas.api.deps import EditorDep, EngineDep, OptionalCaller
from policyatlas.api.errors import AUTH_RESPONSES, PROBLEM_RESPONSE
from policyatlas.api.pagination import Page, PagingDep, page_response
from policyatlas.errors import ConfigError
from policyatlas.store import revisions
from policyatlas.store.db import session_scope
from policyatlas.store.schema import SuggestionRow

router = APIRouter(tags=["suggestions"])


class SuggestionIn(BaseModel):
    """A correction of a record (``record`` and ``changes``) or a new document (``url``, ``title``, ``text``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "correction", "record": "0123456789abcdef", "changes": {"status": "in_force"},
         "comment": "In force since 2005 (Diario Oficial).", "submitter": "ana@example.org"},
        {"kind": "document", "url": "https://example.org/strategy.pdf", "title": "National strategy 2024",
         "country": "MX"}]})
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


def _moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def suggestion_json(row: SuggestionRow) -> dict[str, Any]:
    """One suggestion with its payload and, once decided, who decided and when."""
    return {"id": row.id, "kind": row.kind, "record": row.record_id, "payload": row.payload,
            "submitter": row.submitter, "status": row.status, "created_at": _moment(row.created_at),
            "decided_by": row.decided_by, "decided_at": _moment(row.decided_at), "note": row.note}


@router.post("/suggestions", status_code=202, summary="Suggest a correction or a document (anyone)",
             responses={401: PROBLEM_RESPONSE})
def create_suggestion(engine: EngineDep, caller: OptionalCaller, body: SuggestionIn) -> dict[str, Any]:
    """Queue a suggestion for an editor; nothing public changes until one accepts it. No token is
    needed (a token sent must be valid: its user is then the submitter)."""
    payload = body.model_dump(exclude_none=True, exclude={"kind", "record", "submitter"})
    submitter = caller.name if caller else (body.submitter or "").strip() or "anonymous"
    with session_scope(engine) as session:
        try:
            row = revisions.add_suggestion(session, kind=body.kind, payload=payload, submitter=submitter,
                                           record_id=body.record)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"invalid correction: {exc}") from None
        return {"id": row.id, "kind": row.kind, "record": row.record_id, "status": row.status}


@router.get("/suggestions", response_model=Page, summary="Suggestions (editor)", responses=AUTH_RESPONSES)
def read_suggestions(
    request: Request, engine: EngineDep, editor: EditorDep, paging: PagingDep,
    status: Annotated[Literal["pending", "accepted", "rejected", "all"], Query(description="Which ones.")] = "pending",
) -> JSONResponse:
    """Suggestions, oldest first."""
    with session_scope(engine) as session:
        rows = [suggestion_json(r) for r in revisions.list_suggestions(session, status=None if status == "all"
                                                                          else status)]
    return page_response(request, rows, paging)


@router.post("/suggestions/{suggestion_id}", summary="Accept or reject a suggestion (editor)",
             responses=AUTH_RESPONSES)
def decide_suggestion(engine: EngineDep, editor: EditorDep, suggestion_id: int,
                      body: SuggestionDecision) -> dict[str, Any]:
    """Accepting a correction makes it a revision of the record naming both the editor and the
    submitter; rejecting keeps it out. Either way the decision is kept."""
    with session_scope(engine) as session:
        try:
            row = revisions.decide_suggestion(session, suggestion_id, accept=body.decision == "accept",
                                              editor=editor.name, note=body.note)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"the correction cannot be applied: {exc}") from None
        return suggestion_json(row)
