"""People, organisations and any other entity: every record that speaks of them, with their roles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyatlas.errors import NotFoundError
from policyatlas.views.entities import ORG_KINDS, get_entity, list_orgs, list_people
from policyatlas.web import downloads
from policyatlas.web.downloads import Column, field
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.paging import PAGE_SIZE, offset_of, page_links
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)


def entity_href(entity_id: str, kind: str | None) -> str:
    """The portal page of an entity: people, organisations, initiatives, or the generic entity page."""
    if kind == "person":
        return f"/people/{entity_id}"
    if kind in ORG_KINDS or kind == "country":
        return f"/orgs/{entity_id}"
    if kind == "initiative":
        return f"/initiatives/{entity_id}"
    return f"/entities/{entity_id}"


def _entity_context(portal: PortalDep, entity_id: str) -> dict[str, Any]:
    entity = get_entity(portal.engine, entity_id).to_json()
    records = entity["records"]
    own = [r for r in records if r["role"] == "subject" and r["kind"] == entity["kind"]]
    roles = [role for r in own for role in (r.get("roles") or []) if isinstance(role, dict)]
    return {
        "entity": entity, "own": own, "roles": roles,
        "statements": [r for r in records if r["kind"] == "statement"],
        "events": [r for r in records if r["kind"] == "event"],
        "named_in": [r for r in records if r not in own and r["kind"] not in ("statement", "event")],
    }


def _role(membership: dict[str, Any]) -> str:
    name = membership.get("organization_name")
    return f"{membership.get('role')} · {name}" if name else str(membership.get("role") or "")


def people_columns(t: Translator) -> list[Column]:
    """The columns of the people table, as it shows them."""
    return [field("name", "Name"), Column("country", "Country", lambda p: country_name(p.get("country"), t.lang)),
            Column("roles", "Roles", lambda p: [_role(m) for m in p.get("memberships") or []]),
            field("statements", "Statements"), field("id", "Identifier")]


def org_columns(t: Translator) -> list[Column]:
    """The columns of the organisations table, as it shows them."""
    def name(o: dict[str, Any]) -> str:
        acronym = o.get("acronym")
        return f"{o['name']} ({acronym})" if acronym and acronym != o["name"] else str(o["name"])

    return [Column("name", "Name", name), Column("kind", "Kind", lambda o: t.label(o.get("kind"))),
            Column("country", "Country", lambda o: country_name(o.get("country"), t.lang)),
            field("mentions", "Mentions"), field("id", "Identifier")]


def _list_page(request: Request, portal: PortalDep, page: int, which: str) -> Response:
    lister, columns = (list_people, people_columns) if which == "people" else (list_orgs, org_columns)

    def fetch(limit: int, offset: int) -> list[dict[str, Any]]:
        return [item.to_json() for item in lister(portal.engine, limit=limit, offset=offset)]

    if downloads.requested(request):
        t = portal.translator(request)
        items = downloads.rows(fetch, request, limit=PAGE_SIZE, offset=offset_of(page))
        return downloads.download(request, which, columns(t), items, t)
    found = lister(portal.engine, limit=PAGE_SIZE, offset=offset_of(page))
    return portal.render(request, f"{which}.html", {which: [item.to_json() for item in found.data],
                                                    "pages": page_links(request, page, found.total),
                                                    "dl": downloads.links(request, paged=True)})


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, portal: PortalDep, page: int = 1) -> Response:
    """Every person the atlas names, with their roles, a page at a time (``format=csv|json`` downloads it)."""
    return _list_page(request, portal, page, "people")


@router.get("/orgs", response_class=HTMLResponse)
def orgs_page(request: Request, portal: PortalDep, page: int = 1) -> Response:
    """Every organisation, agency and CERT the atlas names, a page at a time (``format=csv|json``)."""
    return _list_page(request, portal, page, "orgs")


@router.get("/people/{entity_id:path}", response_class=HTMLResponse)
def person_page(request: Request, portal: PortalDep, entity_id: str) -> Response:
    """A person: roles, statements, events and every record naming them."""
    context = _entity_context(portal, entity_id)
    if context["entity"]["kind"] != "person":
        return RedirectResponse(entity_href(entity_id, context["entity"]["kind"]), status_code=307)
    return portal.render(request, "entity.html", context | {"page_kind": "person"})


@router.get("/orgs/{entity_id:path}", response_class=HTMLResponse)
def org_page(request: Request, portal: PortalDep, entity_id: str) -> Response:
    """An organisation: its roles in records, statements, events."""
    context = _entity_context(portal, entity_id)
    if context["entity"]["kind"] not in (*ORG_KINDS, "country"):
        return RedirectResponse(entity_href(entity_id, context["entity"]["kind"]), status_code=307)
    return portal.render(request, "entity.html", context | {"page_kind": "org"})


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, portal: PortalDep, entity_id: str) -> HTMLResponse:
    """Any entity (a law, a strategy…): every record and source that speaks of it."""
    if not entity_id:
        raise NotFoundError("no entity given")
    return portal.render(request, "entity.html", _entity_context(portal, entity_id) | {"page_kind": "entity"})
