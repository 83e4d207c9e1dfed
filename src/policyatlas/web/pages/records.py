"""One record: its page, editors' corrections (new revisions, guarded by the record's ETag) and anyone's
suggestions (queued for review, never published unreviewed)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyatlas.api.deps import get_context
from policyatlas.api.ratelimit import count
from policyatlas.errors import ConfigError, PolicyAtlasError, StaleRevisionError
from policyatlas.model.dates import parse_date
from policyatlas.services import editing
from policyatlas.services.editing import STATUSES, edit_record
from policyatlas.web.auth import CheckedForm, EditorDep, current_editor
from policyatlas.web.citation import citation
from policyatlas.web.i18n import country_name
from policyatlas.web.portal import PortalDep
from policyatlas.web.queries import get_record

router = APIRouter(include_in_schema=False)

#: The fields the correction form shows, in order.
FORM_FIELDS: tuple[str, ...] = ("title", "title_en", "date", "date_note", "status", "description", "points")
TEXT_LIMIT = 5000


def _text(form: CheckedForm, name: str, limit: int = TEXT_LIMIT) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _parse_field(name: str, raw: str) -> Any:
    """A form value as the record stores it (dates as JSON, points as a list, empty text as null)."""
    if name == "date":
        if not raw:
            return None
        date = parse_date(raw)
        if date is None or date.value is None:
            raise ConfigError(f"{raw!r} is not a date (use YYYY, YYYY-MM, YYYY-MM-DD or a range START/END)")
        return date.to_json()
    if name == "points":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if name == "status":
        if raw and raw not in STATUSES:
            raise ConfigError(f"unknown status {raw!r}")
        return raw or None
    return raw or None


def _same(a: Any, b: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [], {})
    if a in empty and b in empty:
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return (a.get("value"), a.get("end")) == (b.get("value"), b.get("end"))
    return bool(a == b)


def form_changes(form: CheckedForm, record: dict[str, Any]) -> dict[str, Any]:
    """The fields whose submitted value differs from the record's current one.

    Raises:
        ConfigError: a value that cannot be stored (a date that is not a date, an unknown status).
    """
    changes = {}
    for name in FORM_FIELDS:
        value = _parse_field(name, _text(form, name))
        if not _same(value, record.get(name)):
            changes[name] = value
    return changes


def _values(form: CheckedForm | None, record: dict[str, Any]) -> dict[str, str]:
    """What the form fields show: what was sent, else the record's current values."""
    if form is not None:
        return {name: _text(form, name) for name in (*FORM_FIELDS, "comment", "submitter")}
    date = record.get("date") or {}
    return {"title": record.get("title") or "", "title_en": record.get("title_en") or "",
            "date": f"{date['value']}/{date['end']}" if date.get("end") else str(date.get("value") or ""),
            "date_note": record.get("date_note") or "", "status": record.get("status") or "",
            "description": record.get("description") or "", "points": "\n".join(record.get("points") or []),
            "comment": "", "submitter": ""}


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, portal: PortalDep, record_id: str) -> HTMLResponse:
    """A record with its source lines, its revisions and how to cite it."""
    detail = get_record(portal.engine, record_id)
    record, source = detail["record"], detail["source"]
    t = portal.translator(request)
    cited = (record.get("extra") or {}).get("cited_source") or {}
    origin = cited or source
    where = ", ".join(str(v) for v in (origin.get("publisher"), origin.get("title") or source.get("file")) if v)
    country = country_name(record.get("country"), t.lang)
    cite = citation(request, portal.settings, t, key=record_id,
                    title=f"{record['title']} ({t.label(record['kind'])}{', ' + country if country else ''})",
                    source=t("Source: {source}", source=where), date=record.get("date") or source.get("date"))
    return portal.render(request, "record.html", detail | {"cite": cite})


@router.get("/records/{record_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, portal: PortalDep, editor: EditorDep, record_id: str) -> HTMLResponse:
    """The correction form, carrying the record's ETag."""
    detail = get_record(portal.engine, record_id)
    return portal.render(request, "record_form.html", detail | {
        "mode": "edit", "values": _values(None, detail["record"]), "statuses": STATUSES, "error": None})


@router.post("/records/{record_id}/edit", response_class=HTMLResponse)
def edit(request: Request, portal: PortalDep, editor: EditorDep, form: CheckedForm, record_id: str) -> Response:
    """Save a correction as a new revision; a form older than the record's last change is refused clearly."""
    t = portal.translator(request)
    detail = get_record(portal.engine, record_id)
    sent = _values(form, detail["record"])
    context = detail | {"mode": "edit", "statuses": STATUSES}
    try:
        changes = form_changes(form, detail["record"])
        if not changes:
            return portal.render(request, "record_form.html", context | {
                "values": sent, "error": t("Nothing was changed.")}, status_code=422)
        edit_record(portal.engine, record_id, changes, author=editor.name, if_match=_text(form, "etag"),
                    comment=_text(form, "comment") or None)
    except StaleRevisionError:
        fresh = get_record(portal.engine, record_id)
        return portal.render(request, "record_form.html", fresh | {
            "mode": "edit", "statuses": STATUSES, "values": _values(None, fresh["record"]), "sent": sent,
            "error": t("Someone changed this record after you opened the form. The form now shows the current "
                       "version; your values are below: apply your correction again."),
        }, status_code=412)
    except PolicyAtlasError as exc:
        return portal.render(request, "record_form.html", context | {"values": sent, "error": exc.message},
                             status_code=422)
    return RedirectResponse(f"/records/{record_id}?saved=1", status_code=303)


@router.get("/records/{record_id}/suggest", response_class=HTMLResponse)
def suggest_page(request: Request, portal: PortalDep, record_id: str) -> HTMLResponse:
    """Anyone's form to report an error in a record or to suggest a document about it."""
    detail = get_record(portal.engine, record_id)
    return portal.render(request, "record_form.html", detail | {
        "mode": "suggest", "values": _values(None, detail["record"]), "statuses": STATUSES, "error": None})


@router.post("/records/{record_id}/suggest", response_class=HTMLResponse)
def suggest(request: Request, portal: PortalDep, form: CheckedForm, record_id: str) -> Response:
    """Queue the suggestion for an editor's review (nothing is published until an editor accepts it)."""
    t = portal.translator(request)
    detail = get_record(portal.engine, record_id)
    editor = current_editor(request)
    submitter = _text(form, "submitter", 120) or (editor.name if editor else "anonymous")
    context = detail | {"mode": "suggest", "statuses": STATUSES, "values": _values(form, detail["record"])}
    if _text(form, "website"):  # a field people never see: only robots fill it in
        return portal.render(request, "thanks.html", {"record": detail["record"]})
    if editor is None:
        count(get_context(request).limits.suggestions, request, "suggestions")
    try:
        if _text(form, "kind") == "document":
            url = _text(form, "url", 1000)
            if not url.startswith(("http://", "https://")):
                raise ConfigError(t("Give the document's address (starting with http:// or https://)."))
            payload: dict[str, Any] = {"url": url, "title": _text(form, "doc_title", 500) or None,
                                       "comment": _text(form, "comment") or None}
            kind = "document"
        else:
            changes = form_changes(form, detail["record"])
            if not changes:
                raise ConfigError(t("Nothing was changed."))
            payload, kind = {"changes": changes, "comment": _text(form, "comment") or None}, "correction"
        editing.suggest(portal.engine, kind=kind, payload=payload, submitter=submitter, record_id=record_id)
    except PolicyAtlasError as exc:
        return portal.render(request, "record_form.html", context | {"error": exc.message}, status_code=422)
    return portal.render(request, "thanks.html", {"record": detail["record"]})
