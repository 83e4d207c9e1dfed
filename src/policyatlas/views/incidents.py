"""Incident statistics: publicly reported incidents counted by sector, size, year, type, action."""

from __future__ import annotations

from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.model.incidents import DIMENSIONS
from policyatlas.schemas.analysis import IncidentStatsOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.views.countries import normalise_country

__all__ = ["CAVEAT", "DIMENSIONS", "incident_stats"]

CAVEAT = ("Counts of publicly reported incidents in the ingested datasets (VCDB, CFR tracker): "
          "a sample of what became public, not the whole of what happened.")


def incident_stats(engine: Engine, *, by: str = "sector", country: str | None = None,
                   sponsor: str | None = None) -> IncidentStatsOut:
    """Counts of incident records by one dimension, with the sample size and the caveat (counted by the
    database from the values each incident was given at ingest)."""
    if by not in DIMENSIONS:
        raise ConfigError(f"cannot count incidents by {by!r} (choose from {', '.join(DIMENSIONS)})")
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        sample, counts = q.facet_counts(session, kind="incident", by=by, country=code,
                                        having=("sponsor", sponsor.upper()) if sponsor else None)
    rows = [{"value": value, "count": count, "share": round(count / sample, 4) if sample else 0.0}
            for value, count in counts]
    return IncidentStatsOut.model_validate({"by": by, "country": country, "sponsor": sponsor,
                                            "sample_size": sample, "caveat": CAVEAT, "counts": rows})
