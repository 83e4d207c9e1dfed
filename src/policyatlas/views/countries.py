"""Countries the atlas holds facts about, with counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.store import repository
from policyatlas.store.db import session_scope


def normalise_country(value: str) -> str:
    """The alpha-2 code for a code or name a person typed (``mx``, ``MEX``, ``México``)."""
    code = resolve_country(value)
    if code is None:
        raise NotFoundError(f"unknown country {value!r} (use an ISO 3166 code such as MX)")
    return code


def list_countries(engine: Engine) -> list[dict[str, Any]]:
    """Every country with sources: code, names, current record and source counts, latest as-of."""
    with session_scope(engine) as session:
        rows = repository.country_counts(session)
    result = []
    for code, records, sources, as_of in rows:
        country = get_country(code)
        result.append({
            "code": code,
            "alpha3": country.alpha3 if country else None,
            "name": country.name if country else code,
            "records": records,
            "sources": sources,
            "as_of": as_of,
        })
    return result
