"""Incident statistics: publicly reported incidents counted by sector, size, year, type, action."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.schemas.analysis import IncidentStatsOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.views.cache import cached
from policyatlas.views.countries import normalise_country

CAVEAT = ("Counts of publicly reported incidents in the ingested datasets (VCDB, CFR tracker): "
          "a sample of what became public, not the whole of what happened.")
DIMENSIONS = ("sector", "size", "year", "type", "action", "country", "sponsor", "dataset")


def _values(record: dict[str, Any], by: str) -> list[str]:
    if by == "action":
        return [str(a) for a in record.get("actions") or []] or ["unknown"]
    if by == "sponsor":
        sponsors = record.get("sponsor") or []
        if isinstance(sponsors, dict | str):
            sponsors = [sponsors]
        return [str(s.get("code") or s.get("name")) if isinstance(s, dict) else str(s) for s in sponsors] or ["unknown"]
    if by == "country":
        return [str(record.get("country") or "unknown")]
    if by == "size":
        return [str(record.get("size_group") or record.get("size") or "unknown")]
    value = record.get(by)
    return [str(value) if value not in (None, "") else "unknown"]


def _incidents(engine: Engine, country: str | None) -> list[dict[str, list[str]]]:
    """Each current incident's values along every dimension (read once per data version)."""
    def compute() -> list[dict[str, list[str]]]:
        with session_scope(engine) as session:
            rows = q.record_attributes(session, country=country, kinds=["incident"])
        return [{by: _values({**attributes, "country": code}, by) for by in DIMENSIONS}
                for _, _, code, attributes in rows]

    return cached(engine, "incidents", country, compute)


def incident_stats(engine: Engine, *, by: str = "sector", country: str | None = None,
                   sponsor: str | None = None) -> IncidentStatsOut:
    """Counts of incident records by one dimension, with the sample size and the caveat."""
    if by not in DIMENSIONS:
        raise ConfigError(f"cannot count incidents by {by!r} (choose from {', '.join(DIMENSIONS)})")
    code = normalise_country(country) if country else None
    records = _incidents(engine, code)
    if sponsor:
        records = [r for r in records if sponsor.upper() in r["sponsor"]]
    counts = Counter(v for r in records for v in r[by])
    rows = [{"value": value, "count": count, "share": round(count / len(records), 4) if records else 0.0}
            for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return IncidentStatsOut.model_validate({"by": by, "country": country, "sponsor": sponsor,
                                            "sample_size": len(records), "caveat": CAVEAT, "counts": rows})
