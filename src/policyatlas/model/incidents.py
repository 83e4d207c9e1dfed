"""What an incident record is counted by: its values along each dimension of the incident statistics."""

from __future__ import annotations

from typing import Any

#: The dimensions incidents are counted by.
DIMENSIONS = ("sector", "size", "year", "type", "action", "country", "sponsor", "dataset")
UNKNOWN = "unknown"


def incident_values(attributes: dict[str, Any], country: str | None) -> dict[str, list[str]]:
    """An incident's values along every dimension (``unknown`` where the record does not say): its sector,
    size (group), year, type, actions, country, sponsoring states and dataset."""
    return {by: _values(attributes, country, by) for by in DIMENSIONS}


def _values(attributes: dict[str, Any], country: str | None, by: str) -> list[str]:
    if by == "action":
        return list(dict.fromkeys(str(a) for a in attributes.get("actions") or [])) or [UNKNOWN]
    if by == "sponsor":
        sponsors = attributes.get("sponsor") or []
        if isinstance(sponsors, dict | str):
            sponsors = [sponsors]
        found = [str(s.get("code") or s.get("name")) if isinstance(s, dict) else str(s) for s in sponsors]
        return list(dict.fromkeys(found)) or [UNKNOWN]
    if by == "country":
        return [str(country or UNKNOWN)]
    if by == "size":
        return [str(attributes.get("size_group") or attributes.get("size") or UNKNOWN)]
    value = attributes.get(by)
    return [str(value) if value not in (None, "") else UNKNOWN]
