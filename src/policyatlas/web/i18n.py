"""The portal's two interface languages: choosing one per request and translating interface strings."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import pycountry
from starlette.requests import Request

from policyatlas.web.locale_es import ES

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
CATALOGS: dict[str, dict[str, str]] = {"en": {}, "es": ES}

_ACCEPT = re.compile(r"([a-zA-Z]{1,8})(?:-[a-zA-Z0-9]{1,8})?\s*(?:;\s*q=([0-9.]+))?")

#: Human labels of record kinds, statuses and other codes the views return (translated like any string).
LABELS: dict[str, str] = {
    "strategy": "Strategy", "policy": "Policy", "agency": "Agency", "key_position": "Key position",
    "cert": "CERT / CSIRT", "law": "Law", "un_process": "UN process", "cooperation": "Cooperation",
    "activity": "Activity", "membership": "Membership", "standard": "Standard", "certification": "Certification",
    "benchmarking": "Benchmarking", "capacity_building": "Capacity building",
    "child_online_protection": "Child online protection", "partnership": "Partnership",
    "document_section": "Document section", "person": "Person", "organization": "Organisation", "event": "Event",
    "statement": "Statement", "initiative": "Initiative", "list": "List", "incident": "Incident",
    "index_value": "Index value", "document": "Whole document", "country": "Country",
    "in_force": "In force", "exists": "Exists", "in_progress": "In progress", "absent": "Absent",
    "met": "Met", "partly": "Partly met", "not_met": "Not met", "unknown": "Unknown",
    "strong": "Strong evidence", "medium": "Medium evidence", "weak": "Weak evidence",
    "yes": "Yes", "in progress": "In progress",
    "added": "Added", "changed": "Changed", "gone": "Removed",
    "pending": "Pending", "accepted": "Accepted", "rejected": "Rejected",
    "correction": "Correction", "new_document": "New document",
    "imported": "Imported", "unchanged": "Unchanged", "error": "Error", "small": "Small", "large": "Large",
    "adopted": "adopted", "enacted": "enacted", "established": "established", "participation": "participation",
    "held": "held", "member": "member", "proposed": "proposed", "index published": "index published",
    "amended": "amended", "stage": "stage",
    "title": "Title", "title_en": "English title", "date": "Date", "dates": "Dates", "date_note": "Note on the date",
    "status": "Status", "description": "Description", "points": "Points", "actors": "Actors", "links": "Links",
    "acronym": "Acronym", "subsection": "Subsection",
}


@dataclass(frozen=True)
class Translator:
    """Interface strings in one language; unknown strings stay in English."""

    lang: str

    def __call__(self, text: str, **values: Any) -> str:
        """The translation of ``text`` with ``{name}`` placeholders filled from ``values``."""
        translated = CATALOGS.get(self.lang, {}).get(text, text)
        return translated.format(**values) if values else translated

    def label(self, code: Any) -> str:
        """A code the views return (a record kind, a status…) as a person reads it in this language."""
        text = str(code) if code is not None else "unknown"
        return self(LABELS.get(text, text.replace("_", " ")))


def pick_language(request: Request) -> str:
    """The language asked for with ``?lang=``, else the cookie, else the browser's preference, else English."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    choices = []
    for match in _ACCEPT.finditer(request.headers.get("accept-language", "")):
        try:
            weight = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        choices.append((weight, match.group(1).lower()))
    for _, code in sorted(choices, key=lambda pair: -pair[0]):
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def language_links(request: Request) -> list[dict[str, str]]:
    """For the language switch: each language with the current page's address in it."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [{"code": code, "name": name, "url": request.url.path + "?" + urlencode([*params, ("lang", code)])}
            for code, name in LANGUAGES.items()]


@lru_cache(maxsize=4)
def _iso_names(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_name(code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A country's short name in the interface language (``MX`` → Mexico / México); the code when unknown."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return _iso_names(lang).gettext(country.name)
