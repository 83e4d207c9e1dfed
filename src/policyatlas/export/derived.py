"""The package's derived tables: countries, initiatives and their stages, statements, incidents and
index values, as the atlas shows them now (current sources, editors' corrections applied)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import Connection

from policyatlas.model.country import get_country
from policyatlas.store import package_rows as rows
from policyatlas.store.package_codec import date_cells


def countries(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every country the package names, with its ISO names and counts."""
    for item in rows.country_rows(connection):
        country = get_country(item["code"])
        yield {**item, "alpha3": country.alpha3 if country else None, "name": country.name if country else item["code"]}


def _provenance(record: dict[str, Any]) -> dict[str, Any]:
    return {"source": record["source_id"], "line_start": record["line_start"], "line_end": record["line_end"]}


def _list(value: Any) -> list[Any] | None:
    """A list as given, a single value as a list of one, nothing as None."""
    if value is None or value == "":
        return None
    return list(value) if isinstance(value, list | tuple) else [value]


def _integer(value: Any) -> int | None:
    """An integer as given, or read from its digits ("2020"); anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _stage_key(item: tuple[int, dict[str, Any]]) -> tuple[int, str, int]:
    position, stage = item
    value = (stage.get("date") or {}).get("value")
    return (0, value, position) if value else (1, "", position)


def initiatives(connection: Connection) -> Iterator[dict[str, Any]]:
    """Each initiative once, from every current record about it, by entity."""
    for initiative, _ in _initiatives(connection):
        yield initiative


def initiative_stages(connection: Connection) -> Iterator[dict[str, Any]]:
    """The stages of each initiative, in date order (undated last, as read)."""
    for _, stages in _initiatives(connection):
        yield from stages


def _initiatives(connection: Connection) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    records = rows.current_record_rows(connection, "initiative", by_entity=True)
    for entity_id, group in groupby(records, key=lambda r: r["entity_id"]):
        items = list(group)
        stages: list[tuple[dict[str, Any], dict[str, Any]]] = []
        proposers: list[Any] = []
        committees: list[Any] = []
        chambers: list[Any] = []
        for record in items:
            attributes = record["data"].get("attributes") or {}
            for stage in attributes.get("stages") or []:
                if isinstance(stage, dict):
                    stages.append((stage, record))
            proposers += [p for p in attributes.get("proposers") or [] if p not in proposers]
            committees += [c for c in attributes.get("committees") or [] if c not in committees]
            if attributes.get("chamber") and attributes["chamber"] not in chambers:
                chambers.append(attributes["chamber"])
        ordered = sorted(enumerate(s for s, _ in stages), key=_stage_key)
        stage_rows = []
        for position, (index, stage) in enumerate(ordered, 1):
            record = stages[index][1]
            stage_rows.append({"initiative": entity_id, "position": position, "stage": str(stage.get("stage") or ""),
                               **date_cells(stage.get("date")), "body": _text(stage.get("body")),
                               "vote": stage.get("vote") if isinstance(stage.get("vote"), dict) else None,
                               "record": record["id"], "source": record["source_id"]})
        first, last = items[0], items[-1]
        yield ({"entity": entity_id, "country": first["country"], "title": first["entity_name"] or first["title"],
                "title_en": first["entity_name_en"] or first["data"].get("title_en"),
                "status": last["data"].get("status"), "chamber": _text(chambers[0]) if chambers else None,
                "proposers": proposers, "committees": committees, "stages": len(stage_rows), "records": len(items)},
               stage_rows)


def statements(connection: Connection) -> Iterator[dict[str, Any]]:
    """Statements with their speaker, by record id."""
    for record in rows.current_record_rows(connection, "statement"):
        data = record["data"]
        attributes = data.get("attributes") or {}
        yield {"record": record["id"], "entity": record["entity_id"], "country": record["country"],
               "speaker": _text(attributes.get("speaker")), "speaker_entity": record["speaker"],
               "topic": _text(attributes.get("topic")), "title": data.get("title") or record["title"],
               "text": data.get("description"), **date_cells(data.get("date")), **_provenance(record)}


def incidents(connection: Connection) -> Iterator[dict[str, Any]]:
    """Incidents with the fields every incident dataset shares, by record id."""
    for record in rows.current_record_rows(connection, "incident"):
        data = record["data"]
        a = data.get("attributes") or {}
        sponsors = [s.get("code") or s.get("name") if isinstance(s, dict) else s for s in _list(a.get("sponsor")) or []]
        yield {"record": record["id"], "entity": record["entity_id"], "country": record["country"],
               "dataset": _text(a.get("dataset")), "incident_id": _text(a.get("incident_id")),
               "title": data.get("title") or record["title"], **date_cells(data.get("date")),
               "year": _integer(a.get("year")), "type": _text(a.get("type")), "category": _list(a.get("category")),
               "sector": _text(a.get("sector")), "industry": _text(a.get("industry")), "size": _text(a.get("size")),
               "actions": _list(a.get("actions")), "records_affected": _integer(a.get("records_affected")),
               "victim_countries": _list(a.get("victim_countries")),
               "sponsors": [str(s) for s in sponsors if s] or None,
               "description": data.get("description"), **_provenance(record)}


def index_values(connection: Connection) -> Iterator[dict[str, Any]]:
    """Published index values, by record id."""
    for record in rows.current_record_rows(connection, "index_value"):
        a = record["data"].get("attributes") or {}
        yield {"record": record["id"], "country": record["country"], "index": _text(a.get("index")),
               "index_name": _text(a.get("index_name")), "edition": _integer(a.get("edition")),
               "value": _number(a.get("value")), "scale": _text(a.get("scale")), "rank": _integer(a.get("rank")),
               **_provenance(record)}
