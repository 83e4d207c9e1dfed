"""Dates as a person reads them (``2021``, ``April 2021``, ``3 December 2026``), in the reader's language from
CLDR (Babel): the one function every interface writes a date with."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date as cldr_date
from babel.dates import format_skeleton

#: The CLDR locale of each interface language (British English: "3 December 2026", "Organisation").
CLDR_LOCALES: dict[str, str] = {"en": "en_GB", "es": "es"}
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@lru_cache(maxsize=8)
def cldr_locale(lang: str) -> Locale:
    """The CLDR locale (names, dates, numbers) of an interface language; English for unknown languages."""
    return Locale.parse(CLDR_LOCALES.get(lang, CLDR_LOCALES["en"]))


def human_date(value: str | date | datetime | None, lang: str = "en") -> str:
    """An ISO date of any precision, an ISO time, or a date/time, as a person reads it: ``2021``,
    ``April 2021``, ``5 April 2021`` (``5 de abril de 2021``). Times are written as their UTC day; text
    that is not a date comes back unchanged, None as ``""``."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    if isinstance(value, date):
        value = value.isoformat()
    if len(value) > 10 and value[4:5] == "-" and value[10:11] in ("T", " "):
        try:
            return human_date(datetime.fromisoformat(value), lang)
        except ValueError:
            return value
    match = _ISO.fullmatch(value.strip())
    if not match:
        return value
    year, month, day = match.groups()
    locale = cldr_locale(lang)
    try:
        if day:
            return str(cldr_date(date(int(year), int(month), int(day)), "long", locale=locale))
        if month:
            return str(format_skeleton("yMMMM", date(int(year), int(month), 1), locale=locale))
    except ValueError:
        return value
    return year


def readable_value(value: Any, lang: str = "en") -> str:
    """A record field's value as a history shows it before → after: dates written out (``20 May 2014``,
    ranges with "–"), actors and links by name, lists joined with "; ", and "—" for none."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, dict) and "value" in value and "precision" in value:
        if value["value"] is None:
            return "date unknown" if lang != "es" else "fecha desconocida"
        text = human_date(str(value["value"]), lang)
        return f"{text} – {human_date(str(value['end']), lang)}" if value.get("end") else text
    if isinstance(value, dict) and set(value) == {"name", "role"}:
        return f"{value['name']} ({value['role']})"
    if isinstance(value, dict) and set(value) == {"label", "url"}:
        return str(value["label"] or value["url"])
    if isinstance(value, list):
        return "; ".join(readable_value(item, lang) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable_value(v, lang)}" for k, v in value.items())
    return str(value)
