"""The review queue: editors accept (a revision naming both people) or reject visitors' suggestions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as FastApiPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyatlas.api.pagination import MAX_ID
from policyatlas.services.editing import decide_suggestion
from policyatlas.web.auth import CheckedForm, EditorDep
from policyatlas.web.paging import PAGE_SIZE, offset_of, page_links
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import list_suggestions

router = APIRouter(include_in_schema=False)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, portal: PortalDep, editor: EditorDep, status: str = "pending",
                page: int = 1) -> HTMLResponse:
    """Pending suggestions, oldest first (or the decided ones), a page at a time."""
    shown = status if status in ("pending", "accepted", "rejected") else "pending"
    total, rows = list_suggestions(portal.engine, status=shown, limit=PAGE_SIZE, offset=offset_of(page))
    return portal.render(request, "review.html", {"suggestions": rows, "status": shown,
                                                  "pages": page_links(request, page, total)})


@router.post("/review/{suggestion_id}")
def decide(request: Request, portal: PortalDep, editor: EditorDep, form: CheckedForm,
           suggestion_id: Annotated[int, FastApiPath(ge=1, le=MAX_ID)]) -> Response:
    """Accept or reject one suggestion, with an optional note."""
    accept = form.get("decision") == "accept"
    note = form.get("note")
    decide_suggestion(portal.engine, suggestion_id, accept=accept, editor=editor.name,
                      note=note.strip()[:2000] or None if isinstance(note, str) else None)
    return RedirectResponse(f"/review?done={suggestion_id}", status_code=303)
