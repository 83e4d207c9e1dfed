"""Published index values (GCI, NCSI, …) per country and edition."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.views.records import list_records


def list_index_values(engine: Engine, *, country: str | None = None, index: str | None = None) -> list[dict[str, Any]]:
    """Index values as ``{country, index, index_name, edition, value, scale, rank, source}``."""
    result = []
    for record in list_records(engine, country=country, kind="index_value"):
        if index and record.get("index") != index:
            continue
        result.append({
            "country": record["country"], "country_name": record.get("country_name"),
            "index": record.get("index"), "index_name": record.get("index_name"),
            "edition": record.get("edition"), "value": record.get("value"), "scale": record.get("scale"),
            "rank": record.get("rank"), "record": record["id"], "source": record["provenance"]["source"],
        })
    return sorted(result, key=lambda r: (r["country"] or "~", str(r["index"]), r["edition"] or 0))
