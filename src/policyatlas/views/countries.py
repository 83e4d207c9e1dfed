"""Countries the atlas holds facts about, with counts."""

from __future__ import annotations

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.schemas.common import Page
from policyatlas.schemas.countries import CountryOut
from policyatlas.store import source_queries
from policyatlas.store.db import session_scope


def normalise_country(value: str) -> str:
    """The alpha-2 code for a code or name a person typed (``mx``, ``MEX``, ``México``)."""
    code = resolve_country(value)
    if code is None:
        raise NotFoundError(f"unknown country {value!r} (use an ISO 3166 code such as MX)")
    return code


def list_countries(engine: Engine, *, limit: int | None = None, offset: int = 0) -> Page[CountryOut]:
    """Every country with current records, by code: names, record and source counts, latest as-of
    (counted by the database from what ingest keeps per source and country)."""
    with session_scope(engine) as session:
        rows = source_queries.country_counts(session)
    page = rows[offset:offset + limit] if limit is not None else rows[offset:]
    result = []
    for code, records, sources, as_of in page:
        country = get_country(code)
        result.append(CountryOut(code=code, alpha3=country.alpha3 if country else None,
                                 name=country.name if country else code, records=records, sources=sources, as_of=as_of))
    return Page[CountryOut](data=result, total=len(rows), limit=limit or max(len(rows), 1), offset=offset)
