"""Country codes as publishers write them: ISO 3166 alpha-2/alpha-3 and the non-ISO codes some still use."""

from __future__ import annotations

from dataclasses import dataclass

from policyatlas.model.country import get_country

#: Three-letter codes that are not (or no longer) ISO 3166-1 alpha-3 but that published lists use, to the
#: ISO alpha-2 code of the country they stand for there, with why. ``SCG`` and ``YUG`` named unions that no
#: longer exist; lists that still use them (the Paris Call site's code table) mean Serbia by them.
LEGACY_CODES: dict[str, tuple[str, str]] = {
    "ROM": ("RO", "ROM is Romania's pre-2002 code (ISO: ROU)"),
    "SCG": ("RS", "SCG was Serbia and Montenegro's code, withdrawn in 2006; read as Serbia (ISO: SRB)"),
    "YUG": ("RS", "YUG was Yugoslavia's code, withdrawn in 2003; read as Serbia (ISO: SRB)"),
    "MTG": ("ME", "MTG is not an ISO code; used for Montenegro (ISO: MNE)"),
    "ZAR": ("CD", "ZAR was Zaire's code, withdrawn in 1997 (ISO: COD)"),
    "TMP": ("TL", "TMP was East Timor's code, withdrawn in 2002 (ISO: TLS)"),
    "KSV": ("XK", "KSV is not an ISO code; used for Kosovo (XKX)"),
    "UNK": ("XK", "UNK is the UN's code for Kosovo (XKX)"),
}


@dataclass(frozen=True)
class CodeReading:
    """What a code says: the alpha-2 code of its country (None when unknown) and, for a non-ISO code, why."""

    code: str | None
    note: str | None = None


def read_code(value: str) -> CodeReading:
    """The country a two- or three-letter code stands for, ISO or one of ``LEGACY_CODES``."""
    text = value.strip().upper()
    if text in LEGACY_CODES:
        code, note = LEGACY_CODES[text]
        return CodeReading(code, note)
    if len(text) in (2, 3) and text.isalpha():
        country = get_country(text)
        if country is not None:
            return CodeReading(country.code)
    return CodeReading(None)
