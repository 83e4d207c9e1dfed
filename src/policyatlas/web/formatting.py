"""How the portal writes dates, numbers and marked snippets (in the page's language, from CLDR through Babel;
always escaped)."""

from __future__ import annotations

import html
import re
from copy import copy
from datetime import datetime
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from policyatlas.messages import N_
from policyatlas.text.dates import cldr_locale, readable_value
from policyatlas.text.dates import human_date as human_date
from policyatlas.web.i18n import Translator

UNKNOWN = N_("unknown date")
_MARK = re.compile(r"(</?mark>)")


def format_iso(value: str, lang: str = "en") -> str:
    """One ISO date of any precision as a person reads it in ``lang``, keeping its precision: ``2021``,
    ``April 2021`` / ``abril de 2021``, ``5 April 2021`` / ``5 de abril de 2021``; other text unchanged."""
    return human_date(value, lang)


def format_date(date: dict[str, Any] | None, lang: str = "en") -> str:
    """A JSON date (value, precision, end) as a person reads it; a range as ``5 – 7 December 2017``."""
    if not date:
        return ""
    if date.get("value") is None:
        return Translator(lang)(UNKNOWN)
    text = format_iso(str(date["value"]), lang)
    return f"{text} – {format_iso(str(date['end']), lang)}" if date.get("end") else text


def change_value(value: Any, lang: str = "en") -> str:
    """A field's value in a history, as a person reads it: dates written out, lists joined, "—" for none."""
    return readable_value(value, lang)


def number_text(value: Any, lang: str = "en") -> str:
    """A count or a measure as ``lang`` writes it (``12,345`` / ``12.345``); empty for none."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return format_decimal(value, locale=cldr_locale(lang))
    return str(value)


def percent_text(share: float | None, lang: str = "en") -> str:
    """A share (0-1) as a percentage with one decimal (``12.5%`` / ``12,5 %``)."""
    if share is None:
        return ""
    locale = cldr_locale(lang)
    pattern = copy(locale.percent_formats[None])  # the language's own layout (``12,5 %``), one decimal
    pattern.frac_prec = (1, 1)
    return str(pattern.apply(share, locale))


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


def score_text(value: Any, lang: str = "en") -> str:
    """A score or index value with at most two decimals (``0.64``, ``26.38`` / ``26,38``)."""
    if isinstance(value, float):
        return format_decimal(round(value, 2), "#,##0.##", locale=cldr_locale(lang))
    return "" if value is None else str(value)


def moment(value: str | datetime | None, lang: str = "en") -> str:
    """A stored time as the pages show it: its day as a person reads it, ``3 December 2026`` (naive
    times are UTC)."""
    return human_date(value, lang)
