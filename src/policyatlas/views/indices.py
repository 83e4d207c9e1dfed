"""Published index values (GCI, NCSI, …) per country and edition."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.schemas.analysis import IndexValueRow
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.views.cache import cached
from policyatlas.views.countries import normalise_country

_FIELDS = ("country_name", "index", "index_name", "edition", "value", "scale", "rank")


def _all_values(engine: Engine, code: str | None) -> list[IndexValueRow]:
    def compute() -> list[IndexValueRow]:
        with session_scope(engine) as session:
            rows = q.record_attributes(session, country=code, kinds=["index_value"])
        result: list[dict[str, Any]] = []
        for record_id, source_id, country, attributes in rows:
            item = {"country": country, **{name: attributes.get(name) for name in _FIELDS}, "record": record_id,
                    "source": source_id}
            result.append(item)
        result.sort(key=lambda r: (r["country"] or "~", str(r["index"]), r["edition"] or 0))
        return [IndexValueRow.model_validate(r) for r in result]

    return cached(engine, "index-values", code, compute)


def list_index_values(engine: Engine, *, country: str | None = None, index: str | None = None) -> list[IndexValueRow]:
    """Index values as ``{country, index, index_name, edition, value, scale, rank, source}``, by country,
    index and edition (the attributes read by the database, once per data version)."""
    code = normalise_country(country) if country else None
    values = _all_values(engine, code)
    return [v for v in values if v.index == index] if index else list(values)
