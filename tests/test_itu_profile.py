"""The ITU Cyberwellness profile parser: the corpus excerpts, the complete UK profile and hand-made profiles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from policyatlas.errors import InputError, ParseError
from policyatlas.model.record import EXTENDED_KINDS, KINDS, STATUSES, ParsedSource, Record
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.itu.claims import classify
from policyatlas.sources.itu.parser import ItuProfileParser
from tests.conftest import need_shared

PARSER = ItuProfileParser()
REPO = Path(__file__).resolve().parents[1]
CORPUS = "corpus/itu-cyberwellness"

# (section number, kind, title, status) of records each corpus file must give, and the section
# its truncation warning names (None for the complete UK profile).
Expected = tuple[str, str, str, str | None]
CORPUS_FILES: dict[str, tuple[str, str | None, list[Expected]]] = {
    "Chile.txt": ("CL", "1.3.3 Responsible Agency", [
        ("1.1.1", "law", "Law on Cybercrime", "in_force"),
        ("1.1.2", "law", "Law on Personal Data Protection", "in_force"),
        ("1.1.2", "law", "Law on Electronic Documents and Digital Signature", "in_force"),
        ("1.2.1", "cert", "CLCERT", "exists"),
        ("1.2.2", "standard", "Supreme Decree No. 1299", "exists"),
        ("1.2.3", "certification", "Cybersecurity certification framework", None),
        ("1.3.1", "strategy", "National cybersecurity strategy", "absent"),
        ("1.3.2", "strategy", "National governance roadmap for cybersecurity", "absent"),
    ]),
    "Colombia.txt": ("CO", "1.3.1 Policy", [
        ("1.1.1", "law", "Criminal Code (Protection of Information and Data)", "in_force"),
        ("1.1.2", "law", "Statutory Law 1266", "in_force"),
        ("1.1.2", "law", "Statutory Law 1581", "in_force"),
        ("1.1.2", "law", "Decree 1377 of 2013", "in_force"),
        ("1.1.2", "law", "Statutory Law 1621", "in_force"),
        ("1.2.1", "cert", "CSIRT-CCIT", "exists"),
        ("1.2.2", "standard", "National cybersecurity standards framework", "exists"),
        ("1.2.3", "certification", "Cybersecurity certification framework", "absent"),
    ]),
    "Egypt.txt": ("EG", "1.3.1 Policy", [
        ("1.1.1", "law", "Penal Code", "in_force"),
        ("1.1.1", "law", "Intellectual Property Law", "in_force"),
        ("1.1.1", "law", "Telecomm Act", "in_force"),
        ("1.1.1", "law", "E-Signature Law", "in_force"),
        ("1.1.1", "law", "Child Act", "in_force"),
        ("1.1.2", "law", "E-Signature Regulation", "in_force"),
        ("1.2.1", "cert", "EG-CERT", "exists"),
        ("1.2.2", "standard", "National cybersecurity standards framework", "in_progress"),
        ("1.2.3", "certification", "ISO 27000", "exists"),
    ]),
    "Japan.txt": ("JP", "1.3.1 Policy", [
        ("1.1.1", "law", "Unauthorized Computer Access Law 2000", "in_force"),
        ("1.1.2", "law", "Electronically Recorded Monetary Claims Act", "in_force"),
        ("1.1.2", "law", "Telecommunications Business Law", "in_force"),
        ("1.1.2", "law", "Act on Regulation of Transmission of Specified Electronic Mail", "in_force"),
        ("1.1.2", "law", "Act on the Protection of Personal Information", "in_force"),
        ("1.1.2", "law", "Law Concerning Electronic Signatures and Certification Business", "in_force"),
        ("1.1.2", "law", "Basic Act on the Formation of an Advanced Information and Telecommunications Network Society",
         "in_force"),
        ("1.2.1", "cert", "JPCERT/CC", "exists"),
        ("1.2.2", "standard", "Technical Standards for Information Security Measures for the Central Government "
         "Computer Systems", "exists"),
        ("1.2.3", "certification", "Management Standards for Information Security Measures for the Central "
         "Government Computer Systems", "exists"),
        ("1.3.1", "strategy", "Basic Policy of Critical Information Infrastructure Protection and Information "
         "Security Strategy for Protecting the Nation", "exists"),
    ]),
    "Mexico.txt": ("MX", "1.4.1 Standardisation Development", [
        ("1.1.1", "law", "Federal Criminal Code", "in_force"),
        ("1.1.2", "law", "Law on Advanced Electronic Signatures", "in_force"),
        ("1.2.1", "cert", "CERT-MX", "exists"),
        ("1.2.2", "standard", "ISO standard 207001", "exists"),
        ("1.2.3", "certification", "Cybersecurity certification framework", "absent"),
        ("1.3.1", "strategy", "National Strategy for Information Security", "in_progress"),
        ("1.3.2", "strategy", "National governance roadmap for cybersecurity", "absent"),
        ("1.3.3", "agency", "Federal Police of Mexico", "exists"),
        ("1.3.4", "benchmarking", "National cybersecurity benchmarking", "absent"),
    ]),
    "Uruguay.txt": ("UY", "1.3 Organization Measures", [
        ("1.1.1", "law", "Forgery of electronic documents. Article 4 of Act. 18. 600", "in_force"),
        ("1.1.1", "law", "Attack on the regularity of telecommunications. Act. 18.383", "in_force"),
        ("1.1.1", "law", "Intellectual Property Offenses and related rights. Act 17.616", "in_force"),
        ("1.1.1", "law", "Fraud. Article 160 and 347 of the Criminal Code", "in_force"),
        ("1.1.1", "law", "Child Pornography. Act 17.815", "in_force"),
        ("1.1.2", "law", "Regulatory Framework on Cybersecurity. Decree 92/014", "in_force"),
        ("1.1.2", "law", "Policy on Information Security in Public Sector. Decree 452/09", "in_force"),
        ("1.1.2", "law", "EU Commission decision on the adequate protection ofpersonal data by Uruguay", "in_force"),
        ("1.2.1", "cert", "CERTuy", "exists"),
        ("1.2.2", "standard", "Regulatory Framework on Cybersecurity", "exists"),
        ("1.2.3", "certification", "Cybersecurity certification framework", "absent"),
    ]),
    "United Kingdom.txt": ("GB", None, [
        ("1.1.1", "law", "Computer Misuse Act", "in_force"),
        ("1.2.1", "cert", "National CIRT", "in_progress"),
        ("1.3.1", "strategy", "National cybersecurity strategy", "exists"),
        ("2.4", "child_online_protection", "Reporting mechanism for child online protection", "exists"),
    ]),
}


def _parse_corpus(name: str) -> tuple[Path, ParsedSource]:
    path = need_shared(f"{CORPUS}/{name}")
    return path, PARSER.parse(path.read_bytes(), str(path))


def _key(record: Record) -> Expected:
    return (record.section.split()[0].rstrip("."), record.kind, record.title, record.status)


def _span(parsed: ParsedSource, record: Record) -> str:
    lines = parsed.text.splitlines()
    return " ".join(" ".join(lines[record.line_start - 1 : record.line_end]).split())


def _assert_spans_point_at_records(parsed: ParsedSource) -> None:
    for record in parsed.records:
        assert 1 <= record.line_start <= record.line_end <= len(parsed.text.splitlines())
        span = _span(parsed, record)
        if record.title.casefold() not in span.casefold():  # a name the section gives, not the text
            assert record.description is not None and record.description[:40] in span, (record.title, span)
        if record.description and record.kind not in {"cert", "law", "partnership"}:
            first_line = " ".join(parsed.text.splitlines()[record.line_start - 1].split())
            assert record.description[:20] in first_line, (record.title, first_line)


def _assert_vocabulary(parsed: ParsedSource) -> None:
    for record in parsed.records:
        assert record.kind in KINDS + EXTENDED_KINDS
        assert record.status is None or record.status in STATUSES
        assert record.country == parsed.country
        assert re.fullmatch(r"[12](?:\.\d){0,2}\.? [A-Z].*", record.section), record.section


def test_itu_corpus_folder_is_covered() -> None:
    folder = need_shared(CORPUS)
    assert {p.name for p in folder.glob("*.txt")} == set(CORPUS_FILES)


@pytest.mark.parametrize("name", sorted(CORPUS_FILES))
def test_itu_corpus_file_parses_with_its_records(name: str) -> None:
    code, truncated_in, expected = CORPUS_FILES[name]
    path, parsed = _parse_corpus(name)
    assert PARSER.detect(path.read_bytes(), path.name)
    assert (parsed.format, parsed.country, parsed.lineage, parsed.language, parsed.media_type) == (
        "itu-profile", code, f"itu-profile/{code}", "en", "text/plain")
    assert parsed.title is not None and parsed.title.startswith("ITU Cyberwellness Profile: ")
    keys = [_key(r) for r in parsed.records]
    for item in expected:
        assert item in keys, item
    _assert_spans_point_at_records(parsed)
    _assert_vocabulary(parsed)
    if truncated_in is None:
        assert parsed.warnings == ()
    else:
        assert len(parsed.warnings) == 1
        assert "truncated" in parsed.warnings[0] and truncated_in in parsed.warnings[0]
        assert parsed.as_of is None


@pytest.mark.parametrize("name", ["Chile.txt", "Colombia.txt", "Egypt.txt", "Mexico.txt"])
def test_itu_corpus_unfinished_sentence_is_left_out(name: str) -> None:
    _, parsed = _parse_corpus(name)
    cut = [r for r in parsed.records if r.section == CORPUS_FILES[name][1]]
    assert cut == []  # the section the excerpt stops in has only an unfinished sentence
    for record in parsed.records:
        text = " ".join([record.title, record.description or ""])
        assert "advertisement" not in text and "CYBERWELLNESS" not in text


def test_itu_corpus_dates_and_acronyms() -> None:
    _, japan = _parse_corpus("Japan.txt")
    dates = {r.title: [(d.value, d.precision) for d in r.dates] for r in japan.records}
    assert dates["Unauthorized Computer Access Law 2000"] == [("2000", "year")]
    assert dates["Technical Standards for Information Security Measures for the Central Government Computer "
                 "Systems"] == [("2012-04", "month")]
    assert dates["Basic Policy of Critical Information Infrastructure Protection and Information Security Strategy "
                 "for Protecting the Nation"] == [("2015", "year")]
    assert "inside a section heading ('1.3')" in japan.warnings[0]
    _, uruguay = _parse_corpus("Uruguay.txt")
    assert "inside a section heading ('1.3.1 P')" in uruguay.warnings[0]
    assert all(r.line_start == r.line_end == 1 for r in uruguay.records)  # the flattened excerpt
    years = [r.date.value for r in uruguay.records if r.section.startswith("1.1.1") and r.date]
    assert years == ["2009", "2008", "2003", "2004"]
    _, mexico = _parse_corpus("Mexico.txt")
    ensi = next(r for r in mexico.records if r.kind == "strategy" and r.status == "in_progress")
    assert ensi.acronym == "ENSI"


# -- the complete profile: United Kingdom (GB18030 bytes) ------------------------------------------

@pytest.fixture(scope="module")
def uk() -> ParsedSource:
    return _parse_corpus("United Kingdom.txt")[1]


def _by_section(parsed: ParsedSource, number: str) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.title, r.status) for r in parsed.records if r.section.split()[0].rstrip(".") == number]


def test_itu_uk_metadata_and_encoding(uk: ParsedSource) -> None:
    path = need_shared(f"{CORPUS}/United Kingdom.txt")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert "United Kingdom’s National Technical Authority" in uk.text and "§48-§50" in uk.text
    assert uk.as_of is not None and (uk.as_of.value, uk.as_of.precision) == ("2014-08-12", "day")
    assert (uk.title, uk.publisher) == ("ITU Cyberwellness Profile: United Kingdom",
                                        "International Telecommunication Union (ITU)")


def test_itu_uk_laws(uk: ParsedSource) -> None:
    # Line numbers count as str.splitlines() does: the file's two form feeds (page breaks) are line breaks too.
    assert uk.text.count("\x0c") == 2
    laws = [(r.section, r.title, r.status, [(d.value, d.precision) for d in r.dates], r.line_start)
            for r in uk.records if r.kind == "law"]
    assert laws == [
        ("1.1.1 Criminal Legislation", "Computer Misuse Act", "in_force", [("1990", "year")], 53),
        ("1.1.1 Criminal Legislation", "Data Protection Act", "in_force", [("1998", "year")], 55),
        ("1.1.1 Criminal Legislation", "Fraud Act", "in_force", [], 57),
        ("1.1.2 Regulation and Compliance", "OFCOM Telecom Regulation", "in_force", [], 72),
        ("1.1.2 Regulation and Compliance", "Info Commissioner Regulation", "in_force", [], 74),
        ("2.1 National Legislation", "§48-§50 of the Sexual Offences Act", "in_force", [], 261),
        ("2.1 National Legislation", "§1 of the Protection of Children Act", "in_force", [], 263),
        ("2.1 National Legislation", "§63 of the Criminal Justice and Immigration Act", "in_force", [], 265),
        ("2.1 National Legislation", "§1 of the Malicious Communications Act", "in_force", [], 267),
    ]
    assert all(r.attributes["area"] == "child_online_protection" for r in uk.records if r.section.startswith("2.1"))


def test_itu_uk_cirts(uk: ParsedSource) -> None:
    certs = [r for r in uk.records if r.kind == "cert"]
    assert [(r.title, r.status, r.line_start, r.line_end) for r in certs] == [
        ("National CIRT", "in_progress", 91, 91), ("CSIRTUK", "exists", 93, 93),
        ("GovCertUK", "exists", 97, 97), ("MODCERT", "exists", 101, 101)]
    assert certs[0].attributes["target_date"] == {"value": "2014", "precision": "year", "end": None}
    assert certs[0].dates == ()  # a planned date is not the date of the CIRT
    assert [link.url for link in certs[1].links] == ["mailto:csirtuk@cpni.gsi.gov.uk"]
    assert [link.url for link in certs[3].links] == ["mailto:cert@cert.mod.uk"]
    assert certs[1].description == "Critical Infrastructure"


def test_itu_uk_organization_and_technical_sections(uk: ParsedSource) -> None:
    assert _by_section(uk, "1.2.2") == [("standard", "Common Criteria", "exists")]
    assert _by_section(uk, "1.2.3") == [("certification", "Institute of Information Security Professionals", "exists")]
    assert _by_section(uk, "1.3.1") == [("strategy", "National cybersecurity strategy", "exists")]
    assert _by_section(uk, "1.3.2") == [("strategy", "National governance roadmap for cybersecurity", "exists")]
    assert _by_section(uk, "1.3.3") == [("agency", "Office of Cybersecurity and Information Assurance", "exists")]
    assert _by_section(uk, "1.3.4") == [("benchmarking", "National cybersecurity benchmarking", "exists")]
    by_title = {r.title: r for r in uk.records}
    strategy = by_title["National cybersecurity strategy"]
    assert [(d.value, d.precision) for d in strategy.dates] == [("2011", "year")]
    assert strategy.extra["document_type"] == "strategy"
    assert by_title["National governance roadmap for cybersecurity"].extra["document_type"] == "roadmap"
    agency = by_title["Office of Cybersecurity and Information Assurance"]
    assert (agency.acronym, agency.line_start, agency.line_end) == ("OCSIA", 145, 146)
    assert [(a.name, a.role) for a in by_title["National cybersecurity benchmarking"].actors] == [
        ("OCSIA", "responsible")]
    assert [(a.name, a.role) for a in by_title["Common Criteria"].actors] == [("United Kingdom", "member")]
    assert by_title["Institute of Information Security Professionals"].acronym == "IISP"


def test_itu_uk_capacity_building_and_cooperation(uk: ParsedSource) -> None:
    assert _by_section(uk, "1.4.1") == [
        ("capacity_building", "Cybersecurity standardisation research and development", "absent")]
    assert _by_section(uk, "1.4.2") == [("capacity_building", "Getsafeonline", "exists")]
    assert _by_section(uk, "1.4.3") == [("certification", "Certification of public sector professionals", "exists")]
    assert _by_section(uk, "1.4.4") == [("certification", "National Technical Authority for Information Assurance",
                                         "exists")]
    assert _by_section(uk, "1.5.1") == [("partnership", name, "exists") for name in (
        "ITU", "ENISA", "TRUSTED Introducer", "European CERT Group", "NATO")]
    assert _by_section(uk, "1.5.2") == [("cooperation", "Intra-agency cybersecurity cooperation", "exists")]
    assert _by_section(uk, "1.5.3") == [("partnership", "cyber information security partnership", "exists")]
    assert _by_section(uk, "1.5.4") == [("cooperation", "International cybersecurity cooperation", "exists"),
                                        ("membership", "FIRST", "exists")]
    first = next(r for r in uk.records if r.kind == "membership")
    assert [(a.name, a.role) for a in first.actors] == [("GovCertUK", "member")]
    assert (first.line_start, first.line_end) == (243, 243)
    assert next(r for r in uk.records if r.title == "cyber information security partnership").acronym == "CISP"


def test_itu_uk_child_online_protection(uk: ParsedSource) -> None:
    cop = [(r.section, r.title, r.status, r.acronym) for r in uk.records if r.kind == "child_online_protection"]
    assert cop == [
        ("2.2 UN Convention and Protocol", "Convention on the Rights of the Child", "in_force", None),
        ("2.2 UN Convention and Protocol", "Optional Protocol to The Convention on the Rights of the Child on the Sale "
         "of Children, Child Prostitution and Child Pornography", "in_force", None),
        ("2.3 Institutional Support", "Child Exploitation and Online Protection", "exists", "CEOP"),
        ("2.4 Reporting Mechanism", "Reporting mechanism for child online protection", "exists", None),
    ]
    assert all(r.extra["pillar"] == "2. Child Online Protection" for r in uk.records if r.section.startswith("2."))


def test_itu_uk_closing_notes_are_not_content(uk: ParsedSource) -> None:
    last = uk.records[-1]
    assert last.description is not None and last.description.endswith("01242 709311.")
    assert all("DISCLAIMER" not in (r.description or "") for r in uk.records)
    _assert_spans_point_at_records(uk)
    _assert_vocabulary(uk)


# -- hand-made profiles ------------------------------------------------------------------------------
# A fictional profile (facts invented for these tests) in the ITU layout, with the quirks of real
# copies: page chrome and a repeated page title, items wrapped over two lines, a list with dashes
# and one without, a contact line under a CIRT, and every status.
FICTIONAL = """\
CYBERWELLNESS PROFILE NEW ZEALAND

advertisement
CYBERWELLNESS PROFILE
NEW ZEALAND
BACKGROUND
Total Population: 4 500 000
(data source: a made-up statistics office, 2014)
1. CYBERSECURITY
1.1 LEGAL MEASURES
1.1.1 CRIMINAL LEGISLATION
Specific legislation on cybercrime has been enacted through the following instruments:
-Computer Offences Act 2009
-Act on the Protection of Personal Information and the Regulation of
Electronic Communications (2012)
- Online Fraud Act (Amendment
No. 2)
1.1.2 REGULATION AND COMPLIANCE
Specific legislation and regulation related to cybersecurity has been enacted through the following instruments:
Telecommunications Security Regulation 2015
Critical Infrastructure Protection Code of
Practice (March 2018)
Network Information Security Act
1.2 TECHNICAL MEASURES
1.2.1 CIRT
New Zealand has an officially recognized national CIRT known as KIWICERT. It has the following sector CIRTs:
-BANKCERT (Financial Sector)
- bankcert@example.org
-GRIDCERT (Energy Sector)
1.2.2 STANDARDS
There is no officially approved national framework for implementing internationally recognized cybersecurity
standards.
2
CYBERWELLNESS PROFILE
NEW ZEALAND
1.2.3 CERTIFICATION
The Board of Information Security Examiners (BISE) runs the national certification scheme for public sector
professionals.
1.3 ORGANIZATION MEASURES
1.3.1 POLICY
New Zealand is in the process of developing a national cybersecurity strategy.
1.3.2 ROADMAP FOR GOVERNANCE
There is no national governance roadmap for cybersecurity in New Zealand.
1.3.3 RESPONSIBLE AGENCY
The National Cyber Coordination Office (NCCO), part of the Ministry of Testing, is the officially recognized
agency responsible for implementing a national cybersecurity strategy, policy and roadmap.
1.4 CAPACITY BUILDING
1.4.1 STANDARDISATION DEVELOPMENT
New Zealand does not have any officially recognized national or sector-specific research and development
programs for cybersecurity standards.
1.4.2 MANPOWER DEVELOPMENT
Cybersafe Kiwis is a national program aimed at the general public to raise awareness about cybersecurity.
1.5 COOPERATION
1.5.1 INTRA-STATE COOPERATION
New Zealand has officially recognized partnerships with the following organizations:
-ITU
-Pacific CERT Forum
1.5.4 INTERNATIONAL COOPERATION
KIWICERT is a member of FIRST.
2. CHILD ONLINE PROTECTION
2.1 NATIONAL LEGISLATION
Specific legislation on child online protection has been enacted through the following instruments:
-Section 12 of the Films and Publications Act 1993.
2.2 UN CONVENTION AND PROTOCOL
New Zealand has ratified the Convention on the Rights of the Child.
2.3 INSTITUTIONAL SUPPORT
The Online Safety Unit (OSU) provides information on online safety for children and parents.
2.4 REPORTING MECHANISM
Harmful content can be reported on the website of the Online Safety Unit.
DISCLAIMER: Please refer to http://www.itu.int/en/Pages/copyright.aspx
Last updated on 3rd March 2015
"""

# (section, kind, title, status, dates, line_start, line_end) of every record of FICTIONAL, in order.
FICTIONAL_RECORDS: list[tuple[str, str, str, str | None, list[str], int, int]] = [
    ("1.1.1", "law", "Computer Offences Act 2009", "in_force", ["2009"], 13, 13),
    ("1.1.1", "law", "Act on the Protection of Personal Information and the Regulation of Electronic Communications",
     "in_force", ["2012"], 14, 15),
    ("1.1.1", "law", "Online Fraud Act (Amendment No. 2)", "in_force", [], 16, 17),
    ("1.1.2", "law", "Telecommunications Security Regulation 2015", "in_force", ["2015"], 20, 20),
    ("1.1.2", "law", "Critical Infrastructure Protection Code of Practice", "in_force", ["2018-03"], 21, 22),
    ("1.1.2", "law", "Network Information Security Act", "in_force", [], 23, 23),
    ("1.2.1", "cert", "KIWICERT", "exists", [], 26, 26),
    ("1.2.1", "cert", "BANKCERT", "exists", [], 27, 27),
    ("1.2.1", "cert", "GRIDCERT", "exists", [], 29, 29),
    ("1.2.2", "standard", "National cybersecurity standards framework", "absent", [], 31, 32),
    ("1.2.3", "certification", "Cybersecurity certification framework", "exists", [], 37, 38),
    ("1.3.1", "strategy", "National cybersecurity strategy", "in_progress", [], 41, 41),
    ("1.3.2", "strategy", "National governance roadmap for cybersecurity", "absent", [], 43, 43),
    ("1.3.3", "agency", "National Cyber Coordination Office", "exists", [], 45, 46),
    ("1.4.1", "capacity_building", "Cybersecurity standardisation research and development", "absent", [], 49, 50),
    ("1.4.2", "capacity_building", "Cybersafe Kiwis", "exists", [], 52, 52),
    ("1.5.1", "partnership", "ITU", "exists", [], 56, 56),
    ("1.5.1", "partnership", "Pacific CERT Forum", "exists", [], 57, 57),
    ("1.5.4", "membership", "FIRST", "exists", [], 59, 59),
    ("2.1", "law", "Section 12 of the Films and Publications Act 1993", "in_force", ["1993"], 63, 63),
    ("2.2", "child_online_protection", "Convention on the Rights of the Child", "in_force", [], 65, 65),
    ("2.3", "child_online_protection", "Online Safety Unit", "exists", [], 67, 67),
    ("2.4", "child_online_protection", "Reporting mechanism for child online protection", "exists", [], 69, 69),
]


def _summary(record: Record) -> tuple[Any, ...]:
    return (record.section.split()[0].rstrip("."), record.kind, record.title, record.status,
            [d.value for d in record.dates], record.line_start, record.line_end)


def test_itu_fictional_every_record() -> None:
    parsed = PARSER.parse(FICTIONAL.encode(), "nz.txt")
    assert [_summary(r) for r in parsed.records] == FICTIONAL_RECORDS
    assert (parsed.country, parsed.title, parsed.warnings) == ("NZ", "ITU Cyberwellness Profile: New Zealand", ())
    assert parsed.as_of is not None and (parsed.as_of.value, parsed.as_of.precision) == ("2015-03-03", "day")
    assert PARSER.detect(FICTIONAL.encode(), "nz.txt")
    _assert_spans_point_at_records(parsed)
    _assert_vocabulary(parsed)


def test_itu_fictional_details() -> None:
    by_title = {r.title: r for r in PARSER.parse(FICTIONAL.encode(), "nz.txt").records}
    assert [link.url for link in by_title["BANKCERT"].links] == ["mailto:bankcert@example.org"]
    assert by_title["BANKCERT"].description == "Financial Sector"
    assert by_title["National Cyber Coordination Office"].acronym == "NCCO"
    assert [(a.name, a.role) for a in by_title["FIRST"].actors] == [("KIWICERT", "member")]
    assert [(a.name, a.role) for a in by_title["Cybersecurity certification framework"].actors] == [
        ("Board of Information Security Examiners", "responsible")]
    assert by_title["Cybersafe Kiwis"].attributes == {"area": "manpower_development"}
    # the page number and the repeated page title between 1.2.2 and 1.2.3 are chrome
    assert by_title["National cybersecurity standards framework"].description == (
        "There is no officially approved national framework for implementing internationally recognized "
        "cybersecurity standards.")


def test_itu_fictional_flattened_to_one_line_gives_the_same_records() -> None:
    flat = " ".join(FICTIONAL.splitlines())
    parsed = PARSER.parse(flat.encode(), "nz-flat.txt")
    assert len(parsed.text.splitlines()) == 1 and parsed.warnings == ()
    assert all(r.line_start == r.line_end == 1 for r in parsed.records)
    assert parsed.as_of == PARSER.parse(FICTIONAL.encode(), "nz.txt").as_of
    # Without line breaks a list without dashes cannot be told from a sentence: 1.1.2 becomes one record.
    same = [s[:5] for s in FICTIONAL_RECORDS if s[0] != "1.1.2"]
    assert [_summary(r)[:5] for r in parsed.records if not r.section.startswith("1.1.2")] == same
    regulation = [r for r in parsed.records if r.section.startswith("1.1.2")]
    assert [(r.kind, r.status) for r in regulation] == [("law", "in_force")]
    assert all("CYBERWELLNESS" not in (r.description or "") for r in parsed.records)


@pytest.mark.parametrize(("cut_after", "section", "kept", "dropped"), [
    ("Office (NCCO), part of the Ministry of Tes", "1.3.3 Responsible Agency",
     "National governance roadmap for cybersecurity", "National Cyber Coordination Office"),
    ("-Pacific CERT Fo", "1.5.1 Intra-State Cooperation", "ITU", "Pacific CERT Fo"),
    ("\n1.3.2 ROAD", "1.3.1 Policy", "National cybersecurity strategy", "National governance roadmap for cybersecurity"),
], ids=["mid-sentence", "mid-item", "mid-heading"])
def test_itu_truncated_profile_warns_and_keeps_what_is_complete(cut_after: str, section: str, kept: str,
                                                                dropped: str) -> None:
    text = FICTIONAL[: FICTIONAL.index(cut_after) + len(cut_after)]
    for form in (text, " ".join(text.splitlines())):
        parsed = PARSER.parse(form.encode(), "cut.txt")
        assert len(parsed.warnings) == 1
        assert "truncated" in parsed.warnings[0] and section in parsed.warnings[0]
        titles = [r.title for r in parsed.records]
        assert kept in titles and not any(t.startswith(dropped) for t in titles)
        assert parsed.as_of is None


def test_itu_truncated_after_sentence_still_warns() -> None:
    text = FICTIONAL[: FICTIONAL.index("1.3.2 ROADMAP")]
    parsed = PARSER.parse(text.encode(), "cut.txt")
    assert parsed.warnings and "1.3.1 Policy" in parsed.warnings[0] and "truncated" in parsed.warnings[0]
    assert parsed.records[-1].title == "National cybersecurity strategy"


def test_itu_unknown_heading_and_title_case_headings() -> None:
    text = ("CYBERWELLNESS PROFILE NEW ZEALAND\n1.4 CAPACITY BUILDING\n1.4.9 CYBER RANGE EXERCISES\n"
            "New Zealand runs a national cyber range.\n2.4 Reporting Mechanism\n"
            "Harmful content can be reported to the Online Safety Unit.\n")
    parsed = PARSER.parse(text.encode(), "x.txt")
    assert [(r.section, r.kind, r.status) for r in parsed.records] == [
        ("1.4.9 Cyber Range Exercises", "capacity_building", "exists"),
        ("2.4 Reporting Mechanism", "child_online_protection", "exists")]
    assert parsed.warnings == ()


def test_itu_country_from_options_when_title_is_missing() -> None:
    text = "1.1 LEGAL MEASURES\n1.1.1 CRIMINAL LEGISLATION\nThere is no specific legislation on cybercrime.\n"
    with pytest.raises(ParseError, match="which country"):
        PARSER.parse(text.encode(), "x.txt")
    parsed = PARSER.parse(text.encode(), "x.txt", ParseOptions(country="NZ"))
    assert parsed.country == "NZ" and [(r.kind, r.status) for r in parsed.records] == [("law", "absent")]


# -- bad input and detection -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Minutes of the meeting\n\n1. Introduction\nThe committee met on 3 May 2015.\n",
    "# Mexico\n\n## Cybersecurity Policy\n\n### Estrategia Nacional\n\n## Legal Framework\n\n### Ley X\n",
    "CYBERWELLNESS PROFILE NEW ZEALAND\nBACKGROUND\nTotal Population: 4 500 000\n",
    "format: policyatlas-dataset\nversion: 1\ncountry: UY\n",
], ids=["prose", "portal-profile", "title-only", "dataset"])
def test_itu_no_structure_is_a_parse_error(text: str) -> None:
    assert not PARSER.detect(text.encode(), "x.txt")
    with pytest.raises(ParseError, match="not an ITU Cyberwellness profile"):
        PARSER.parse(text.encode(), "x.txt")


def test_itu_headings_without_content_is_a_parse_error() -> None:
    text = "CYBERWELLNESS PROFILE NEW ZEALAND\n1. CYBERSECURITY\n1.1 LEGAL MEASURES\n1.1.1 CRIMINAL LEGISLATION\n2\n"
    with pytest.raises(ParseError, match="no readable section"):
        PARSER.parse(text.encode(), "x.txt")


def test_itu_unreadable_bytes_are_input_errors() -> None:
    for data in (b"", b"\x00\x01\x02binary", "1.1 LEGAL MEASURES".encode("utf-16")):
        assert not PARSER.detect(data, "x.bin")
        with pytest.raises(InputError):
            PARSER.parse(data, "x.bin")


def test_itu_detect_claims_no_other_material() -> None:
    shared = need_shared("corpus")
    others = [p for p in shared.rglob("*") if p.is_file() and "itu-cyberwellness" not in p.parts]
    others += [need_shared("seeds/000_f3d26c38aaf7f9de.txt"), need_shared("seeds/004_bf5bcae4742deaed.txt")]
    others += sorted((REPO / "data" / "curated").glob("*.yaml"))
    assert others
    assert [p for p in others if PARSER.detect(p.read_bytes(), p.name)] == []
    assert not PARSER.detect((shared / "itu-cyberwellness" / "SOURCES.md").read_bytes(), "SOURCES.md")


def test_itu_gb18030_bytes_decode() -> None:
    text = FICTIONAL.replace("on the website of the Online Safety Unit.", "on the Online Safety Unit’s website (§ 4).")
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    parsed = PARSER.parse(data, "nz-gb18030.txt")
    assert PARSER.detect(data, "nz-gb18030.txt")
    assert [_summary(r) for r in parsed.records] == FICTIONAL_RECORDS
    assert parsed.records[-1].description == "Harmful content can be reported on the Online Safety Unit’s website (§ 4)."


@pytest.mark.parametrize(("sentence", "kind", "status"), [
    ("There is no national governance roadmap for cybersecurity in Chile.", "strategy", "absent"),
    ("Colombia does not have any officially approved national frameworks.", "certification", "absent"),
    ("Chile is in the process of developing a national cybersecurity strategy.", "strategy", "in_progress"),
    ("Egypt is currently drafting an officially recognized national framework.", "standard", "in_progress"),
    ("United Kingdom will be establishing a national CIRT by end of 2014.", "cert", "in_progress"),
    ("Japan has officially recognized the Basic Policy as its strategy.", "strategy", "exists"),
    ("Mexico has a national CIRT known as CERT-MX.", "cert", "exists"),
    ("Specific legislation on cybercrime has been enacted through the following instruments:", "law", "in_force"),
    ("United Kingdom has acceded to the Convention on the Rights of the Child.", "child_online_protection",
     "in_force"),
    ("There is no information on any framework for certification.", "certification", "no_information"),
])
def test_itu_claims_status_of_a_sentence(sentence: str, kind: str, status: str) -> None:
    assert classify(sentence, kind) == status
