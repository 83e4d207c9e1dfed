"""How the portal writes dates, numbers and marked snippets (in the page's language, always escaped)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup, escape

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}
UNKNOWN = {"en": "unknown date", "es": "fecha desconocida"}
_MARK = re.compile(r"(</?mark>)")


def format_iso(value: str, lang: str = "en") -> str:
    """One ISO date of any precision as a person reads it: ``2021``, ``April 2021``, ``5 April 2021``."""
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


def format_date(date: dict[str, Any] | None, lang: str = "en") -> str:
    """A JSON date (value, precision, end) as a person reads it; a range as ``5 – 7 December 2017``."""
    if not date:
        return ""
    if date.get("value") is None:
        return UNKNOWN.get(lang, UNKNOWN["en"])
    text = format_iso(str(date["value"]), lang)
    return f"{text} – {format_iso(str(date['end']), lang)}" if date.get("end") else text


def date_input(date: dict[str, Any] | None) -> str:
    """A JSON date as an editor types it back in a form: ``2017``, ``2021-04-05`` or ``2017/2019``."""
    if not date or not date.get("value"):
        return ""
    return f"{date['value']}/{date['end']}" if date.get("end") else str(date["value"])


def marked(snippet: str | None) -> Markup:
    """A search snippet with only its ``<mark>`` tags kept as HTML; everything else is escaped."""
    if not snippet:
        return Markup("")
    out: list[str] = []
    open_marks = 0
    for part in _MARK.split(snippet):
        if part == "<mark>" and open_marks == 0:
            out.append("<mark>")
            open_marks = 1
        elif part == "</mark>" and open_marks == 1:
            out.append("</mark>")
            open_marks = 0
        elif part not in ("<mark>", "</mark>"):
            out.append(str(escape(html.unescape(part))))  # the view's text is escaped once already
    if open_marks:
        out.append("</mark>")
    return Markup("".join(out))


def score_text(value: Any) -> str:
    """A score or index value with at most two decimals (``0.64``, ``26.38``)."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return "" if value is None else str(value)


def moment(value: str | datetime | None) -> str:
    """A stored time as the pages show it: ``2026-11-23 19:39 UTC`` (naive times are UTC)."""
    if value is None or value == "":
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
