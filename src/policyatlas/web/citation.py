"""“Cite this”: a plain-text citation and a BibTeX entry for a fact, a country page or a comparison, with a
permalink on the configured public address that keeps the page's date axis (``as_of``, ``in_force_at``,
``known_at`` or any other parameter that chooses what the page shows) and the date it was accessed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from policyatlas.config import Settings, public_base
from policyatlas.web.formatting import format_date, format_iso
from policyatlas.web.i18n import Translator

#: Query parameters that change how a page is presented, not what it states: left out of permalinks.
PRESENTATION = frozenset({"format", "scope", "lang", "saved", "page"})
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")


def permalink(request: Request, settings: Settings) -> str:
    """The page's address on the public base URL (never the request's Host), with every parameter that
    chooses what it shows (dates, countries, filters) in a stable order."""
    kept = sorted((k, v) for k, v in request.query_params.multi_items() if k not in PRESENTATION and v)
    return public_base(settings) + request.url.path + (f"?{urlencode(kept)}" if kept else "")


def bibtex_text(value: str) -> str:
    """Text safe inside a BibTeX field (LaTeX's special characters escaped)."""
    return _BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "~^\\" else
                               {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                                "\\": r"\textbackslash{}"}[m.group(1)], value)


def citation(request: Request, settings: Settings, t: Translator, *, title: str, source: str | None,
             date: dict[str, Any] | None, key: str, accessed: datetime | None = None) -> dict[str, Any]:
    """What the “cite this” block shows: the title, source, date, permalink and access date, as plain text
    (author-date style) and as a BibTeX ``@misc`` entry."""
    link = permalink(request, settings)
    today = (accessed or datetime.now(UTC)).date().isoformat()
    shown_date = format_date(date, t.lang) if date and date.get("value") else t("undated")
    parts = [f"PolicyAtlas. “{title}”.", f"{source}." if source else "", f"{shown_date}.", f"{link}",
             t("Accessed {date}.", date=format_iso(today, t.lang))]
    text = " ".join(p for p in parts if p)
    fields = {"title": "{" + bibtex_text(title) + "}", "author": "{PolicyAtlas}",
              "howpublished": "{\\url{" + link + "}}", "url": "{" + link + "}", "year": "{" + today[:4] + "}",
              "urldate": "{" + today + "}"}
    note = "; ".join(v for v in (source, shown_date) if v)
    fields["note"] = "{" + bibtex_text(note) + "}"
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "atlas"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return {"title": title, "source": source, "date": shown_date, "permalink": link, "accessed": today,
            "text": text, "bibtex": f"@misc{{policyatlas-{slug},\n{body}\n}}"}
