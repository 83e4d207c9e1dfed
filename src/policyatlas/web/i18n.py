"""The portal's two interface languages: choosing one per request and translating interface strings.

Strings are English in the code (``t("…")``, ``{{ _("…") }}``, ``ngettext("…", "…", n)``) and translated from the
gettext catalogues in ``web/locale`` (see ``web/catalogue.py``); names of countries, dates and numbers come from
CLDR through Babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import pycountry
from babel import Locale
from babel.numbers import format_decimal
from starlette.requests import Request

from policyatlas.messages import N_
from policyatlas.web.catalogue import translations

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
#: The CLDR locale of each interface language (British English: "3 December 2026", "Organisation").
CLDR_LOCALES: dict[str, str] = {"en": "en_GB", "es": "es"}

_ACCEPT = re.compile(r"([a-zA-Z]{1,8})(?:-[a-zA-Z0-9]{1,8})?\s*(?:;\s*q=([0-9.]+))?")

#: Human labels of record kinds, statuses and other codes the views return (translated like any string).
LABELS: dict[str, str] = {
    "strategy": N_("Strategy"), "policy": N_("Policy"), "agency": N_("Agency"), "key_position": N_("Key position"),
    "cert": N_("CERT / CSIRT"), "law": N_("Law"), "un_process": N_("UN process"), "cooperation": N_("Cooperation"),
    "activity": N_("Activity"), "membership": N_("Membership"), "standard": N_("Standard"),
    "certification": N_("Certification"), "benchmarking": N_("Benchmarking"),
    "capacity_building": N_("Capacity building"), "child_online_protection": N_("Child online protection"),
    "partnership": N_("Partnership"), "document_section": N_("Document section"), "person": N_("Person"),
    "organization": N_("Organisation"), "event": N_("Event"), "statement": N_("Statement"),
    "initiative": N_("Initiative"), "list": N_("List"), "incident": N_("Incident"), "index_value": N_("Index value"),
    "document": N_("Whole document"), "country": N_("Country"), "in_force": N_("In force"), "exists": N_("Exists"),
    "in_progress": N_("In progress"), "absent": N_("Absent"), "met": N_("Met"), "partly": N_("Partly met"),
    "not_met": N_("Not met"), "unknown": N_("Unknown"), "strong": N_("Strong evidence"), "medium": N_("Medium evidence"),
    "weak": N_("Weak evidence"), "yes": N_("Yes"), "in progress": N_("In progress"),
    "added": N_("Added"), "changed": N_("Changed"), "gone": N_("Removed"), "pending": N_("Pending"),
    "accepted": N_("Accepted"), "rejected": N_("Rejected"), "correction": N_("Correction"),
    "new_document": N_("New document"), "imported": N_("Imported"), "unchanged": N_("Unchanged"),
    "error": N_("Error"), "small": N_("Small"), "large": N_("Large"), "adopted": N_("adopted"),
    "enacted": N_("enacted"), "established": N_("established"), "participation": N_("participation"),
    "held": N_("held"), "member": N_("member"), "proposed": N_("proposed"), "index published": N_("index published"),
    "amended": N_("amended"), "stage": N_("stage"), "title": N_("Title"), "title_en": N_("English title"),
    "date": N_("Date"), "dates": N_("Dates"), "date_note": N_("Note on the date"), "status": N_("Status"),
    "description": N_("Description"), "points": N_("Points"), "actors": N_("Actors"), "links": N_("Links"),
    "acronym": N_("Acronym"), "subsection": N_("Subsection"),
    # the roles an actor plays in a record (people's own titles, such as "Senator", are the sources' words)
    "issuer": N_("issuer"), "responsible": N_("responsible"), "holder": N_("holder"), "participant": N_("participant"),
    "organizer": N_("organiser"), "partner": N_("partner"), "supporter": N_("supporter"), "victim": N_("victim"),
    "subject": N_("subject"), "member_of": N_("member of"), "speaker": N_("speaker"), "presenter": N_("presenter"),
    "proposer": N_("proposer"), "proposed_by": N_("proposed by"), "sponsor": N_("sponsor"),
    "co-sponsor": N_("co-sponsor"),
}


@dataclass(frozen=True)
class Translator:
    """Interface strings in one language; strings the catalogue lacks stay in English."""

    lang: str

    def __call__(self, text: str, **values: Any) -> str:
        """The translation of ``text`` with ``{name}`` placeholders filled from ``values``."""
        translated = translations(self.lang).gettext(text)
        return translated.format(**values) if values else translated

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The form of a counted string that fits ``n`` in this language (``1 result``, ``2 results``), with
        ``{n}`` written as a number in this language and the other placeholders filled from ``values``."""
        translated = translations(self.lang).ngettext(singular, plural, n)
        return translated.format(**{"n": self.number(n), **values})

    def label(self, code: Any) -> str:
        """A code the views return (a record kind, a status…) as a person reads it in this language."""
        text = str(code) if code is not None else "unknown"
        return self(LABELS.get(text, text.replace("_", " ")))

    def number(self, value: float | int | None) -> str:
        """A count or a measure as this language writes it (``12,345`` / ``12.345``, ``26.38`` / ``26,38``)."""
        return "" if value is None else format_decimal(value, locale=self.locale)

    def lines(self, start: int | None, end: int | None = None) -> str:
        """A range of lines of a document: ``line 19``, or ``lines 19–21`` when it spans several."""
        if start is None:
            return ""
        if end is None or end == start:
            return self(N_("line {n}"), n=start)
        return self(N_("lines {start}–{end}"), start=start, end=end)

    @property
    def locale(self) -> Locale:
        """The CLDR locale of this language."""
        return cldr_locale(self.lang)


@lru_cache(maxsize=8)
def cldr_locale(lang: str) -> Locale:
    """The CLDR locale (names, dates, numbers) of an interface language; English for unknown languages."""
    return Locale.parse(CLDR_LOCALES.get(lang, CLDR_LOCALES[DEFAULT_LANGUAGE]))


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


def country_name(code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A country's short name in the interface language from CLDR (``CI`` → Côte d’Ivoire, ``MX`` → México); the
    ISO name when CLDR has none, the code when the code is unknown."""
    if not code:
        return ""
    key = code.upper()
    name = cldr_locale(lang).territories.get(key)
    if name:
        return str(name)
    country = pycountry.countries.get(alpha_2=key)
    return str(country.name) if country is not None else code
