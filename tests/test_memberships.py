"""Memberships: the Paris Call's supporter files and statements that name an initiative's members in prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyatlas.model.dates import FuzzyDate
from policyatlas.sources import detect_parser
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.memberships import MemberStatementParser, ParisCallSupporterParser
from policyatlas.sources.memberships.codes import read_code
from policyatlas.sources.memberships.statements import find_member_lists, organisation_key
from tests.conftest import need_shared

SUPPORTER = """---
name: "{name}"
category: {category}
nature: "{nature}"
nationality: {code}
{extra}---
{text}"""


def _supporter(name: str, category: str, code: str, *, nature: str = "", extra: str = "", text: str = "") -> bytes:
    return SUPPORTER.format(name=name, category=category, code=code, nature=nature, extra=extra,
                            text=text).encode()


@pytest.mark.parametrize(("name", "code", "iso"), [
    ("Roumanie", "ROM", "RO"), ("Serbie", "SCG", "RS"), ("Monténégro", "MTG", "ME"), ("Allemagne", "DEU", "DE"),
    ("États-Unis", "USA", "US"),
])
def test_paris_call_state_is_a_membership_of_the_state(name: str, code: str, iso: str) -> None:
    data = _supporter(name, "state", code, nature="UE ")
    parser = ParisCallSupporterParser()
    assert parser.detect(data, "x.md") and detect_parser(data, "x.md").kind == "paris-call-supporter"
    parsed = parser.parse(data, "x.md")
    (record,) = parsed.records
    assert (record.kind, record.country, record.section) == ("membership", iso, "Membership")
    assert record.title == "Paris Call for Trust and Security in Cyberspace"
    assert record.date == FuzzyDate.unknown() and "no signing date" in (record.date_note or "")
    assert record.attributes["organisation"] == "paris-call" and record.line_start == 2
    assert (len(parsed.warnings) == 1) == (code in ("ROM", "SCG", "MTG"))  # the non-ISO codes are named


def test_paris_call_signing_date_is_kept_to_the_day() -> None:
    data = _supporter("Tunisie", "state", "TUN", extra='website: "https://www.diplomatie.gov.tn"\n'
                      "date_signed: 2019-11-11\n")
    (record,) = ParisCallSupporterParser().parse(data, "x.md").records
    assert record.date == FuzzyDate("2019-11-11", "day") and record.date_note is None
    assert [link.url for link in record.links] == ["https://www.diplomatie.gov.tn"]


def test_paris_call_other_signatory_is_an_organisation_of_its_country() -> None:
    data = _supporter("Bod Commune", "public-authority", "ROM", nature="Collectivité locale ",
                      text="A statement of support, not copied.\n")
    (record,) = ParisCallSupporterParser().parse(data, "x.md").records
    assert (record.kind, record.country, record.title) == ("organization", "RO", "Bod Commune")
    assert record.attributes["supporter_category"] == "public-authority"
    assert record.attributes["nature"] == "Collectivité locale"
    assert record.description is None


def test_paris_call_unknown_state_is_a_warning_not_a_record() -> None:
    parsed = ParisCallSupporterParser().parse(_supporter("Atlantide", "state", "ATL"), "x.md")
    assert parsed.records == ()
    assert any("'ATL'" in w for w in parsed.warnings) and any("Atlantide" in w for w in parsed.warnings)


def test_paris_call_code_and_name_disagreeing_keeps_the_name_and_warns() -> None:
    parsed = ParisCallSupporterParser().parse(_supporter("Belgique", "state", "NLD"), "x.md")
    assert parsed.records[0].country == "BE" and "disagree" in parsed.warnings[0]


def test_paris_call_detection_needs_the_supporter_front_matter() -> None:
    parser = ParisCallSupporterParser()
    assert not parser.detect(b"---\ntitle: A blog post\ndate: 2020-01-01\n---\nText\n", "x.md")
    assert not parser.detect(b"---\nname: X\ncategory: recipe\nnature: soup\n---\n", "x.md")
    assert parser.detect(b'---\nname: "European Union"\ncategory: public-authority\nnature: ""\n---\n', "x.md")


@pytest.mark.parametrize(("code", "iso"), [("ROU", "RO"), ("ROM", "RO"), ("XKX", "XK"), ("ro", "RO"), ("ZZZ", None)])
def test_read_code_knows_iso_and_legacy_codes(code: str, iso: str | None) -> None:
    assert read_code(code).code == iso


STATEMENT = """---
date: '2031-06-02'
source_url: https://example.org/statements/2031/ocean-cyber-pact
title: "Ocean Cyber Pact 2031 Joint\\_Statement"
---

The 9 members of the Ocean Cyber Pact (OCP)\u2014Chile, the Republic of
Korea, Fiji, the Netherlands, Trinidad and Tobago, St. Kitts and Nevis,
the Pacific Islands Forum, Vanuatu, and New Zealand\u2014met in Suva.
Previously participating members welcomed Fiji and Vanuatu as new OCP members.
Representatives of the private sector also attended.
"""


def test_member_statement_reads_the_prose_list() -> None:
    data = STATEMENT.encode()
    parser = MemberStatementParser()
    assert parser.detect(data, "s.md") and detect_parser(data, "s.md").kind == "member-statement"
    parsed = parser.parse(data, "s.md")
    by_country = {r.country: r for r in parsed.records}
    assert set(by_country) == {"CL", "KR", "FJ", "NL", "TT", "KN", "VU", "NZ"}
    assert parsed.warnings == ()  # 8 states and a body make the 9 members; "the private sector" is no list
    assert by_country["FJ"].date == FuzzyDate("2031", "year") and by_country["FJ"].attributes["new_member"]
    assert by_country["CL"].date is None and "2031-06-02" in (by_country["CL"].date_note or "")
    assert by_country["KR"].line_start == 7 and by_country["NZ"].line_start == 9
    first = parsed.records[0]
    assert (first.title, first.acronym, first.attributes["organisation"]) == ("Ocean Cyber Pact", "OCP",
                                                                               "ocean-cyber-pact")
    assert first.attributes["non_state_members"] == ["Pacific Islands Forum"]
    assert parsed.as_of == FuzzyDate("2031-06-02", "day") and parsed.url.endswith("ocean-cyber-pact")
    assert parsed.title == "Ocean Cyber Pact 2031 Joint Statement"


def test_member_statement_names_what_it_cannot_read() -> None:
    text = ("We the Ministers and Representatives of Chile, Peru, Narnia, Bolivia, Ecuador and Uruguay "
            "recognize the Andean Cyber Initiative as essential.\n")
    parsed = MemberStatementParser().parse(text.encode(), "s.txt", ParseOptions(published=FuzzyDate("2030", "year")))
    assert {r.country for r in parsed.records} == {"CL", "PE", "BO", "EC", "UY"}
    assert any("'Narnia'" in w for w in parsed.warnings)


def test_member_statement_without_a_date_says_so() -> None:
    text = "The members of the Andean Cyber Initiative\u2014Chile, Peru, Bolivia, Ecuador, Colombia\u2014met.\n"
    parsed = MemberStatementParser().parse(text.encode(), "s.txt")
    assert len(parsed.records) == 5 and any("no date" in w for w in parsed.warnings)


def test_member_statement_is_not_claimed_for_prose_without_a_member_list() -> None:
    text = ("The Ministry presented its national cybersecurity strategy. Partners from Chile and Peru attended "
            "the Andean Cyber Initiative workshop.\n") * 20
    assert not MemberStatementParser().detect(text.encode(), "x.txt")


def test_find_member_lists_handles_a_missing_space_and_double_spaces() -> None:
    text = ("This year, the initiative welcomed 2 new members\u2014Chad and  Denmark\u2014who joined along "
            "withAlbania, Austria,  and the United States.")
    lists = find_member_lists(text)
    assert [(m.kind, [n.code for n in m.names]) for m in lists] == [("new", ["TD", "DK"]),
                                                                     ("members", ["AL", "AT", "US"])]


def test_organisation_key_ignores_an_international_prefix() -> None:
    assert organisation_key("International Counter Ransomware Initiative") == organisation_key(
        "Counter Ransomware Initiative") == "counter-ransomware-initiative"


def test_paris_call_corpus_states_are_the_81_listed() -> None:
    folder = need_shared("corpus/memberships/paris-call/_supporters")
    parser = ParisCallSupporterParser()
    states = {}
    for path in sorted(folder.glob("*-state-*.md")):
        parsed = parser.parse(path.read_bytes(), str(path))
        (record,) = parsed.records
        states[record.country] = record
    assert len(states) == 81 and {"RO", "RS", "ME", "US", "FR"} <= set(states)
    assert states["KH"].date == FuzzyDate("2020-02-27", "day")
    assert not {"BR", "CN", "RU", "IN"} & set(states)


def test_counter_ransomware_statements_name_their_members() -> None:
    folder = need_shared("corpus/memberships/counter-ransomware-initiative")
    parser = MemberStatementParser()
    by_year: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*joint-statement*.md")):
        parsed = parser.parse(path.read_bytes(), str(path))
        assert parsed.warnings == ()
        by_year[str(parsed.as_of.value)[:4] if parsed.as_of else ""] = {r.country or "" for r in parsed.records}
    assert [len(by_year[y]) for y in ("2021", "2022", "2023", "2024")] == [31, 36, 48, 62]
    assert by_year["2022"] - by_year["2021"] == {"AT", "BE", "HR", "NO", "ES"}
    assert {"MD", "VN", "CM"} <= by_year["2024"] - by_year["2023"]


def test_member_statement_corpus_files_are_detected(tmp_path: Path) -> None:
    folder = need_shared("corpus/memberships/counter-ransomware-initiative")
    kinds = {p.name[:30]: detect_parser(p.read_bytes(), p.name).kind for p in sorted(folder.glob("*.md"))}
    assert sum(kind == "member-statement" for kind in kinds.values()) == 6  # the 2022 fact sheet lists no members
