"""The Atom feed of changes (RFC 4287): ``/feeds/changes.atom``, per country and record kind when asked."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Request
from fastapi.responses import Response

from policyatlas.config import public_base
from policyatlas.messages import N_
from policyatlas.schemas.feed import FeedEntry
from policyatlas.views.feed import FEED_SIZE, recent_changes
from policyatlas.web.formatting import score_text
from policyatlas.web.i18n import Translator, country_name
from policyatlas.web.portal import PortalDep

router = APIRouter(include_in_schema=False)
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200
CHANGE_TITLES = {"added": N_("Added"), "changed": N_("Changed"), "gone": N_("Gone"), "edited": N_("Corrected")}


def rfc3339(value: str | None) -> str:
    """A date or time as Atom writes it: ``2021`` → ``2021-01-01T00:00:00Z``; a time keeps its zone."""
    if not value:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        parts = [*value.split("-"), "01", "01"][:3]
        return "-".join(parts) + "T00:00:00Z"
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _value(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("value") or "")
    if isinstance(value, list):
        return "; ".join(_value(v) for v in value)
    return score_text(value) if value is not None else "—"


def _summary(entry: FeedEntry, t: Translator) -> str:
    head = f"{country_name(entry.country, t.lang)} · {t.label(entry.kind)} · {t('Source')}: {entry.file}"
    fields = "; ".join(f"{t.label(f.get('field'))}: {_value(f.get('from'))} → {_value(f.get('to'))}"
                       for f in entry.fields)
    return f"{head}. {fields}" if fields else head


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


@router.get("/feeds/changes.atom")
def changes_feed(request: Request, portal: PortalDep, country: str = "", kind: str = "",
                 limit: int = FEED_SIZE) -> Response:
    """The newest changes to records (``country``, ``kind``: only those), newest first, at most ``limit``."""
    t = portal.translator(request)
    base = public_base(portal.settings)
    feed = recent_changes(portal.engine, country=country or None, kind=kind or None,
                          limit=max(1, min(limit, MAX_ENTRIES)))
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": t.lang})
    title = " · ".join([t("PolicyAtlas: changes"), *([country_name(feed.country, t.lang)] if feed.country else []),
                        *([t.label(feed.kind)] if feed.kind else [])])
    query = "&".join(f"{k}={v}" for k, v in (("country", feed.country), ("kind", feed.kind)) if v)
    self_url = f"{base}/feeds/changes.atom" + (f"?{query}" if query else "")
    _text(root, "id", self_url)
    _text(root, "title", title)
    _text(root, "updated", rfc3339(feed.entries[0].updated if feed.entries else None))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    page = f"{base}/countries/{feed.country}" if feed.country else f"{base}/"
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "PolicyAtlas")
    _text(root, "generator", "PolicyAtlas")
    for entry in feed.entries:
        item = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(item, "id", f"{base}/records/{entry.record}#{entry.change}-{entry.source}-{entry.updated}")
        _text(item, "title", f"{t(CHANGE_TITLES.get(entry.change, entry.change))}: {entry.title}")
        _text(item, "updated", rfc3339(entry.updated))
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                "href": f"{base}/records/{entry.record}"})
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "via", "type": "text/html",
                                                "href": f"{base}/sources/{entry.source}"})
        writer = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(writer, "name", entry.author or "PolicyAtlas")
        ET.SubElement(item, f"{{{ATOM}}}category", {"term": entry.kind, "label": t.label(entry.kind)})
        _text(item, "summary", _summary(entry, t), type="text")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
