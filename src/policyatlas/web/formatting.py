"""How the portal writes dates, numbers and marked snippets (in the page's language, always escaped)."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from policyatlas.text.dates import MONTHS as MONTHS
from policyatlas.text.dates import human_date as human_date
from policyatlas.text.dates import readable_value

UNKNOWN = {"en": "unknown date", "es": "fecha desconocida"}
_MARK = re.compile(r"(</?mark>)")


def format_iso(value: str, lang: str = "en") -> str:
    """One ISO date of any precision as a person reads it: ``2021``, ``April 2021``, ``5 April 2021``."""
    return human_date(value, lang)


def format_date(date: dict[str, Any] | None, lang: str = "en") -> str:
    """A JSON date (value, precision, end) as a person reads it; a range as ``5 – 7 December 2017``."""
    if not date:
        return ""
    if date.get("value") is None:
        return UNKNOWN.get(lang, UNKNOWN["en"])
    text = format_iso(str(date["value"]), lang)
    return f"{text} – {format_iso(str(date['end']), lang)}" if date.get("end") else text


def change_value(value: Any, lang: str = "en") -> str:
    """A field's value in a history, as a person reads it: dates written out, lists joined, "—" for none."""
    return readable_value(value, lang)


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


def moment(value: str | datetime | None, lang: str = "en") -> str:
    """A stored time as the pages show it: its day as a person reads it, ``3 December 2026`` (naive
    times are UTC)."""
    return human_date(value, lang)
