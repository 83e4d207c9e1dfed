"""People, organisations, memberships, posts and events as one Popolo JSON document (``popolo.json``).

Popolo (popoloproject.com) is how civic-tech tools exchange who holds which role where. Persons are the
atlas's person entities; organizations its organisations, agencies and CERTs; a membership is a role a
source gives a person in an organisation (``organization_id`` when the atlas knows that organisation,
else only its name in ``label``); a post is each distinct role in an organisation (and each key
position a profile names); events are the atlas's event records. Everything comes from current sources
with editors' corrections applied, each with the ``sources`` it was read from. The document is written
as it is read, a chunk of entities at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine

from policyatlas.export.files import ExportReport, FileReport, staged_folder
from policyatlas.resolve.identity import slug
from policyatlas.store import package_rows as rows
from policyatlas.store.db import read_snapshot

FILE = "popolo.json"
ORG_KINDS = ("organization", "agency", "cert")
CHUNK = 500


def _dump(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def _sources(found: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Popolo links to the documents: their address, or for a document not published at one (a file
    someone ingested) the URN of the atlas's source (``urn:policyatlas:source:ID``)."""
    return [{"url": source.get("url") or f"urn:policyatlas:source:{source['id']}",
             "note": f"{source.get('title') or 'source'} (PolicyAtlas source {source['id']})"} for source in found]


def _other_names(entity: dict[str, Any]) -> list[dict[str, str]]:
    names = [{"name": alias} for alias in entity.get("aliases") or [] if alias != entity["name"]]
    if entity.get("name_en") and entity["name_en"] != entity["name"]:
        names.insert(0, {"name": entity["name_en"], "note": "English"})
    if entity.get("acronym"):
        names.append({"name": entity["acronym"], "note": "acronym"})
    return names


def _identity(entity: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entity["id"], "name": entity["name"], "other_names": _other_names(entity),
                            "identifiers": [{"scheme": "policyatlas", "identifier": entity["id"]}]}
    return item


def _persons(connection: Connection) -> Iterator[dict[str, Any]]:
    for chunk in rows.chunked(rows.popolo_entity_rows(connection, ("person",)), CHUNK):
        ids = [e["id"] for e in chunk]
        sources = rows.entity_sources(connection, ids)
        honorifics: dict[str, str] = {}
        for record in rows.current_record_rows(connection, "person", entity_ids=ids):
            honorific = (record["data"].get("attributes") or {}).get("honorific")
            if isinstance(honorific, str) and honorific:
                honorifics.setdefault(record["entity_id"], honorific)
        for entity in chunk:
            item = _identity(entity)
            if entity["id"] in honorifics:
                item["honorific_prefix"] = honorifics[entity["id"]]
            item["sources"] = _sources(sources.get(entity["id"], []))
            yield item


def _organizations(connection: Connection) -> Iterator[dict[str, Any]]:
    for chunk in rows.chunked(rows.popolo_entity_rows(connection, ORG_KINDS), CHUNK):
        sources = rows.entity_sources(connection, [e["id"] for e in chunk])
        for entity in chunk:
            item = _identity(entity)
            item["classification"] = entity["kind"]
            if entity.get("country"):
                item["area_id"] = entity["country"]
            item["sources"] = _sources(sources.get(entity["id"], []))
            yield item


def _post_id(organization: str, role: str) -> str:
    return f"post/{organization}/{slug(role) or 'member'}"


class _Posts:
    """The posts met while writing memberships: a role in an organisation, once."""

    def __init__(self) -> None:
        self.found: dict[str, dict[str, Any]] = {}

    def add(self, role: str, organization_id: str | None, organization_name: str | None) -> str:
        where = organization_id or f"unknown/{slug(organization_name or '') or 'unnamed'}"
        post_id = _post_id(where, role)
        post = {"id": post_id, "label": f"{role}, {organization_name}" if organization_name else role,
                "role": role, "organization_id": organization_id}
        self.found.setdefault(post_id, post)
        return post_id


def _memberships(connection: Connection, posts: _Posts) -> Iterator[dict[str, Any]]:
    """Each role a current person record gives, in record order."""
    people = rows.current_record_rows(connection, "person", by_entity=True)
    for chunk in rows.chunked(people, CHUNK):
        links = rows.record_links(connection, [r["id"] for r in chunk])
        sources = {s["id"]: s for found in rows.entity_sources(connection, [r["entity_id"] for r in chunk]).values()
                   for s in found}
        for record in chunk:
            held = (record["data"].get("attributes") or {}).get("roles") or []
            orgs = {link["role"]: link for link in links.get(record["id"], []) if link["family"] == "org"}
            for index, role_item in enumerate(held, 1):
                if not isinstance(role_item, dict):
                    continue
                role = str(role_item.get("role") or "member")
                name = role_item.get("organization")
                org = orgs.get(role)
                org_id = org["id"] if org else None
                item: dict[str, Any] = {
                    "id": f"membership/{record['id']}/{index}", "person_id": record["entity_id"],
                    "organization_id": org_id, "role": role,
                    "label": f"{role}, {name}" if name else role,
                    "post_id": posts.add(role, org_id, name if isinstance(name, str) else None),
                }
                source = sources.get(record["source_id"], {"id": record["source_id"]})
                item["sources"] = _sources([source])
                yield item


def _key_positions(connection: Connection, posts: _Posts) -> None:
    """Key positions a profile names become posts (in the organisation linked to them, when known)."""
    positions = rows.current_record_rows(connection, "key_position", by_entity=True)
    for entity_id, group in groupby(positions, key=lambda r: r["entity_id"]):
        first = next(group)
        links = rows.record_links(connection, [first["id"]]).get(first["id"], [])
        org = next((link for link in links if link["family"] == "org"), None)
        title = first["data"].get("title") or first["title"]
        posts.found.setdefault(entity_id, {"id": entity_id, "label": title, "role": title,
                                           "organization_id": org["id"] if org else None})


def _events(connection: Connection) -> Iterator[dict[str, Any]]:
    events = rows.current_record_rows(connection, "event", by_entity=True)
    for entity_id, group in groupby(events, key=lambda r: r["entity_id"]):
        records = list(group)
        first = records[0]
        links = rows.record_links(connection, [r["id"] for r in records])
        sources = rows.entity_sources(connection, [entity_id]).get(entity_id, [])
        date = first["data"].get("date") or {}
        item: dict[str, Any] = {"id": entity_id, "name": first["entity_name"] or first["title"],
                                "classification": "event",
                                "identifiers": [{"scheme": "policyatlas", "identifier": entity_id}]}
        if first["data"].get("description"):
            item["description"] = first["data"]["description"]
        if date.get("value"):
            item["start_date"] = date["value"]
            item["end_date"] = date.get("end") or date["value"]
        attendees: dict[str, dict[str, str]] = {}
        organizer = None
        for record in records:
            for link in links.get(record["id"], []):
                if link["family"] == "person":
                    attendees.setdefault(link["id"], {"id": link["id"], "name": link["name"]})
                elif link["role"] in ("organizer", "organiser") and organizer is None:
                    organizer = link["id"]
        if organizer:
            item["organization_id"] = organizer
        item["attendees"] = [attendees[k] for k in sorted(attendees)]
        item["sources"] = _sources(sources)
        yield item


def _write_array(handle: IO[str], name: str, items: Iterable[dict[str, Any]], *, first: bool = False) -> int:
    handle.write(("" if first else ",\n") + f'  "{name}": [')
    count = 0
    for item in items:
        handle.write(("\n    " if count == 0 else ",\n    ") + _dump(item))
        count += 1
    handle.write("\n  ]" if count else "]")
    return count


def export_popolo(engine: Engine, folder: Path) -> ExportReport:
    """Write ``popolo.json`` into ``folder`` (new, empty, or an earlier Popolo export).

    Raises:
        ConfigError: ``folder`` cannot be written or holds other files.
    """
    report = ExportReport("popolo", str(folder))
    with staged_folder(folder, {FILE}) as stage, read_snapshot(engine) as connection:
        path = stage / FILE
        counts: dict[str, int] = {}
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write("{\n")
            counts["persons"] = _write_array(handle, "persons", _persons(connection), first=True)
            counts["organizations"] = _write_array(handle, "organizations", _organizations(connection))
            posts = _Posts()
            counts["memberships"] = _write_array(handle, "memberships", _memberships(connection, posts))
            _key_positions(connection, posts)
            counts["posts"] = _write_array(handle, "posts", (posts.found[k] for k in sorted(posts.found)))
            counts["events"] = _write_array(handle, "events", _events(connection))
            handle.write("\n}\n")
        report.files.append(FileReport(FILE, sum(counts.values()), path.stat().st_size, parts=counts))
    return report
