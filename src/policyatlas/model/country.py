"""Countries: ISO 3166-1 codes and the many ways documents name a country."""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

#: Names ISO 3166 does not list (short forms, older names, the spellings of published tables).
NAMES_FILE = Path(__file__).resolve().parent / "data" / "country_names.yaml"

#: Languages whose ISO 3166 names (pycountry's translations) are known besides English.
LANGUAGES: tuple[str, ...] = ("es", "fr")

# Words that do not tell countries apart ("Republic of the Congo" = "Congo, Republic of"),
# in English, Spanish and French.
_FILLERS = frozenset("of the and de del la las los el y e du des le les et".split())
# Abbreviations of published tables, to the word they stand for.
_WORDS: dict[str, tuple[str, ...]] = {
    "rep": ("republic",), "dem": ("democratic",), "fed": ("federat",), "federation": ("federat",),
    "federated": ("federat",), "st": ("saint",), "sts": ("states",), "is": ("islands",), "isl": ("islands",),
    "utd": ("united",), "pdr": ("peoples", "democratic", "republic"), "people": ("peoples",),
}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_ELISION = re.compile(r"\b[dl]'")
_PARENTHESIS = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$")
_FORMERLY = re.compile(r"^(?:ex|former|formerly|previously)\b", re.I)
_AMBIGUOUS = ""  # marks a word key that names several countries


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


def _word_key(text: str) -> str:
    """The words of a name that tell countries apart, sorted: the same for "Korea, Rep. of" and "Republic of Korea"."""
    folded = _ELISION.sub(" ", _fold(text).translate(_APOSTROPHES)).replace("'", "").replace("&", " and ")
    tokens = [t for t in re.split(r"[\W_]+", folded) if t]
    joined: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:  # runs of single letters are initialisms: "p.d.r." -> "pdr", "u.s." -> "us"
        if len(token) == 1:
            run.append(token)
            continue
        joined.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if token:
            joined.append(token)
    words = {w for token in joined for w in _WORDS.get(token, (token,)) if w not in _FILLERS}
    return " ".join(sorted(words))


def _extra_names() -> Iterator[tuple[str, str]]:
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8")) or {}
    for code, names in data.items():
        for name in names:
            yield str(name), str(code)


def _iso_names() -> Iterator[tuple[str, str, str]]:
    """(name, alpha-2, language) for every ISO 3166 name in English and its translations."""
    translations = [(lang, gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True))
                    for lang in LANGUAGES]
    for entry in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            if not value:
                continue
            yield value, entry.alpha_2, "en"
            for lang, catalog in translations:
                yield catalog.gettext(value), entry.alpha_2, lang


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """Whole names (folded) and word keys, each to its alpha-2 code (word keys of several countries dropped)."""
    exact: dict[str, str] = {}
    translated: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    for name, code, lang in _iso_names():
        if lang == "en":
            exact.setdefault(_fold(name), code)
        else:
            translated.setdefault(_fold(name), set()).add(code)
        words.setdefault(_word_key(name), set()).add(code)
    for entry in pycountry.countries:
        exact[_fold(entry.alpha_2)] = entry.alpha_2
        exact[_fold(entry.alpha_3)] = entry.alpha_2
    for folded, codes in translated.items():
        if len(codes) == 1 and folded not in exact:
            exact[folded] = next(iter(codes))
    extra_words: dict[str, str] = {}
    for name, code in _extra_names():
        exact[_fold(name)] = code
        extra_words[_word_key(name)] = code
    index = {key: next(iter(codes)) if len(codes) == 1 else _AMBIGUOUS for key, codes in words.items() if key}
    index.update(extra_words)  # the curated names decide where ISO names collide
    return exact, index


def _lookup(name: str) -> str | None:
    exact, words = _index()
    code = exact.get(_fold(name))
    if code is None:
        code = words.get(_word_key(name))
    return code or None


@lru_cache(maxsize=16384)
def resolve_country(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name or code, or None when unknown or ambiguous.

    Accent- and case-insensitive; knows ISO names and alpha-2/alpha-3 codes, their Spanish and
    French translations, and the spellings of published tables ("Korea, Rep. of", "Lao P.D.R.",
    "Congo (Dem. Rep.)", "Bahamas, The", "Russia (Russian Fed.)"): words are compared without
    their order, fillers ("of", "the", "de") or abbreviations ("Rep.", "Dem.", "St."), never as
    substrings, so "Guinea" is not "Papua New Guinea" nor "Niger" "Nigeria". "Congo" alone is the
    Republic of the Congo (CG), as in ISO 3166 and UN usage. A trailing parenthesis is accepted
    when it names the same country or a former name ("Sri Lanka (ex-Ceilan)").
    """
    code = _lookup(name)
    if code is not None:
        return code
    match = _PARENTHESIS.match(name.strip())
    if match is None:
        return None
    outer, inner = match["outer"].strip(" ,"), match["inner"].strip()
    code = _lookup(outer)
    if code is None:
        return None
    inner_code = _lookup(inner)
    if inner_code == code or (inner_code is None and _FORMERLY.match(inner)):
        return code
    return None


@lru_cache(maxsize=1024)
def get_country(code: str) -> Country | None:
    """The country with this alpha-2 (or alpha-3) code, or None."""
    entry = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if entry is None and len(code) == 3:
        entry = pycountry.countries.get(alpha_3=code.upper())
    if entry is None:
        if code.upper() in ("XK", "XKX"):
            return Country("XK", "XKX", "Kosovo")
        return None
    return Country(entry.alpha_2, entry.alpha_3, getattr(entry, "common_name", None) or entry.name)


def is_country_name(name: str) -> bool:
    """True when the text names a country (not a code: short codes are too ambiguous here)."""
    return len(name.strip()) > 3 and resolve_country(name) is not None
