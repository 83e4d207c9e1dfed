"""Countries: ISO 3166-1 codes and the many ways documents name a country."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# Names documents use that ISO 3166 does not list (Spanish, French and common short forms).
_EXTRA_NAMES: dict[str, str] = {
    "mexico": "MX", "méxico": "MX", "peru": "PE", "perú": "PE", "brasil": "BR", "panamá": "PA",
    "estados unidos": "US", "eua": "US", "eeuu": "US", "usa": "US", "united states of america": "US",
    "united states": "US", "us": "US", "uk": "GB", "united kingdom": "GB", "great britain": "GB",
    "reino unido": "GB", "russia": "RU", "rusia": "RU", "south korea": "KR", "korea": "KR",
    "north korea": "KP", "iran": "IR", "syria": "SY", "vietnam": "VN", "venezuela": "VE",
    "bolivia": "BO", "tanzania": "TZ", "moldova": "MD", "laos": "LA", "turkey": "TR", "türkiye": "TR",
    "turquía": "TR", "czech republic": "CZ", "ivory coast": "CI", "côte d'ivoire": "CI",
    "españa": "ES", "espagne": "ES", "alemania": "DE", "francia": "FR", "japón": "JP",
    "china": "CN", "taiwan": "TW", "palestine": "PS", "kosovo": "XK", "macedonia": "MK",
    "the gambia": "GM", "gambia": "GM", "the bahamas": "BS", "holy see": "VA", "vatican": "VA",
    "cabo verde": "CV", "cape verde": "CV", "eswatini": "SZ", "swaziland": "SZ",
    "burma": "MM", "east timor": "TL", "micronesia": "FM", "brunei": "BN",
    "democratic republic of the congo": "CD", "dr congo": "CD", "republic of the congo": "CG",
    "congo": "CG", "canadá": "CA", "colombie": "CO", "chili": "CL",
}


@dataclass(frozen=True)
class Country:
    """A country by its ISO 3166-1 codes and English short name."""

    code: str
    alpha3: str
    name: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "alpha3": self.alpha3, "name": self.name}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            if value:
                index.setdefault(_fold(value), entry.alpha_2)
        index[_fold(entry.alpha_2)] = entry.alpha_2
        index[_fold(entry.alpha_3)] = entry.alpha_2
    for name, code in _EXTRA_NAMES.items():
        index[_fold(name)] = code
    return index


def resolve_country(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name or code, or None when unknown.

    Accent- and case-insensitive; knows ISO names, alpha-2/alpha-3 codes and common
    English, Spanish and French variants ("México", "EUA", "South Korea").
    """
    return _index().get(_fold(name))


def get_country(code: str) -> Country | None:
    """The country with this alpha-2 (or alpha-3) code, or None."""
    entry = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if entry is None and len(code) == 3:
        entry = pycountry.countries.get(alpha_3=code.upper())
    if entry is None:
        if code.upper() == "XK":
            return Country("XK", "XKX", "Kosovo")
        return None
    return Country(entry.alpha_2, entry.alpha_3, getattr(entry, "common_name", None) or entry.name)


def is_country_name(name: str) -> bool:
    """True when the text names a country (not a code: short codes are too ambiguous here)."""
    return len(name.strip()) > 3 and resolve_country(name) is not None
