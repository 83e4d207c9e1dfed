"""Dates as a person reads them (``2021``, ``April 2021``, ``3 December 2026``), in the reader's language:
the one function every interface writes a date with, so that moving to CLDR (Babel) is one change here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}


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
    parts = value.split("-")
    months = MONTHS.get(lang, MONTHS["en"])
    try:
        if len(parts) == 3:
            day, month = int(parts[2]), months[int(parts[1]) - 1]
            return f"{day} de {month} de {parts[0]}" if lang == "es" else f"{day} {month} {parts[0]}"
        if len(parts) == 2:
            month = months[int(parts[1]) - 1]
            return f"{month} de {parts[0]}" if lang == "es" else f"{month} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


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
