"""Identify the language of a document's text from its script and its most frequent small words."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

# The most frequent function words of each language (lower case, with their accents). Words
# shared between languages count for each; the words a language does not share decide.
_LATIN: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is for that on with as by are be this it from at or an will which has have its "
              "not was were these their should shall can such",
        "es": "de la que el en y los del las por un para con una su al lo como más se sus este esta son también "
              "entre sobre ser han dicho dicha cual",
        "fr": "de la le et les des du en un une est que pour dans par sur au aux qui ne pas ce cette sont ses leur "
              "avec été il elle doit",
        "pt": "de a o que e do da em um para com uma os no na por se mais as dos das ao pelo pela são não também",
        "it": "di e il la che in per un del della le una con non dei delle alla sono gli nel è al anche questo",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch werden bei",
        "nl": "de het een van en in is dat op te voor met zijn aan door niet wordt worden ook bij als",
        "lv": "un ir par no uz ar kā lai arī vai ka tiek kas šo šī tā būt jā nav gada arī savu",
        "lt": "ir į iš su kad kaip bei tai yra jo ar už per dėl nuo prie buvo šio taip pat tik",
        "pl": "w i z na się do że nie jest o to od przez dla jak oraz po są ich ze które",
        "ro": "și de în a la cu o pe din care un să este pentru nu mai ale prin sau",
        "cs": "a v se na je že s z do o to jako pro by ve které k jsou ze podle",
        "sv": "och i att det som en på är av för med till den har de inte om ett",
        "tr": "ve bir bu için ile da de olarak en olan daha gibi çok her ya kadar",
        "id": "dan yang di untuk dengan dalam ini itu pada dari ke tidak akan oleh adalah",
    }.items()
}
_CYRILLIC: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "ru": "и в не на что с по как к из за от это для о так же его но у или а при быть также которые",
        "uk": "і в на та що з до як не у для від це за його є при або але які також",
        "bg": "и на в за да се от с е че по като не са тази този които към или",
    }.items()
}
# Scripts that identify a language (or a small family) by themselves.
_SCRIPT_LANGUAGE: dict[str, str] = {
    "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "THAI": "th", "HANGUL": "ko", "HIRAGANA": "ja",
    "KATAKANA": "ja", "CJK": "zh", "ARMENIAN": "hy", "GEORGIAN": "ka", "DEVANAGARI": "hi",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SAMPLE = 60_000
_MIN_HITS = 5


def _script(char: str) -> str:
    """The script of a letter, by the first word of its Unicode name (LATIN, CYRILLIC, CJK…)."""
    try:
        return unicodedata.name(char).split()[0]
    except ValueError:
        return "UNKNOWN"


def _sample(text: str) -> str:
    """At most ``_SAMPLE`` characters from the beginning, the middle and the end of the text."""
    if len(text) <= _SAMPLE:
        return text
    third = _SAMPLE // 3
    middle = len(text) // 2
    return " ".join((text[:third], text[middle - third // 2 : middle + third // 2], text[-third:]))


def script_counts(text: str) -> Counter[str]:
    """How many letters of each script the text has (LATIN, CYRILLIC, GREEK…)."""
    return Counter(_script(ch) for ch in text if ch.isalpha())


def _cyrillic_language(words: list[str], letters: str) -> str:
    scores = {lang: sum(w in stop for w in words) for lang, stop in _CYRILLIC.items()}
    scores["ru"] += 3 * sum(letters.count(ch) for ch in "ыэё")
    scores["uk"] += 3 * sum(letters.count(ch) for ch in "іїєґ")
    scores["bg"] += letters.count("ъ")
    return max(scores, key=lambda lang: scores[lang])


def language_scores(text: str) -> dict[str, int]:
    """Stopword hits per language of the Latin script (for inspection and tie-breaking)."""
    words = [w.casefold() for w in _WORD.findall(_sample(text))]
    return {lang: sum(w in stop for w in words) for lang, stop in _LATIN.items()}


def identify_language(text: str) -> str | None:
    """The ISO 639-1 code of the language the text is written in, or None when it cannot tell.

    The dominant script decides for Greek, Arabic, Hebrew, Thai, Korean, Japanese, Chinese,
    Armenian, Georgian and Hindi; Cyrillic text is Russian, Ukrainian or Bulgarian by its small
    words and letters; Latin text is the language whose small words it uses most (English,
    Spanish, French, Portuguese, Italian, German, Dutch, Latvian, Lithuanian, Polish, Romanian,
    Czech, Swedish, Turkish, Indonesian). No external model: profiles of a few dozen words each.
    """
    sample = _sample(text)
    scripts = script_counts(sample)
    if not scripts:
        return None
    script, _ = scripts.most_common(1)[0]
    if script in _SCRIPT_LANGUAGE:
        if script == "CJK" and (scripts["HIRAGANA"] or scripts["KATAKANA"]):
            return "ja"
        return _SCRIPT_LANGUAGE[script]
    words = [w.casefold() for w in _WORD.findall(sample)]
    if script == "CYRILLIC":
        cyrillic = [w for w in words if _script(w[0]) == "CYRILLIC"]
        return _cyrillic_language(cyrillic, "".join(cyrillic)) if cyrillic else None
    if script != "LATIN":
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _LATIN.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= _MIN_HITS else None


# Languages lingua tells apart in prose (its n-gram models ship in the wheel; nothing is downloaded).
_LINGUA_CODES = ("en", "es", "pt", "fr", "de", "it", "nl", "ca", "ro", "pl", "sv", "lv", "lt", "cs", "tr", "id",
                 "ru", "uk", "bg", "el")
_PROSE_SAMPLE = 20_000


@lru_cache(maxsize=1)
def _lingua() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in _LINGUA_CODES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of a prose text's language (lingua's n-gram models; our script and stop-word
    rules for the scripts and languages it is not asked about), or None when it cannot tell."""
    sample = _sample(text)[:_PROSE_SAMPLE]
    scripts = script_counts(sample[:5000])
    if not scripts:
        return None
    script, _ = scripts.most_common(1)[0]
    if script not in ("LATIN", "CYRILLIC", "GREEK"):
        return identify_language(sample)
    found = _lingua().detect_language_of(sample)
    if found is None:
        return identify_language(sample)
    return str(found.iso_code_639_1.name).lower()
