"""NAICS industry codes (as VERIS records give them) and the readable sector each belongs to."""

from __future__ import annotations

import re

#: The 2-digit sectors of the North American Industry Classification System (2017/2022 editions).
SECTORS: dict[str, str] = {
    "11": "Agriculture, Forestry, Fishing and Hunting",
    "21": "Mining, Quarrying, and Oil and Gas Extraction",
    "22": "Utilities",
    "23": "Construction",
    "31": "Manufacturing",
    "32": "Manufacturing",
    "33": "Manufacturing",
    "42": "Wholesale Trade",
    "44": "Retail Trade",
    "45": "Retail Trade",
    "48": "Transportation and Warehousing",
    "49": "Transportation and Warehousing",
    "51": "Information",
    "52": "Finance and Insurance",
    "53": "Real Estate and Rental and Leasing",
    "54": "Professional, Scientific, and Technical Services",
    "55": "Management of Companies and Enterprises",
    "56": "Administrative and Support and Waste Management and Remediation Services",
    "61": "Educational Services",
    "62": "Health Care and Social Assistance",
    "71": "Arts, Entertainment, and Recreation",
    "72": "Accommodation and Food Services",
    "81": "Other Services (except Public Administration)",
    "92": "Public Administration",
}

# A code as data sets write it: "921110", "5182", "48-49", 921110 or 921110.0.
_CODE = re.compile(r"(\d{2,6})(?:\.0+)?|(\d{2})-(\d{2})")


def clean_naics(code: object) -> str | None:
    """The code as a string of digits ("48-49" kept as a range), or None when it is no NAICS code.

    Numbers (``921110``, ``921110.0``) become their digits; "000" and other all-zero codes, the
    VERIS way of saying the industry is unknown, give None, as do blanks and text.
    """
    if isinstance(code, bool) or code is None:
        return None
    if isinstance(code, float):
        if not code.is_integer():
            return None
        code = int(code)
    text = str(code).strip()
    match = _CODE.fullmatch(text)
    if match is None:
        return None
    digits = match.group(1)
    if digits is None:
        return f"{match.group(2)}-{match.group(3)}"
    return None if not digits.strip("0") else digits


def naics_sector(code: object) -> str | None:
    """The readable 2-digit sector of a NAICS code ("92" → "Public Administration",
    "518210" → "Information"), or None for unknown codes ("000") and prefixes NAICS does not use."""
    cleaned = clean_naics(code)
    return SECTORS.get(cleaned[:2]) if cleaned else None
