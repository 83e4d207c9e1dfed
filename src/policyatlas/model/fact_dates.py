"""The dates a fact gives of itself (adopted, enacted, established, amended, repealed), reduced to the
period it existed: what ``--in-force-at`` filters on.

Dates keep their precision (``2015``, ``2015-06``, ``2015-06-20``). A date counts from the first day of the
period it names: a law enacted in "2015" exists from 1 January 2015, so it is in force at ``2015-06``. A
date asked about names a period too, and the state shown is the one at its end: in force at ``2015`` means
on 31 December 2015. Both rules reduce to one string test on the stored values, ``event[:len(at)] <= at``
(``happened_by``), which the database evaluates the same way with ``substr``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from policyatlas.model.dates import parse_date

_REPEALED = re.compile(
    r"(?:repealed|abrogated|revoked|rescinded|derogad[oa]s?|abrogad[oa]s?|abrogee?s?|revocad[oa]s?"
    r"|revogad[oa]s?)\b[\s:,]*(?:(?:in|on|by|en|el|le|em|por|par) )?(?P<rest>.*)")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"\s+", " ", "".join(c for c in decomposed if not unicodedata.combining(c)).lower()).strip()


def repeal_date(note: str | None) -> str | None:
    """The date a note such as "repealed 12 May 2019" or "derogada en 2019" gives, as an ISO value of
    its precision; None when the note says nothing of a repeal, or not when."""
    if not note:
        return None
    for part in re.split(r"\s*[;(),]\s*(?=[^\d])", _plain(note)):
        match = _REPEALED.search(part)
        if match is None:
            continue
        rest = match.group("rest").strip(" .;:,)")
        found = parse_date(rest) if rest else None
        if found is not None and found.value is not None:
            return found.value
    return None


def _values(items: Any) -> list[str]:
    if isinstance(items, Mapping):
        items = [items]
    if not isinstance(items, list):
        return []
    return [str(d["value"]) for d in items if isinstance(d, Mapping) and d.get("value")]


def fact_period(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """``(from, until)`` of a record's data: the earliest date it gives of itself (its dates and its
    amendments: a law amended in 2014 existed in 2014), and the date it was repealed, if it says so.
    ``from`` is None for an undated fact: nothing is assumed of it, and it is never given the time it
    was ingested."""
    given = _values(data.get("dates")) or _values(data.get("date"))  # "date" is the first of "dates"
    dates = [*given, *_values(data.get("amended"))]
    start = min(dates) if dates else None
    attributes = data.get("attributes") if isinstance(data.get("attributes"), Mapping) else {}
    repealed = [*_values(data.get("repealed")), *_values((attributes or {}).get("repealed"))]
    note = repeal_date(data.get("date_note") if isinstance(data.get("date_note"), str) else None)
    until = min([*repealed, *([note] if note else [])], default=None)
    return start, until


def happened_by(event: str, at: str) -> bool:
    """Whether an event dated ``event`` (any precision) had happened by the end of the period ``at``."""
    return event[: len(at)] <= at


def in_force(start: str | None, until: str | None, at: str) -> bool:
    """Whether a dated fact existed at ``at`` (an undated one is neither: ask ``start is None``)."""
    return start is not None and happened_by(start, at) and not (until is not None and happened_by(until, at))


def fact_columns(data: Mapping[str, Any]) -> dict[str, str | None]:
    """``fact_period`` as the columns a stored record keeps it in."""
    start, until = fact_period(data)
    return {"fact_from": start, "fact_until": until}
