"""ITU profiles in the renderings they come in (rewrapped, flattened onto one line, other heading wording, title
case) keep every record and, above all, every strategy's status."""

from __future__ import annotations

import re
import textwrap

import pytest

from policyatlas.sources.itu import ItuProfileParser
from tests.conftest import need_shared

PARSER = ItuProfileParser()
PROFILES = ("United Kingdom.txt", "Mexico.txt")


def _text(name: str) -> str:
    data = need_shared(f"corpus/itu-cyberwellness/{name}").read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _title_case(line: str) -> str:
    return re.sub(r"^(\d(?:\.\d)*\.?\s+)([A-Z &/-]+)$", lambda m: m.group(1) + m.group(2).title(), line.strip())


def _variants(text: str) -> dict[str, str]:
    lines = [line.strip() for line in text.splitlines()]
    renamed = text.replace("1.3.1 POLICY", "1.3.1 NATIONAL CYBERSECURITY STRATEGY").replace(
        "ROADMAP FOR GOVERNANCE", "GOVERNANCE ROADMAP").replace("RESPONSIBLE AGENCY", "LEAD AGENCY")
    variants = {f"wrapped-{width}": "\n".join(piece for line in lines for piece in (textwrap.wrap(line, width) or [""]))
                for width in (33, 60)}
    variants["flattened"] = " ".join(line for line in lines if line)
    variants["other-headings"] = renamed
    variants["other-headings-flattened"] = " ".join(line.strip() for line in renamed.splitlines() if line.strip())
    variants["title-case"] = "\n".join(_title_case(line) for line in text.splitlines())
    variants["title-case-flattened"] = " ".join(_title_case(line) for line in text.splitlines() if line.strip())
    variants["crlf"] = text.replace("\n", "\r\n")
    return variants


def _summary(text: str) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.title, r.status) for r in PARSER.parse(text.encode(), "profile.txt").records]


@pytest.mark.parametrize("name", PROFILES)
def test_itu_variants_give_the_same_records_and_statuses(name: str) -> None:
    text = _text(name)
    expected = _summary(text)
    strategies = [r for r in expected if r[0] == "strategy"]
    assert strategies and all(status is not None for _, _, status in strategies)
    for variant, rendering in _variants(text).items():
        assert PARSER.detect(rendering.encode(), "profile.txt"), variant
        assert _summary(rendering) == expected, variant


def test_itu_wrapped_list_items_are_joined() -> None:
    text = ("CYBERWELLNESS PROFILE CHILE\n1.1.1 CRIMINAL LEGISLATION\nSpecific legislation on\ncybercrime has been\n"
            "enacted through the\nfollowing instruments:\n-Law on the Protection of\nPrivate Life\n-Law on Electronic\n"
            "Documents and Signatures\n1.3.1 POLICY\nChile is in the process\nof drafting a national\nstrategy.\n")
    records = PARSER.parse(text.encode(), "cl.txt").records
    assert [(r.kind, r.title, r.status) for r in records] == [
        ("law", "Law on the Protection of Private Life", "in_force"),
        ("law", "Law on Electronic Documents and Signatures", "in_force"),
        ("strategy", "National cybersecurity strategy", "in_progress"),
    ]
